import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import { ClusterCondition } from '@hub-spoke/plugin-hub-spoke-common';
import { useMemo } from 'react';

/** The styles of the topology graph: frame, nodes, labels, zoom controls and legend. */
export const useGraphStyles = makeStyles((theme: Theme) => ({
  root: {
    position: 'relative',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.background.default,
    overflow: 'hidden',
  },
  svg: {
    display: 'block',
    width: '100%',
    height: 560,
    cursor: 'grab',
    touchAction: 'none',
    userSelect: 'none',
    '&:active': { cursor: 'grabbing' },
  },
  /** On the svg when zoomed out so far that labels would be unreadable: they are hidden. */
  compact: {
    '& $label': { display: 'none' },
  },
  label: {},
  controls: {
    position: 'absolute',
    top: theme.spacing(1),
    right: theme.spacing(1),
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: theme.palette.background.paper,
    borderRadius: theme.shape.borderRadius,
    boxShadow: theme.shadows[1],
  },
  node: {
    cursor: 'pointer',
    outline: 'none',
    '&:hover $shape, &:focus $shape': { strokeWidth: 4 },
  },
  shape: {},
  name: {
    fontSize: 12,
    fontWeight: 600,
    fill: theme.palette.text.primary,
  },
  meta: {
    fontSize: 10.5,
    fill: theme.palette.text.secondary,
  },
  count: {
    fontSize: 12,
    fontWeight: 700,
    fill: theme.palette.text.primary,
  },
  hubName: {
    fontSize: 14,
    fontWeight: 700,
    fill: theme.palette.text.primary,
  },
  edgeLabel: {
    fontSize: 11,
    fontWeight: 700,
  },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 1.5),
    borderTop: `1px solid ${theme.palette.divider}`,
    backgroundColor: theme.palette.background.paper,
  },
  legendItem: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
}));

/** The class names of {@link useGraphStyles}. */
export type GraphClasses = ReturnType<typeof useGraphStyles>;

/** The colour of each condition, by condition. */
export type ConditionColors = Record<ClusterCondition, string>;

/** The colour of a condition, from the Backstage theme's status palette. */
export function useConditionColors(): ConditionColors {
  const theme = useTheme<Theme>();
  const { status } = theme.palette;
  return useMemo(
    () => ({
      ok: status.ok,
      warning: status.warning,
      error: status.error,
      unknown: status.aborted,
    }),
    [status],
  );
}

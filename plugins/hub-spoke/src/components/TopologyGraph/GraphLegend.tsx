import Typography from '@material-ui/core/Typography';
import { Theme, useTheme } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { MarkerIcon } from '../FleetStatus/MarkerIcon';
import { ConditionColors, GraphClasses } from './styles';

/** One entry of the legend: a sample and what it means. */
function LegendItem(props: {
  classes: GraphClasses;
  label: string;
  children: ReactNode;
}) {
  return (
    <span className={props.classes.legendItem}>
      {props.children}
      <Typography variant="caption">{props.label}</Typography>
    </span>
  );
}

interface SwatchProps {
  classes: GraphClasses;
  color: string;
  dash?: string;
  label: string;
}

function NodeSwatch(props: SwatchProps) {
  const theme = useTheme<Theme>();
  return (
    <LegendItem classes={props.classes} label={props.label}>
      <svg width={16} height={16} aria-hidden="true">
        <circle cx={8} cy={8} r={6} fill={theme.palette.background.paper} />
        <circle
          cx={8}
          cy={8}
          r={6}
          fill={props.color}
          fillOpacity={0.2}
          stroke={props.color}
          strokeWidth={2}
          strokeDasharray={props.dash}
        />
      </svg>
    </LegendItem>
  );
}

function EdgeSwatch(props: SwatchProps) {
  return (
    <LegendItem classes={props.classes} label={props.label}>
      <svg width={26} height={10} aria-hidden="true">
        <line
          x1={1}
          y1={5}
          x2={25}
          y2={5}
          stroke={props.color}
          strokeWidth={2}
          strokeDasharray={props.dash}
        />
      </svg>
    </LegendItem>
  );
}

/** What the colours, borders, icons and edges of the graph mean, and how to move around in it. */
export function GraphLegend(props: {
  colors: ConditionColors;
  classes: GraphClasses;
}) {
  const theme = useTheme<Theme>();
  const { colors, classes } = props;
  return (
    <div className={classes.legend} aria-label="Legend">
      <NodeSwatch classes={classes} color={colors.ok} label="ok" />
      <NodeSwatch classes={classes} color={colors.warning} label="warning" />
      <NodeSwatch classes={classes} color={colors.error} label="error" />
      <NodeSwatch classes={classes} color={colors.unknown} label="unknown" />
      <NodeSwatch
        classes={classes}
        color={theme.palette.text.secondary}
        dash="3 2"
        label="unreachable / unauthorized (dashed, icon)"
      />
      <LegendItem classes={classes} label="unregistered">
        <MarkerIcon kind="unregistered" style={{ fontSize: 16 }} aria-hidden />
      </LegendItem>
      <LegendItem classes={classes} label="stale (faded)">
        <MarkerIcon kind="stale" style={{ fontSize: 16 }} aria-hidden />
      </LegendItem>
      <EdgeSwatch
        classes={classes}
        color={theme.palette.text.secondary}
        label="manages"
      />
      <EdgeSwatch
        classes={classes}
        color={theme.palette.primary.main}
        label="routes (weight)"
      />
      <EdgeSwatch
        classes={classes}
        color={theme.palette.text.disabled}
        dash="4 3"
        label="idle route"
      />
      <Typography variant="caption" color="textSecondary">
        Number in a node: applications. Hover for details, click to open. Drag
        to pan, ctrl/⌘ + wheel to zoom.
      </Typography>
    </div>
  );
}

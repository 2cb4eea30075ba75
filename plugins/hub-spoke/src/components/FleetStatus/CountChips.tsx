import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { darken, makeStyles, Theme } from '@material-ui/core/styles';
import { Tone } from './tones';

const useStyles = makeStyles((theme: Theme) => {
  const tone = (color: string) => ({
    color,
    borderColor: color,
    fontWeight: theme.typography.fontWeightMedium as number,
  });
  const { status } = theme.palette;
  return {
    list: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: theme.spacing(0.5),
    },
    selected: {
      borderWidth: 2,
      backgroundColor: theme.palette.action.selected,
    },
    ok: tone(status.ok),
    running: tone(status.running),
    error: tone(status.error),
    warning: tone(status.warning),
    aborted: tone(status.aborted),
    // the theme's pending yellow is meant for icons: as text on a light background it needs more contrast
    pending: tone(
      theme.palette.type === 'light'
        ? darken(status.pending, 0.45)
        : status.pending,
    ),
  };
});

/**
 * Counts by status, one outlined chip per status present ("3 Healthy"), coloured by the status' tone. With
 * `onSelect`, each chip is a toggle button (pressed when its status is in `selected`).
 */
export function CountChips<S extends string>(props: {
  kind: string;
  statuses: readonly S[];
  counts: Partial<Record<S, number>>;
  tones: Record<S, Tone>;
  onSelect?: (status: S) => void;
  selected?: readonly S[];
}) {
  const classes = useStyles();
  const { onSelect, selected = [] } = props;
  const present = props.statuses.filter(s => (props.counts[s] ?? 0) > 0);
  if (present.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        none
      </Typography>
    );
  }
  return (
    <div className={classes.list} role="list" aria-label={props.kind}>
      {present.map(status => {
        const className = `${classes[props.tones[status]]} ${
          selected.includes(status) ? classes.selected : ''
        }`;
        const label = `${props.counts[status]} ${status}`;
        if (onSelect) {
          return (
            <span role="listitem" key={status}>
              <Chip
                size="small"
                variant="outlined"
                className={className}
                label={label}
                clickable
                aria-pressed={selected.includes(status)}
                onClick={() => onSelect(status)}
              />
            </span>
          );
        }
        return (
          <Chip
            key={status}
            role="listitem"
            size="small"
            variant="outlined"
            className={className}
            label={label}
          />
        );
      })}
    </div>
  );
}

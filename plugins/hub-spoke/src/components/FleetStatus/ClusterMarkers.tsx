import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';

/**
 * Marks a destination that Applications name but Argo CD has no cluster for.
 *
 * @public
 */
export function NotRegisteredChip() {
  return (
    <Tooltip title="Applications deploy to this destination, but Argo CD has no cluster registered for it">
      <Chip size="small" variant="outlined" label="not registered" />
    </Tooltip>
  );
}

/**
 * Marks last-known data, kept because the hub cannot be read now.
 *
 * @public
 */
export function StaleChip() {
  return (
    <Tooltip title="The hub cannot be read now: this is the last data read successfully">
      <Chip size="small" variant="outlined" label="stale" />
    </Tooltip>
  );
}

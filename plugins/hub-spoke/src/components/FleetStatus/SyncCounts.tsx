import {
  ApplicationCounts,
  SYNC_STATUSES,
  SyncStatus,
} from '@hub-spoke/plugin-hub-spoke-common';
import { CountChips } from './CountChips';
import { SYNC_TONE } from './tones';

/**
 * Counts of applications by Argo CD sync status, one coloured chip per status present.
 *
 * @public
 */
export function SyncCounts(props: {
  counts: ApplicationCounts;
  /** Makes each chip a toggle button, e.g. to filter by the status. */
  onSelect?: (status: SyncStatus) => void;
  selected?: readonly SyncStatus[];
}) {
  return (
    <CountChips
      kind="Application sync"
      statuses={SYNC_STATUSES}
      counts={props.counts.sync}
      tones={SYNC_TONE}
      onSelect={props.onSelect}
      selected={props.selected}
    />
  );
}

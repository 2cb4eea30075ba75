import {
  ApplicationCounts,
  HEALTH_STATUSES,
  HealthStatus,
} from '@hub-spoke/plugin-hub-spoke-common';
import { CountChips } from './CountChips';
import { HEALTH_TONE } from './tones';

/**
 * Counts of applications by Argo CD health status, one coloured chip per status present.
 *
 * @public
 */
export function HealthCounts(props: {
  counts: ApplicationCounts;
  /** Makes each chip a toggle button, e.g. to filter by the status. */
  onSelect?: (status: HealthStatus) => void;
  selected?: readonly HealthStatus[];
}) {
  return (
    <CountChips
      kind="Application health"
      statuses={HEALTH_STATUSES}
      counts={props.counts.health}
      tones={HEALTH_TONE}
      onSelect={props.onSelect}
      selected={props.selected}
    />
  );
}

import {
  ApplicationCounts,
  HEALTH_STATUSES,
  HealthStatus,
} from '@hub-spoke/plugin-hub-spoke-common';
import { CountChips, Tone } from './CountChips';

const HEALTH_TONE: Record<HealthStatus, Tone> = {
  Healthy: 'ok',
  Progressing: 'running',
  Degraded: 'error',
  Suspended: 'aborted',
  Missing: 'warning',
  Unknown: 'pending',
};

/**
 * Counts of applications by Argo CD health status, one coloured chip per status present.
 *
 * @public
 */
export function HealthCounts(props: { counts: ApplicationCounts }) {
  return (
    <CountChips
      kind="Application health"
      statuses={HEALTH_STATUSES}
      counts={props.counts.health}
      tones={HEALTH_TONE}
    />
  );
}

import { HealthStatus, SyncStatus } from '@hub-spoke/plugin-hub-spoke-common';

/** Colour of a status: one of the Backstage theme's status colours. */
export type Tone =
  | 'ok'
  | 'running'
  | 'error'
  | 'warning'
  | 'aborted'
  | 'pending';

/** The colour of each Argo CD application health status. */
export const HEALTH_TONE: Record<HealthStatus, Tone> = {
  Healthy: 'ok',
  Progressing: 'running',
  Degraded: 'error',
  Suspended: 'aborted',
  Missing: 'warning',
  Unknown: 'pending',
};

/** The colour of each Argo CD application sync status. */
export const SYNC_TONE: Record<SyncStatus, Tone> = {
  Synced: 'ok',
  OutOfSync: 'warning',
  Unknown: 'pending',
};

import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import {
  ClusterCondition,
  HealthStatus,
  SyncStatus,
} from '@hub-spoke/plugin-hub-spoke-common';
import { ReactNode } from 'react';

function statusOf(
  tone: 'ok' | 'running' | 'error' | 'aborted' | 'warning' | 'pending',
  label: ReactNode,
) {
  switch (tone) {
    case 'ok':
      return <StatusOK>{label}</StatusOK>;
    case 'running':
      return <StatusRunning>{label}</StatusRunning>;
    case 'error':
      return <StatusError>{label}</StatusError>;
    case 'aborted':
      return <StatusAborted>{label}</StatusAborted>;
    case 'warning':
      return <StatusWarning>{label}</StatusWarning>;
    default:
      return <StatusPending>{label}</StatusPending>;
  }
}

const HEALTH_TONE = {
  Healthy: 'ok',
  Progressing: 'running',
  Degraded: 'error',
  Suspended: 'aborted',
  Missing: 'warning',
  Unknown: 'pending',
} as const;

const SYNC_TONE = {
  Synced: 'ok',
  OutOfSync: 'warning',
  Unknown: 'pending',
} as const;

/**
 * An Argo CD application health status with its colour.
 *
 * @public
 */
export function HealthStatusLabel(props: { health: HealthStatus }) {
  return statusOf(HEALTH_TONE[props.health] ?? 'pending', props.health);
}

/**
 * An Argo CD application sync status with its colour.
 *
 * @public
 */
export function SyncStatusLabel(props: { sync: SyncStatus }) {
  return statusOf(SYNC_TONE[props.sync] ?? 'pending', props.sync);
}

const CONDITION_TONE = {
  ok: 'ok',
  warning: 'warning',
  error: 'error',
  unknown: 'aborted',
} as const;

/**
 * A cluster's overall condition (see clusterCondition in -common) with its colour.
 *
 * @public
 */
export function ClusterConditionLabel(props: { condition: ClusterCondition }) {
  return statusOf(CONDITION_TONE[props.condition], props.condition);
}

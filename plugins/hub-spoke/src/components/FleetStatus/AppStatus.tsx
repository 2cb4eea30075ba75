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
import { HEALTH_TONE, SYNC_TONE, Tone } from './tones';

function statusOf(tone: Tone, label: ReactNode) {
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

const CONDITION_TONE: Record<ClusterCondition, Tone> = {
  ok: 'ok',
  warning: 'warning',
  error: 'error',
  unknown: 'aborted',
};

/**
 * A cluster's overall condition (see clusterCondition in -common) with its colour.
 *
 * @public
 */
export function ClusterConditionLabel(props: { condition: ClusterCondition }) {
  return statusOf(CONDITION_TONE[props.condition], props.condition);
}

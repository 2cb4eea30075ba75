/**
 * An application's workload on a spoke: its Deployment, the current ReplicaSet and the Pods.
 */
import { KubeObject } from '../../types';
import { deployment, replicaSet } from './deployment';
import { pods } from './pods';
import { AppWorkloadInput, planWorkload } from './workloadPlan';

/** Deployment, ReplicaSet and Pods of an application's workload, shaped by its health. */
export function workloadObjects(w: AppWorkloadInput): KubeObject[] {
  if (w.health === 'Missing') return [];
  const plan = planWorkload(w);
  return [deployment(plan), replicaSet(plan), ...pods(plan)];
}

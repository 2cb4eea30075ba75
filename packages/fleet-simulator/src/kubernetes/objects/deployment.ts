/**
 * The Deployment of an application's workload and its current ReplicaSet, their status shaped by the
 * application's health.
 */
import { HealthStatus } from '@hub-spoke/plugin-hub-spoke-common';
import { KubeObject } from '../../types';
import { isoSeconds, pick } from '../../util';
import { trackingAnnotation } from './argocd';
import { WorkloadPlan, controllerReference } from './workloadPlan';

/** A Deployment condition as the deployment controller writes it. */
function deploymentCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  at: number,
) {
  return {
    type,
    status,
    lastUpdateTime: isoSeconds(at),
    lastTransitionTime: isoSeconds(at),
    reason,
    message,
  };
}

/** The Progressing condition by health: paused, timed out, progressing or done. */
function progressingCondition(
  health: HealthStatus,
  rsName: string,
  at: number,
): Record<string, string> {
  const cond = (status: string, reason: string, message: string) =>
    deploymentCondition('Progressing', status, reason, message, at);
  switch (health) {
    case 'Suspended':
      return cond('Unknown', 'DeploymentPaused', 'Deployment is paused');
    case 'Degraded':
      return cond(
        'False',
        'ProgressDeadlineExceeded',
        `ReplicaSet "${rsName}" has timed out progressing.`,
      );
    case 'Progressing':
      return cond(
        'True',
        'ReplicaSetUpdated',
        `ReplicaSet "${rsName}" is progressing.`,
      );
    default:
      return cond(
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${rsName}" has successfully progressed.`,
      );
  }
}

/** The Available condition: met while a replica is ready (or none is wanted). */
function availableCondition(p: WorkloadPlan) {
  return p.ready > 0 || p.replicas === 0
    ? deploymentCondition(
        'Available',
        'True',
        'MinimumReplicasAvailable',
        'Deployment has minimum availability.',
        p.deployedAt,
      )
    : deploymentCondition(
        'Available',
        'False',
        'MinimumReplicasUnavailable',
        'Deployment does not have minimum availability.',
        p.deployedAt,
      );
}

/** The workload's Deployment, tracked by its Argo CD application (paused when Suspended). */
export function deployment(p: WorkloadPlan): KubeObject {
  const w = p.input;
  const { replicas, ready, bad } = p;
  const generation = 2 + pick(`dgen:${w.app}`, 30);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: w.workload,
      namespace: w.namespace,
      generation,
      labels: p.labels,
      annotations: {
        'deployment.kubernetes.io/revision': String(
          1 + pick(`drev:${w.app}`, 20),
        ),
        ...trackingAnnotation(
          w.app,
          'apps',
          'Deployment',
          w.namespace,
          w.workload,
        ),
      },
      creationTimestamp: isoSeconds(p.created),
    },
    spec: {
      replicas,
      selector: { matchLabels: p.selector },
      template: {
        metadata: { labels: { ...p.labels } },
        spec: p.template.spec,
      },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      ...(w.health === 'Suspended' ? { paused: true } : {}),
    },
    status: {
      observedGeneration: generation,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(bad > 0 ? { unavailableReplicas: bad } : {}),
      conditions: [
        availableCondition(p),
        progressingCondition(w.health, p.rsName, p.deployedAt),
      ],
    },
  };
}

/** The Deployment's current ReplicaSet. */
export function replicaSet(p: WorkloadPlan): KubeObject {
  const w = p.input;
  const { replicas, ready } = p;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: p.rsName,
      namespace: w.namespace,
      generation: 1,
      labels: { ...p.labels, 'pod-template-hash': p.podHash },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas + 1),
      },
      ownerReferences: controllerReference('Deployment', w.workload, 'apps/v1'),
      creationTimestamp: isoSeconds(p.deployedAt),
    },
    spec: {
      replicas,
      selector: {
        matchLabels: { ...p.selector, 'pod-template-hash': p.podHash },
      },
      template: p.template,
    },
    status: {
      replicas,
      fullyLabeledReplicas: replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: 1,
    },
  };
}

/**
 * What the Deployment, its ReplicaSet and its Pods of an application's workload share: labels, names, times,
 * replica counts by health and the pod template.
 */
import { HealthStatus } from '@hub-spoke/plugin-hub-spoke-common';
import { DAY, HOUR, hexOf, pick } from '../../util';

/** An application's workload on a spoke, as the fleet describes it. */
export interface AppWorkloadInput {
  app: string;
  workload: string;
  namespace: string;
  labels: Record<string, string>;
  health: HealthStatus;
  replicas: number;
  images: string[];
  revision: string;
  /** Ready nodes the pods are scheduled on. */
  nodes: Array<{ name: string; ip: string }>;
  now: number;
}

/** The labels of a workload's objects: name, instance, part-of and Backstage's kubernetes-id. */
export function workloadLabels(
  app: string,
  workload: string,
  appLabels: Record<string, string>,
): Record<string, string> {
  const partOf = appLabels['app.kubernetes.io/part-of'];
  return {
    'app.kubernetes.io/name': workload,
    'app.kubernetes.io/instance': app,
    ...(partOf ? { 'app.kubernetes.io/part-of': partOf } : {}),
    'backstage.io/kubernetes-id':
      appLabels['backstage.io/kubernetes-id'] ?? partOf ?? workload,
  };
}

/** A name suffix as Kubernetes generates them (consonants and digits 2-9 only), derived from a key. */
export function generatedSuffix(key: string, length: number): string {
  return hexOf(key, length).replace(/[0-9]/g, d => 'bcdfghjkmn'[Number(d)]);
}

/** The ownerReferences of an object its controller made. */
export function controllerReference(
  kind: string,
  name: string,
  apiVersion: string,
) {
  return [
    {
      apiVersion,
      kind,
      name,
      uid: '',
      controller: true,
      blockOwnerDeletion: true,
    },
  ];
}

/** A container of the pod template. */
export interface TemplateContainer {
  name: string;
  image: string;
  ports: Array<{ name: string; containerPort: number; protocol: string }>;
  resources: Record<string, Record<string, string>>;
  imagePullPolicy: string;
}

/** The shared facts of one workload. */
export interface WorkloadPlan {
  input: AppWorkloadInput;
  labels: Record<string, string>;
  /** The Deployment's selector (name and instance). */
  selector: Record<string, string>;
  podHash: string;
  rsName: string;
  /** When the Deployment was created and when its current ReplicaSet rolled out (ms). */
  created: number;
  deployedAt: number;
  replicas: number;
  /** Replicas that are not ready (crashing or pending, by health) and those that are. */
  bad: number;
  ready: number;
  containers: TemplateContainer[];
  /** The pod template: ReplicaSet and Pods carry pod-template-hash in its labels. */
  template: {
    metadata: { labels: Record<string, string> };
    spec: {
      containers: TemplateContainer[];
      restartPolicy: string;
      terminationGracePeriodSeconds: number;
      dnsPolicy: string;
      schedulerName: string;
    };
  };
}

/** Works out a workload's names, times and replica counts from its input (its health decides how many fail). */
export function planWorkload(w: AppWorkloadInput): WorkloadPlan {
  const labels = workloadLabels(w.app, w.workload, w.labels);
  const podHash = generatedSuffix(`pth:${w.app}:${w.revision}`, 10);
  const replicas = w.replicas;
  let bad = 0;
  if (w.health === 'Degraded') bad = Math.max(1, Math.ceil(replicas / 2));
  if (w.health === 'Progressing') bad = 1;
  const containers = w.images.map((image, i) => ({
    name: i === 0 ? w.workload : `sidecar-${i}`,
    image,
    ports:
      i === 0 ? [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] : [],
    resources: {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { memory: '256Mi' },
    },
    imagePullPolicy: 'IfNotPresent',
  }));
  return {
    input: w,
    labels,
    selector: {
      'app.kubernetes.io/name': w.workload,
      'app.kubernetes.io/instance': w.app,
    },
    podHash,
    rsName: `${w.workload}-${podHash}`,
    created: w.now - (2 * DAY + pick(`wl:${w.app}`, 20 * 24) * HOUR),
    deployedAt: w.now - (10 + pick(`dep:${w.app}`, 600)) * 60_000,
    replicas,
    bad,
    ready: Math.max(0, replicas - bad),
    containers,
    template: {
      metadata: { labels: { ...labels, 'pod-template-hash': podHash } },
      spec: {
        containers,
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        schedulerName: 'default-scheduler',
      },
    },
  };
}

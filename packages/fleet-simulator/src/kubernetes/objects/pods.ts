/**
 * The Pods of an application's workload: the not-ready ones crash (Degraded) or wait for their containers
 * (Progressing).
 */
import { KubeObject } from '../../types';
import { hexOf, isoSeconds, pick } from '../../util';
import {
  TemplateContainer,
  WorkloadPlan,
  controllerReference,
  generatedSuffix,
} from './workloadPlan';

/** How one pod fares: crashing, pending (creating containers) or running. */
interface PodFate {
  isBad: boolean;
  crash: boolean;
  pending: boolean;
  /** When it started (ms). */
  started: number;
}

function containerState(
  crash: boolean,
  pending: boolean,
  container: string,
  pod: string,
  ns: string,
  started: number,
): Record<string, unknown> {
  if (crash) {
    return {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off 5m0s restarting failed container=${container} pod=${pod}_${ns}`,
      },
    };
  }
  if (pending) return { waiting: { reason: 'ContainerCreating' } };
  return { running: { startedAt: isoSeconds(started + 3_000) } };
}

/** A container's status in a pod: a crashing one has restarted many times and shows its last exit. */
function containerStatus(
  c: TemplateContainer,
  podName: string,
  ns: string,
  fate: PodFate,
  now: number,
) {
  const { isBad, crash, pending, started } = fate;
  return {
    name: c.name,
    state: containerState(crash, pending, c.name, podName, ns, started),
    ...(crash
      ? {
          lastState: {
            terminated: {
              exitCode: 1,
              reason: 'Error',
              startedAt: isoSeconds(now - 6 * 60_000),
              finishedAt: isoSeconds(now - 6 * 60_000 + 4_000),
              containerID: `containerd://${hexOf(
                `cid0:${podName}${c.name}`,
                64,
              )}`,
            },
          },
        }
      : { lastState: {} }),
    ready: !isBad,
    restartCount: crash ? 17 + pick(`rc:${podName}`, 40) : 0,
    image: c.image,
    imageID: `${c.image.split(':')[0]}@sha256:${hexOf(
      `img:${c.image}`,
      40,
    )}${hexOf(`img2:${c.image}`, 24)}`,
    ...(pending
      ? {}
      : {
          containerID: `containerd://${hexOf(`cid:${podName}${c.name}`, 64)}`,
        }),
    started: !isBad,
  };
}

/** The i-th pod of the ReplicaSet; pods past the ready count are the bad ones. */
function podObject(p: WorkloadPlan, i: number): KubeObject {
  const w = p.input;
  const podName = `${p.rsName}-${generatedSuffix(`pod:${w.app}:${i}`, 5)}`;
  const isBad = i >= p.ready;
  const fate: PodFate = {
    isBad,
    crash: isBad && w.health === 'Degraded',
    pending: isBad && w.health === 'Progressing',
    started: p.deployedAt + 5_000 + i * 2_000,
  };
  const { pending, started } = fate;
  const node =
    w.nodes.length > 0
      ? w.nodes[(pick(w.app, 97) + i) % w.nodes.length]
      : undefined;
  const podIp = `10.244.${pick(`pip:${w.app}`, 250)}.${10 + i}`;
  const pcond = (type: string, status: boolean, reason?: string) => ({
    type,
    status: status ? 'True' : 'False',
    lastTransitionTime: isoSeconds(started + 4_000),
    ...(reason ? { reason } : {}),
  });
  const notReady = isBad ? 'ContainersNotReady' : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName,
      generateName: `${p.rsName}-`,
      namespace: w.namespace,
      labels: { ...p.labels, 'pod-template-hash': p.podHash },
      ownerReferences: controllerReference('ReplicaSet', p.rsName, 'apps/v1'),
      creationTimestamp: isoSeconds(started),
    },
    spec: {
      ...p.template.spec,
      ...(node ? { nodeName: node.name } : {}),
      serviceAccountName: 'default',
    },
    status: {
      phase: pending ? 'Pending' : 'Running',
      conditions: [
        pcond('PodReadyToStartContainers', !pending),
        pcond('Initialized', true),
        pcond('Ready', !isBad, notReady),
        pcond('ContainersReady', !isBad, notReady),
        pcond('PodScheduled', true),
      ],
      ...(node ? { hostIP: node.ip, hostIPs: [{ ip: node.ip }] } : {}),
      ...(pending ? {} : { podIP: podIp, podIPs: [{ ip: podIp }] }),
      startTime: isoSeconds(started),
      containerStatuses: p.containers.map(c =>
        containerStatus(c, podName, w.namespace, fate, w.now),
      ),
      qosClass: 'Burstable',
    },
  };
}

/** The ReplicaSet's pods, one per replica. */
export function pods(p: WorkloadPlan): KubeObject[] {
  return Array.from({ length: p.replicas }, (_, i) => podObject(p, i));
}

/**
 * What the object builders share: namespaces, optional labels, address kinds and the conditions controllers
 * write.
 */
import { KubeObject } from '../../types';

/** `{ labels }` when there are any, else nothing (metadata without an empty labels map). */
export function labelsOrNothing(labels: Record<string, string>): {
  labels?: Record<string, string>;
} {
  return Object.keys(labels).length > 0 ? { labels } : {};
}

/** True for an IPv4 or IPv6 address, false for a host name. */
export function isIp(a: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(a) || a.includes(':');
}

/** A condition a controller reports as met (status True), as Gateway API and Istio controllers write it. */
export function trueCondition(
  type: string,
  reason: string,
  message: string,
  lastTransitionTime: string,
  observedGeneration: number,
) {
  return {
    type,
    status: 'True',
    reason,
    message,
    lastTransitionTime,
    observedGeneration,
  };
}

/** An active Namespace; `kubernetes.io/metadata.name` is set as the API server does. */
export function namespace(
  name: string,
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

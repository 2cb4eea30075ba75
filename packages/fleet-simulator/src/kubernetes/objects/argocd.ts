/**
 * Argo CD's objects on a hub's cluster: declarative cluster Secrets, the argocd-server Service, and the tracking
 * annotation Argo CD puts on what it deploys.
 */
import { KubeObject } from '../../types';
import { clusterIpService } from './services';

/** The label that makes a Secret in Argo CD's namespace one of its clusters (value `cluster`). */
export const SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

/** The annotation Argo CD marks its cluster Secrets with (`managed-by: argocd.argoproj.io`). */
export const MANAGED_BY_ANNOTATION = 'managed-by';

/** What an Argo CD cluster Secret holds: the cluster's name, server, config and scoping, labels and annotations. */
export interface ClusterSecretData {
  name: string;
  server: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  config: Record<string, unknown>;
  project?: string;
  namespaces?: string[];
}

/** Argo CD's annotation tying an object to the application that deployed it. */
export function trackingAnnotation(
  app: string,
  group: string,
  kind: string,
  ns: string,
  name: string,
): Record<string, string> {
  return {
    'argocd.argoproj.io/tracking-id': `${app}:${group}/${kind}:${ns}/${name}`,
  };
}

/** Argo CD's declarative cluster Secret for a spoke, kept on the hub's cluster in Argo CD's namespace. */
export function argoClusterSecret(
  ns: string,
  spoke: ClusterSecretData,
  secretSuffix: string,
): KubeObject {
  const host = spoke.server
    .replace(/^https?:\/\//, '')
    .replace(/[:/].*$/, '')
    .toLowerCase();
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: `cluster-${host}-${secretSuffix}`,
      namespace: ns,
      labels: { ...spoke.labels, [SECRET_TYPE_LABEL]: 'cluster' },
      annotations: {
        ...spoke.annotations,
        [MANAGED_BY_ANNOTATION]: 'argocd.argoproj.io',
      },
    },
    type: 'Opaque',
    data: {
      name: b64(spoke.name),
      server: b64(spoke.server),
      config: b64(JSON.stringify(spoke.config)),
      ...(spoke.project ? { project: b64(spoke.project) } : {}),
      ...(spoke.namespaces
        ? { namespaces: b64(spoke.namespaces.join(',')) }
        : {}),
    },
  };
}

/** The argocd-server Service (HTTP and HTTPS to the server's 8080). */
export function argoServerService(ns: string): KubeObject {
  return clusterIpService(
    'argocd-server',
    ns,
    { 'app.kubernetes.io/name': 'argocd-server' },
    {
      'app.kubernetes.io/component': 'server',
      'app.kubernetes.io/name': 'argocd-server',
      'app.kubernetes.io/part-of': 'argocd',
    },
    {},
    [
      { name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 },
      { name: 'https', protocol: 'TCP', port: 443, targetPort: 8080 },
    ],
  );
}

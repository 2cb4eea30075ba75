/**
 * Builds Argo CD Cluster objects as GET /api/v1/clusters returns them (sanitised config).
 */
import { ClusterSecretData } from '../kubernetes/objects';
import { ConnectionStatus } from '@hub-spoke/plugin-hub-spoke-common';
import { isoSeconds, pick } from '../util';

/** A cluster as its Secret describes it (config may hold credentials; sanitised here), and its live state. */
export interface ArgoClusterInput extends ClusterSecretData {
  connection: { status: ConnectionStatus; message?: string };
  /** Kubernetes version as the cluster reports it (e.g. v1.33.5-eks-3025e55). */
  kubernetesVersion: string;
  applicationsCount: number;
  resourcesCount: number;
  apiVersions: string[];
}

export type ArgoCluster = Record<string, unknown> & {
  name: string;
  server: string;
};

/** v3.5 reports `v<major>.<minor>.<patch>` with any vendor suffix removed. */
export function argoServerVersion(kubernetesVersion: string): string {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(kubernetesVersion);
  if (!m) return kubernetesVersion;
  return `v${m[1]}.${m[2]}.${m[3] ?? '0'}`;
}

/** Argo CD's ClusterList sanitising: only tlsClientConfig.{insecure,serverName}, awsAuthConfig, proxyUrl, disableCompression. */
export function sanitizeClusterConfig(
  config: Record<string, unknown>,
): Record<string, unknown> {
  const tls = (config.tlsClientConfig ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {
    tlsClientConfig: {
      insecure: tls.insecure === true,
      ...(typeof tls.serverName === 'string' && tls.serverName
        ? { serverName: tls.serverName }
        : {}),
    },
  };
  if (config.awsAuthConfig && typeof config.awsAuthConfig === 'object')
    out.awsAuthConfig = config.awsAuthConfig;
  if (config.disableCompression === true) out.disableCompression = true;
  if (typeof config.proxyUrl === 'string' && config.proxyUrl)
    out.proxyUrl = config.proxyUrl;
  return out;
}

export function buildCluster(c: ArgoClusterInput, now: number): ArgoCluster {
  const attemptedAt = isoSeconds(
    now - (5 + pick(`att:${c.server}`, 170)) * 1000,
  );
  const connectionState = {
    status: c.connection.status,
    ...(c.connection.message ? { message: c.connection.message } : {}),
    attemptedAt,
  };
  const ok = c.connection.status === 'Successful';
  const serverVersion = ok ? argoServerVersion(c.kubernetesVersion) : undefined;
  return {
    server: c.server,
    name: c.name,
    config: sanitizeClusterConfig(c.config),
    connectionState,
    ...(serverVersion ? { serverVersion } : {}),
    ...(c.namespaces && c.namespaces.length > 0
      ? { namespaces: c.namespaces }
      : {}),
    info: {
      connectionState,
      ...(serverVersion ? { serverVersion } : {}),
      cacheInfo: ok
        ? {
            resourcesCount: c.resourcesCount,
            apisCount: c.apiVersions.length * 6 + 40,
            lastCacheSyncTime: isoSeconds(
              now - (60 + pick(`sync:${c.server}`, 600)) * 1000,
            ),
          }
        : {},
      applicationsCount: c.applicationsCount,
      ...(ok ? { apiVersions: c.apiVersions } : {}),
    },
    ...(c.project ? { project: c.project } : {}),
    ...(Object.keys(c.labels).length > 0 ? { labels: c.labels } : {}),
    ...(Object.keys(c.annotations).length > 0
      ? { annotations: c.annotations }
      : {}),
  };
}

import http from 'node:http';
import { HubConfig } from '../config';
import { createAgent, fetchJson } from '../http/fetchJson';
import {
  ArgoApplication,
  ArgoApplicationList,
  ArgoCluster,
  ArgoClusterList,
  ArgoVersion,
} from './types';

/**
 * The only application fields the topology model reads. Argo CD trims its answer to these (see
 * pkg/apiclient/application/forwarder_overwrite.go), which is most of the list's size at scale.
 */
export const APPLICATION_FIELDS = [
  'items.metadata.name',
  'items.metadata.namespace',
  'items.metadata.labels',
  'items.spec.project',
  'items.spec.destination',
  'items.spec.source',
  'items.spec.sources',
  'items.status.sync.status',
  'items.status.sync.revision',
  'items.status.health',
  'items.status.summary',
  'items.status.operationState.phase',
  'items.status.operationState.finishedAt',
];

/** Everything one poll of a hub's Argo CD returns. */
export interface HubReading {
  version?: string;
  clusters: ArgoCluster[];
  applications: ArgoApplication[];
  /** Bytes read from Argo CD in this poll. */
  bytes: number;
  /** Requests made in this poll. */
  requests: number;
}

/** Builds the application list URL with the hub's project and selector filters. */
export function applicationListUrl(hub: HubConfig): string {
  const url = new URL(`${hub.argocd.url}/api/v1/applications`);
  for (const project of hub.argocd.projects) {
    url.searchParams.append('projects', project);
  }
  if (hub.argocd.selector) {
    url.searchParams.set('selector', hub.argocd.selector);
  }
  url.searchParams.set('fields', APPLICATION_FIELDS.join(','));
  return url.toString();
}

/** Reads one hub's Argo CD. Requests run concurrently; each has the configured timeout. */
export class ArgoCdClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly hub: HubConfig,
    private readonly timeoutMs: number,
  ) {
    this.agent = createAgent(hub.argocd.url, {
      ca: hub.argocd.ca,
      skipTLSVerify: hub.argocd.skipTLSVerify,
    });
  }

  async read(): Promise<HubReading> {
    const options = {
      agent: this.agent,
      timeoutMs: this.timeoutMs,
      bearerToken: this.hub.argocd.token,
      // the hub is named wherever the message is shown (topology, log metadata)
      upstream: 'Argo CD',
    };
    const base = this.hub.argocd.url;
    const [version, clusters, applications] = await Promise.all([
      fetchJson<ArgoVersion>(`${base}/api/version`, options),
      fetchJson<ArgoClusterList>(`${base}/api/v1/clusters`, options),
      fetchJson<ArgoApplicationList>(applicationListUrl(this.hub), options),
    ]);
    return {
      version: version.body?.Version,
      clusters: clusters.body?.items ?? [],
      applications: applications.body?.items ?? [],
      bytes: version.bytes + clusters.bytes + applications.bytes,
      requests: 3,
    };
  }

  close() {
    this.agent.destroy();
  }
}

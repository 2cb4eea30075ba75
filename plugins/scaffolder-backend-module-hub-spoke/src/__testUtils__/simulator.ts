/**
 * The fleet simulator as the actions see it: the app config it writes (hubs, and each hub's own Kubernetes API), and
 * a hub-spoke backend stand-in whose topology and applications are read live from the simulated Argo CDs.
 */
import { ConfigReader } from '@backstage/config';
import {
  ApplicationSummary,
  Cluster,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import { FleetSimulator } from '@hub-spoke/fleet-simulator';
import { withDemoPolicy } from './policy';
import {
  applicationSummary,
  httpsJson,
  topologyCluster,
  topologyOf,
} from '@hub-spoke/test-utils';

/** An HTTPS request to the simulator (its own CA); JSON answer. */
export function simRequest<T = any>(
  sim: FleetSimulator,
  url: string,
  token: string,
  options: { method?: string; body?: string; contentType?: string } = {},
): Promise<{ status: number; body: T }> {
  return httpsJson<T>(url, {
    ca: sim.caPem,
    token,
    method: options.method,
    body: options.body,
    headers: options.contentType
      ? { 'content-type': options.contentType }
      : undefined,
  });
}

/** GET on a hub's Argo CD API. */
export function argo<T = any>(sim: FleetSimulator, hub: string, path: string) {
  const h = sim.hubs.find(x => x.name === hub)!;
  return simRequest<T>(sim, `${h.url}${path}`, h.token);
}

/** A request to a cluster's Kubernetes API. */
export function kube<T = any>(
  sim: FleetSimulator,
  cluster: string,
  path: string,
  options: { method?: string; body?: string; contentType?: string } = {},
) {
  const c = sim.clusters.find(x => x.name === cluster)!;
  return simRequest<T>(sim, `${c.url}${path}`, c.token, options);
}

/**
 * The app config of the simulated fleet (hubSpoke.hubs and kubernetes.clusterLocatorMethods) under the demo's
 * scaffolder policy (hubSpoke.scaffolder of app-config.yaml), as `npm start` layers them.
 */
export function simulatorConfig(sim: FleetSimulator) {
  return new ConfigReader(withDemoPolicy(sim.backstageConfig()) as any);
}

/** The topology as the hub-spoke backend would serve it: every hub's Argo CD clusters, in-cluster under the hub. */
export async function simulatorTopology(
  sim: FleetSimulator,
): Promise<Topology> {
  const clusters: Cluster[] = [];
  for (const hub of sim.hubs) {
    const { body } = await argo(sim, hub.name, '/api/v1/clusters');
    for (const c of body.items) {
      const name = c.name === 'in-cluster' ? hub.name : c.name;
      const cidrs = String(c.annotations?.['hub-spoke/cidr'] ?? '')
        .split(',')
        .map((s: string) => s.trim())
        .filter(Boolean);
      clusters.push(
        topologyCluster(hub.name, name, {
          server: c.server,
          cidrs,
          labels: c.labels ?? {},
        }),
      );
    }
  }
  return topologyOf(clusters);
}

/** The applications as the hub-spoke backend would serve them, each with the cluster it deploys to. */
export async function simulatorApplications(
  sim: FleetSimulator,
): Promise<ApplicationSummary[]> {
  const out: ApplicationSummary[] = [];
  for (const hub of sim.hubs) {
    const clusters = (await argo(sim, hub.name, '/api/v1/clusters')).body
      .items as Array<{ name: string; server: string }>;
    const { body } = await argo(sim, hub.name, '/api/v1/applications');
    for (const app of body.items) {
      const d = app.spec.destination;
      const name =
        d.name ?? clusters.find(c => c.server === d.server)?.name ?? '';
      out.push(
        applicationSummary(
          hub.name,
          name === 'in-cluster' ? hub.name : name,
          app.metadata.name,
        ),
      );
    }
  }
  return out;
}

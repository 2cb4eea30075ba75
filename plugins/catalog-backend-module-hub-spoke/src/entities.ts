/**
 * Pure functions: the hub-spoke topology → catalog entities. Most of the module's behaviour is tested here.
 */
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  KubernetesValidatorFunctions,
  stringifyEntityRef,
  SystemEntity,
  ResourceEntity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
  ANNOTATION_KUBERNETES_DASHBOARD_APP,
  ANNOTATION_KUBERNETES_DASHBOARD_URL,
  ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
  ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP,
} from './kubernetesAnnotations';
import {
  ANNOTATION_CLUSTER,
  ANNOTATION_HUB,
  ARGOCD_IN_CLUSTER_SERVER,
  Cluster,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import {
  caDataOf,
  LenientClusterAccess,
} from '@hub-spoke/plugin-hub-spoke-node';
import { HubSpokeCatalogConfig } from './config';

/** `spec.type` of the cluster Resources (the one Backstage's kubernetes catalog cluster locator looks for). @public */
export const CLUSTER_RESOURCE_TYPE = 'kubernetes-cluster';

/**
 * Catalog entity names of the topology's registered clusters, by cluster id (`<hub>/<name>`).
 *
 * A hub cluster is named after its hub, a spoke after its Argo CD name. A name that more than one hub uses is
 * suffixed with the hub (`<name>.<hub>`) for every hub using it, so names stay unique and stable whichever hub
 * answers first.
 *
 * @public
 */
export function clusterEntityNames(clusters: Cluster[]): Map<string, string> {
  const registered = clusters.filter(c => c.registered);
  const hubsByName = new Map<string, Set<string>>();
  for (const c of registered) {
    hubsByName.set(c.name, (hubsByName.get(c.name) ?? new Set()).add(c.hub));
  }
  const names = new Map<string, string>();
  for (const c of registered) {
    const shared = (hubsByName.get(c.name)?.size ?? 0) > 1;
    names.set(c.id, shared ? `${c.name}.${c.hub}` : c.name);
  }
  return names;
}

/** Name of the System emitted for a hub. @public */
export function hubSystemName(hub: string): string {
  return hub;
}

/** Argo CD labels that are valid Backstage labels; the others are skipped. @public */
export function validLabels(
  labels: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (
      KubernetesValidatorFunctions.isValidLabelKey(key) &&
      KubernetesValidatorFunctions.isValidLabelValue(value)
    ) {
      out[key] = value;
    }
  }
  return out;
}

/**
 * The annotations Backstage's kubernetes `catalog` cluster locator reads, for a cluster that has a cluster entry
 * (see {@link HubSpokeCatalogConfig.kubernetesClusters}).
 *
 * The locator (CatalogClusterLocator in @backstage/plugin-kubernetes-backend 0.21) only picks Resources of type
 * kubernetes-cluster that have all three of `kubernetes.io/api-server`, `kubernetes.io/api-server-certificate-authority`
 * and `kubernetes.io/auth-provider`; it passes every `kubernetes.io/…` annotation to the auth strategy as auth
 * metadata, and it skips `serviceAccount` clusters (their token cannot live in the catalog: annotations are public).
 * So: the auth provider and what its strategy reads (oidc token provider, AWS role and external id), the CA, the
 * config url over Argo CD's, and nothing at all for serviceAccount clusters (they stay with the config locator).
 * No credential is ever copied.
 */
function kubernetesLocatorAnnotations(
  k8s: LenientClusterAccess | undefined,
): Record<string, string> {
  // the entry's auth provider: authMetadata["kubernetes.io/auth-provider"] if set, else authProvider
  const authProvider = k8s?.authProvider;
  const caData = k8s && caDataOf(k8s);
  if (!k8s || !authProvider || authProvider === 'serviceAccount' || !caData)
    return {};
  const optional = (key: string, value: string | undefined) =>
    value ? { [key]: value } : {};
  return {
    ...k8s.authMetadata,
    ...optional(ANNOTATION_KUBERNETES_API_SERVER, k8s.url),
    [ANNOTATION_KUBERNETES_API_SERVER_CA]: caData,
    [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: authProvider,
    ...optional(
      ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
      k8s.oidcTokenProvider,
    ),
    ...optional(ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE, k8s.assumeRole),
    ...optional(ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID, k8s.externalId),
    ...optional(
      ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP,
      k8s.skipMetricsLookup ? 'true' : undefined,
    ),
    ...optional(ANNOTATION_KUBERNETES_DASHBOARD_URL, k8s.dashboardUrl),
    ...optional(ANNOTATION_KUBERNETES_DASHBOARD_APP, k8s.dashboardApp),
  };
}

/**
 * Everything the provider emits for one topology snapshot. Server URLs (and the locator annotations) and labels only
 * when `exportServerUrls` / `exportLabels` are set: the catalog shows them to everyone who can read it.
 *
 * @public
 */
export function topologyToEntities(
  topology: Topology,
  options: { baseUrl: string; config: HubSpokeCatalogConfig },
): Array<ResourceEntity | SystemEntity> {
  const { baseUrl, config } = options;
  const location = `hub-spoke:${baseUrl}`;
  const locationAnnotations = {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
  };
  const names = clusterEntityNames(topology.clusters);
  const hubClusterName = new Map<string, string>();
  for (const c of topology.clusters) {
    if (c.role === 'hub' && names.has(c.id))
      hubClusterName.set(c.hub, names.get(c.id)!);
  }

  const systems: SystemEntity[] = config.system
    ? []
    : topology.hubs.map(hub => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: {
          name: hubSystemName(hub.name),
          title: `${hub.name} fleet`,
          description: `Clusters managed by the Argo CD of hub ${hub.name}`,
          annotations: { ...locationAnnotations, [ANNOTATION_HUB]: hub.name },
          ...(hub.url ? { links: [{ url: hub.url, title: 'Argo CD' }] } : {}),
        },
        spec: { owner: config.owner },
      }));

  const resources: ResourceEntity[] = [];
  for (const c of topology.clusters) {
    const name = names.get(c.id);
    if (!name) continue; // unregistered destination
    const server =
      c.server && c.server !== ARGOCD_IN_CLUSTER_SERVER ? c.server : undefined;
    const hubCluster = hubClusterName.get(c.hub);
    resources.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name,
        ...(c.name === name ? {} : { title: `${c.name} (${c.hub})` }),
        description:
          c.role === 'hub'
            ? `Hub cluster running the Argo CD of ${c.hub}`
            : `Spoke cluster managed by hub ${c.hub}`,
        ...(config.exportLabels ? { labels: validLabels(c.labels) } : {}),
        annotations: {
          ...locationAnnotations,
          [ANNOTATION_HUB]: c.hub,
          [ANNOTATION_CLUSTER]: c.name,
          ...(config.exportServerUrls
            ? {
                ...(server
                  ? { [ANNOTATION_KUBERNETES_API_SERVER]: server }
                  : {}),
                ...kubernetesLocatorAnnotations(
                  config.kubernetesClusters.get(name) ??
                    config.kubernetesClusters.get(c.name),
                ),
              }
            : {}),
        },
      },
      spec: {
        type: CLUSTER_RESOURCE_TYPE,
        owner: config.owner,
        system: config.system ?? hubSystemName(c.hub),
        ...(c.role === 'spoke' && hubCluster
          ? {
              dependsOn: [
                stringifyEntityRef({ kind: 'Resource', name: hubCluster }),
              ],
            }
          : {}),
      },
    });
  }
  return [...systems, ...resources];
}

import {
  HUB_SPOKE_CLUSTER_RESOURCE_TYPE,
  HUB_SPOKE_PLUGIN_ID,
} from '@hub-spoke/plugin-hub-spoke-common';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { PermissionCriteria } from '@backstage/plugin-permission-common';

/**
 * What a cluster permission decision is evaluated against. A hub is its own cluster (role `hub`).
 *
 * @public
 */
export interface ClusterResource {
  hub: string;
  name: string;
  role: 'hub' | 'spoke';
  labels: Record<string, string>;
}

/** Clusters are filtered in memory; a query is the rule and its params. @public */
export type ClusterQuery = { rule: string; params: unknown };

/** The permission resource ref of hub-spoke clusters. @public */
export const clusterResourceRef = createPermissionResourceRef<
  ClusterResource,
  ClusterQuery
>().with({
  pluginId: HUB_SPOKE_PLUGIN_ID,
  resourceType: HUB_SPOKE_CLUSTER_RESOURCE_TYPE,
});

type ClusterResourceRef = typeof clusterResourceRef;

const query = (
  rule: string,
  params: unknown,
): PermissionCriteria<ClusterQuery> => ({ rule, params });

/** @public */
export const isInHub = createPermissionRule<
  ClusterResourceRef,
  { hubs: string[] }
>({
  name: 'IS_IN_HUB',
  description:
    'Allow clusters managed by one of the given hubs (and those hubs themselves)',
  resourceRef: clusterResourceRef,
  apply: (cluster, { hubs }) => hubs.includes(cluster.hub),
  toQuery: params => query('IS_IN_HUB', params),
});

/** @public */
export const hasClusterName = createPermissionRule<
  ClusterResourceRef,
  { names: string[] }
>({
  name: 'HAS_CLUSTER_NAME',
  description:
    'Allow clusters with one of the given Argo CD names (a hub by its hub name)',
  resourceRef: clusterResourceRef,
  apply: (cluster, { names }) => names.includes(cluster.name),
  toQuery: params => query('HAS_CLUSTER_NAME', params),
});

/** @public */
export const hasClusterLabel = createPermissionRule<
  ClusterResourceRef,
  { key: string; value?: string }
>({
  name: 'HAS_CLUSTER_LABEL',
  description:
    'Allow clusters whose Argo CD cluster labels contain the key (with the value, when given)',
  resourceRef: clusterResourceRef,
  apply: (cluster, { key, value }) =>
    key in cluster.labels &&
    (value === undefined || cluster.labels[key] === value),
  toQuery: params => query('HAS_CLUSTER_LABEL', params),
});

/** The rules policies can use for `hub-spoke.cluster.read`. @public */
export const clusterPermissionRules = {
  isInHub,
  hasClusterName,
  hasClusterLabel,
};

const clusterConditionExports = createConditionExports({
  pluginId: HUB_SPOKE_PLUGIN_ID,
  resourceType: HUB_SPOKE_CLUSTER_RESOURCE_TYPE,
  rules: clusterPermissionRules,
});

/**
 * For policy authors: the conditions of the cluster rules, e.g.
 * `hubSpokeClusterConditions.isInHub({ hubs: ['aks-mgmt-hub'] })`.
 *
 * @public
 */
export const hubSpokeClusterConditions = clusterConditionExports.conditions;

/**
 * For policy authors: `createHubSpokeClusterConditionalDecision(permission, conditions)` makes a conditional
 * decision from those conditions.
 *
 * @public
 */
export const createHubSpokeClusterConditionalDecision =
  clusterConditionExports.createConditionalDecision;

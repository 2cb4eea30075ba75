/**
 * Ids chosen once for the Hub & Spoke plugins. They never change: adopters put them in config, policies and
 * templates.
 *
 * @public
 */
export const HUB_SPOKE_PLUGIN_ID = 'hub-spoke';

/** Argo CD cluster annotation (and catalog annotation) holding a cluster's network CIDR(s), comma separated. @public */
export const ANNOTATION_CIDR = 'hub-spoke/cidr';
/** Argo CD cluster annotation holding a spoke's wildcard ingress domain. @public */
export const ANNOTATION_INGRESS_DOMAIN = 'hub-spoke/ingress-domain';
/** Catalog annotation naming the hub a cluster Resource belongs to. @public */
export const ANNOTATION_HUB = 'hub-spoke/hub';
/** Catalog annotation naming the Argo CD cluster a Resource stands for. @public */
export const ANNOTATION_CLUSTER = 'hub-spoke/cluster';
/** Component annotation naming an Argo CD Application (as used by the community Argo CD plugin). @public */
export const ANNOTATION_ARGOCD_APP_NAME = 'argocd/app-name';
/** Component annotation with a label selector for Argo CD Applications. @public */
export const ANNOTATION_ARGOCD_APP_SELECTOR = 'argocd/app-selector';

/** Signal channel on which the backend announces a new topology snapshot. @public */
export const TOPOLOGY_SIGNAL_CHANNEL = 'hub-spoke:topology';

/** Name Argo CD gives its own cluster. It is reported under the hub's name. @public */
export const ARGOCD_IN_CLUSTER_NAME = 'in-cluster';
/** Server URL Argo CD uses for its own cluster. @public */
export const ARGOCD_IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/**
 * The id of a cluster in the topology: cluster names are unique per hub only.
 *
 * @public
 */
export function clusterId(hub: string, cluster: string): string {
  return `${hub}/${cluster}`;
}

/** Scaffolder action that registers a new spoke with a hub's Argo CD. @public */
export const ACTION_SPOKE_ONBOARD = 'hub-spoke:spoke:onboard';
/** Scaffolder action that removes a spoke from a hub's Argo CD. @public */
export const ACTION_SPOKE_OFFBOARD = 'hub-spoke:spoke:offboard';
/** Scaffolder action that publishes an app to spokes' ingress. @public */
export const ACTION_APP_PUBLISH = 'hub-spoke:app:publish';
/** Label prefix on an Argo CD cluster Secret that switches an add-on on: `hub-spoke/addon-<name>: "enabled"`. @public */
export const ADDON_LABEL_PREFIX = 'hub-spoke/addon-';
/**
 * Tag of the template parameters that offer apply mode (`backstage:permissions: { tags: [...] }`): a policy shows
 * them only to those who may apply (scaffolder's template parameter permission with the HAS_TAG rule).
 *
 * @public
 */
export const TEMPLATE_TAG_APPLY_MODE = 'hub-spoke-apply';

/**
 * The Kubernetes resource types the simulator serves, grouped by API group.
 */

export interface ResourceType {
  /** API group; '' for the core group. */
  group: string;
  /** Served versions, preferred first. */
  versions: string[];
  /** Plural resource name used in paths. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Optional group that has to be installed (CRD) for the type to exist. */
  optional?: 'istio' | 'gatewayApi' | 'certManager';
  /** Field selectors supported besides metadata.name and metadata.namespace. */
  fields?: Record<string, (obj: Record<string, unknown>) => string | undefined>;
  /** Served only by hub clusters (Argo CD's own CRDs). */
  hubOnly?: boolean;
  /** A custom resource that every hub has (not switched by `apis`): lists carry apiVersion/kind. */
  crd?: boolean;
  /** Hub clusters accept create, server-side apply and delete of this type (see write/). */
  writable?: boolean;
}

function pathValue(
  obj: Record<string, unknown>,
  path: string[],
): string | undefined {
  let cur: unknown = obj;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  if (cur === undefined || cur === null) return undefined;
  return String(cur);
}

export const RESOURCE_TYPES: ResourceType[] = [
  {
    group: '',
    versions: ['v1'],
    resource: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    fields: { 'status.phase': o => pathValue(o, ['status', 'phase']) },
  },
  {
    group: '',
    versions: ['v1'],
    resource: 'nodes',
    singular: 'node',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    fields: {
      'spec.unschedulable': o =>
        pathValue(o, ['spec', 'unschedulable']) ?? 'false',
    },
  },
  {
    group: '',
    versions: ['v1'],
    resource: 'services',
    singular: 'service',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    fields: {
      'spec.type': o => pathValue(o, ['spec', 'type']),
      'spec.clusterIP': o => pathValue(o, ['spec', 'clusterIP']),
    },
  },
  {
    group: '',
    versions: ['v1'],
    resource: 'secrets',
    singular: 'secret',
    kind: 'Secret',
    namespaced: true,
    fields: { type: o => pathValue(o, ['type']) },
    writable: true,
  },
  {
    group: '',
    versions: ['v1'],
    resource: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
  },
  {
    group: '',
    versions: ['v1'],
    resource: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    fields: {
      'spec.nodeName': o => pathValue(o, ['spec', 'nodeName']),
      'status.phase': o => pathValue(o, ['status', 'phase']),
    },
  },
  {
    group: '',
    versions: ['v1'],
    resource: 'limitranges',
    singular: 'limitrange',
    kind: 'LimitRange',
    namespaced: true,
    shortNames: ['limits'],
  },
  {
    group: '',
    versions: ['v1'],
    resource: 'resourcequotas',
    singular: 'resourcequota',
    kind: 'ResourceQuota',
    namespaced: true,
    shortNames: ['quota'],
  },
  {
    group: 'apps',
    versions: ['v1'],
    resource: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
  },
  {
    group: 'apps',
    versions: ['v1'],
    resource: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
  },
  {
    group: 'apps',
    versions: ['v1'],
    resource: 'statefulsets',
    singular: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
  },
  {
    group: 'apps',
    versions: ['v1'],
    resource: 'daemonsets',
    singular: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
  },
  {
    group: 'batch',
    versions: ['v1'],
    resource: 'jobs',
    singular: 'job',
    kind: 'Job',
    namespaced: true,
  },
  {
    group: 'batch',
    versions: ['v1'],
    resource: 'cronjobs',
    singular: 'cronjob',
    kind: 'CronJob',
    namespaced: true,
    shortNames: ['cj'],
  },
  {
    group: 'autoscaling',
    versions: ['v2', 'v1'],
    resource: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    shortNames: ['hpa'],
  },
  {
    group: 'networking.k8s.io',
    versions: ['v1'],
    resource: 'ingresses',
    singular: 'ingress',
    kind: 'Ingress',
    namespaced: true,
    shortNames: ['ing'],
  },
  {
    group: 'networking.istio.io',
    versions: ['v1', 'v1beta1', 'v1alpha3'],
    resource: 'gateways',
    singular: 'gateway',
    kind: 'Gateway',
    namespaced: true,
    shortNames: ['gw'],
    optional: 'istio',
  },
  {
    group: 'networking.istio.io',
    versions: ['v1', 'v1beta1', 'v1alpha3'],
    resource: 'virtualservices',
    singular: 'virtualservice',
    kind: 'VirtualService',
    namespaced: true,
    shortNames: ['vs'],
    optional: 'istio',
  },
  {
    group: 'networking.istio.io',
    versions: ['v1', 'v1beta1', 'v1alpha3'],
    resource: 'destinationrules',
    singular: 'destinationrule',
    kind: 'DestinationRule',
    namespaced: true,
    shortNames: ['dr'],
    optional: 'istio',
  },
  {
    group: 'networking.istio.io',
    versions: ['v1', 'v1beta1', 'v1alpha3'],
    resource: 'serviceentries',
    singular: 'serviceentry',
    kind: 'ServiceEntry',
    namespaced: true,
    shortNames: ['se'],
    optional: 'istio',
  },
  {
    group: 'gateway.networking.k8s.io',
    versions: ['v1', 'v1beta1'],
    resource: 'gatewayclasses',
    singular: 'gatewayclass',
    kind: 'GatewayClass',
    namespaced: false,
    shortNames: ['gc'],
    optional: 'gatewayApi',
  },
  {
    group: 'gateway.networking.k8s.io',
    versions: ['v1', 'v1beta1'],
    resource: 'gateways',
    singular: 'gateway',
    kind: 'Gateway',
    namespaced: true,
    shortNames: ['gtw'],
    optional: 'gatewayApi',
  },
  {
    group: 'gateway.networking.k8s.io',
    versions: ['v1', 'v1beta1'],
    resource: 'httproutes',
    singular: 'httproute',
    kind: 'HTTPRoute',
    namespaced: true,
    optional: 'gatewayApi',
  },
  {
    group: 'cert-manager.io',
    versions: ['v1'],
    resource: 'certificates',
    singular: 'certificate',
    kind: 'Certificate',
    namespaced: true,
    shortNames: ['cert', 'certs'],
    optional: 'certManager',
  },
  {
    group: 'argoproj.io',
    versions: ['v1alpha1'],
    resource: 'applications',
    singular: 'application',
    kind: 'Application',
    namespaced: true,
    shortNames: ['app', 'apps'],
    hubOnly: true,
    crd: true,
    writable: true,
  },
];

/** The optional API groups by their fleet-file switch. */
export const OPTIONAL_GROUPS: Record<
  'istio' | 'gatewayApi' | 'certManager',
  string
> = {
  istio: 'networking.istio.io',
  gatewayApi: 'gateway.networking.k8s.io',
  certManager: 'cert-manager.io',
};

export function groupVersion(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function splitApiVersion(apiVersion: string): {
  group: string;
  version: string;
} {
  const i = apiVersion.lastIndexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** Finds the served type for an object's apiVersion and kind. */
export function typeForObject(
  apiVersion: string,
  kind: string,
): ResourceType | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  return RESOURCE_TYPES.find(
    t => t.group === group && t.kind === kind && t.versions.includes(version),
  );
}

/** Finds the type a path names (group, version, plural resource) among `types` (by default all of them). */
export function typeForPath(
  group: string,
  version: string,
  resource: string,
  types: ResourceType[] = RESOURCE_TYPES,
): ResourceType | undefined {
  return types.find(
    t =>
      t.group === group &&
      t.resource === resource &&
      t.versions.includes(version),
  );
}

/** Key of a type independent of version, used to store objects. */
export function typeKey(t: Pick<ResourceType, 'group' | 'resource'>): string {
  return t.group ? `${t.resource}.${t.group}` : t.resource;
}

export function supportedKinds(): string[] {
  return RESOURCE_TYPES.map(
    t => `${groupVersion(t.group, t.versions[0])} ${t.kind}`,
  );
}

/** Verbs of a served type (discovery): get and list; the simulator does not watch. */
export const READ_VERBS = ['get', 'list'];

/** Verbs of a type that a hub cluster also writes (discovery). */
export const WRITE_VERBS = ['create', 'delete', 'get', 'list', 'patch'];

/** Custom resources carry apiVersion/kind in lists; built-in types do not. */
export function isCustomResource(t: ResourceType): boolean {
  return t.optional !== undefined || t.crd === true;
}

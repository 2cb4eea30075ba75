/**
 * Discovery: the types a cluster serves, /version, the API groups (/apis) and each group version's resources.
 */
import { ClusterWorld } from '../fleet/world';
import {
  RESOURCE_TYPES,
  ResourceType,
  READ_VERBS,
  WRITE_VERBS,
  groupVersion,
} from './resources';

/** The types this cluster serves right now (CRDs it lacks, or hidden by a crd-absent fault, are gone). */
export function servedTypes(
  cluster: ClusterWorld,
  hiddenGroups: string[],
): ResourceType[] {
  return RESOURCE_TYPES.filter(t => {
    if (hiddenGroups.includes(t.group)) return false;
    if (t.hubOnly && cluster.role !== 'hub') return false;
    return !t.optional || cluster.groups[t.optional];
  });
}

/** /version of a cluster of this Kubernetes version. */
export function versionInfo(kubernetesVersion: string): Record<string, string> {
  const gitVersion = kubernetesVersion.startsWith('v')
    ? kubernetesVersion
    : `v${kubernetesVersion}`;
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  return {
    major: m ? m[1] : '1',
    minor: m ? m[2] : '0',
    gitVersion,
    gitCommit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    gitTreeState: 'clean',
    buildDate: '2026-06-11T09:12:47Z',
    goVersion: 'go1.24.11',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** The API groups of the served types, each with its versions (preferred first), as /apis lists them. */
export function groupsOf(
  types: ResourceType[],
): Array<Record<string, unknown>> {
  const groups = new Map<string, string[]>();
  for (const t of types) {
    if (t.group === '') continue;
    const versions = groups.get(t.group) ?? [];
    for (const v of t.versions) if (!versions.includes(v)) versions.push(v);
    groups.set(t.group, versions);
  }
  return [...groups.entries()].map(([name, versions]) => ({
    name,
    versions: versions.map(v => ({ groupVersion: `${name}/${v}`, version: v })),
    preferredVersion: {
      groupVersion: `${name}/${versions[0]}`,
      version: versions[0],
    },
  }));
}

/** The APIResourceList of one group version; a hub can write its writable types. */
export function resourceList(
  cluster: ClusterWorld,
  types: ResourceType[],
  group: string,
  version: string,
): Record<string, unknown> {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion(group, version),
    resources: types
      .filter(t => t.group === group && t.versions.includes(version))
      .map(t => ({
        name: t.resource,
        singularName: t.singular,
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: t.writable && cluster.role === 'hub' ? WRITE_VERBS : READ_VERBS,
        ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      })),
  };
}

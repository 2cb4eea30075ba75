import {
  hostMatchesPattern,
  RoutesEdge,
} from '@hub-spoke/plugin-hub-spoke-common';

/** A filter of an HTTPRoute's rule or backend ref: only a RequestHeaderModifier's `set` is read. */
export interface HTTPRouteFilterLike {
  type?: string;
  requestHeaderModifier?: {
    set?: Array<{ name?: string; value?: string }>;
  };
}

/** The minimal shapes read from the hub's cluster (Gateway API HTTPRoute, core Service, Istio DestinationRule). */
export interface HTTPRouteLike {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    hostnames?: string[];
    rules?: Array<{
      matches?: Array<{ path?: { type?: string; value?: string } }>;
      backendRefs?: Array<{
        group?: string;
        kind?: string;
        name?: string;
        namespace?: string;
        port?: number;
        weight?: number;
        filters?: HTTPRouteFilterLike[];
      }>;
      filters?: HTTPRouteFilterLike[];
    }>;
  };
}

export interface ServiceLike {
  metadata?: { name?: string; namespace?: string };
  spec?: { type?: string; externalName?: string };
}

export interface DestinationRuleLike {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    host?: string;
    trafficPolicy?: {
      outlierDetection?: {
        consecutive5xxErrors?: number;
        consecutiveErrors?: number;
        interval?: string;
        baseEjectionTime?: string;
        maxEjectionPercent?: number;
      };
    };
  };
}

/** A spoke a backend host can resolve to: its ingress domain and the hosts read from its API. */
export interface SpokeTarget {
  clusterId: string;
  ingressDomain?: string;
  hosts: string[];
}

function hostUnder(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const d = domain.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
  return h === d || h.endsWith(`.${d}`);
}

/** Finds the spoke an ExternalName host points at: by ingress domain first, then by the hosts it publishes. */
export function resolveSpoke(
  host: string,
  spokes: SpokeTarget[],
): SpokeTarget | undefined {
  const byDomain = spokes
    .filter(s => s.ingressDomain && hostUnder(host, s.ingressDomain))
    // the most specific domain wins
    .sort((a, b) => b.ingressDomain!.length - a.ingressDomain!.length)[0];
  return (
    byDomain ??
    spokes.find(s => s.hosts.some(pattern => hostMatchesPattern(pattern, host)))
  );
}

function describeMatches(
  matches: Array<{ path?: { type?: string; value?: string } }> | undefined,
): string {
  if (!matches?.length) return 'PathPrefix /';
  return matches
    .map(m => `${m.path?.type ?? 'PathPrefix'} ${m.path?.value ?? '/'}`)
    .join(', ');
}

function hostHeader(
  filters: HTTPRouteFilterLike[] | undefined,
): string | undefined {
  for (const filter of filters ?? []) {
    if (filter.type !== 'RequestHeaderModifier') continue;
    const set = filter.requestHeaderModifier?.set?.find(
      h => h.name?.toLowerCase() === 'host',
    );
    if (set?.value) return set.value;
  }
  return undefined;
}

/**
 * Traffic a hub gateway sends to spokes: for every HTTPRoute rule on the hub's cluster whose backendRefs are
 * ExternalName Services, one `routes` edge per backend that resolves to a spoke, with its share of the rule's
 * traffic in percent (Gateway API weights; an omitted weight is 1). A 0-weight backend stays an edge, marked idle.
 */
export function deriveRoutes(input: {
  hub: string;
  httpRoutes: HTTPRouteLike[];
  services: ServiceLike[];
  destinationRules: DestinationRuleLike[];
  spokes: SpokeTarget[];
}): RoutesEdge[] {
  const externalNames = new Map<string, string>();
  for (const service of input.services) {
    if (
      service.spec?.type === 'ExternalName' &&
      service.spec.externalName &&
      service.metadata?.name
    ) {
      externalNames.set(
        `${service.metadata.namespace ?? 'default'}/${service.metadata.name}`,
        service.spec.externalName,
      );
    }
  }

  const outlierFor = (
    service: string,
    namespace: string,
    externalName: string,
  ) => {
    const candidates = new Set([
      service,
      `${service}.${namespace}`,
      `${service}.${namespace}.svc`,
      `${service}.${namespace}.svc.cluster.local`,
      externalName,
    ]);
    const rule = input.destinationRules.find(
      dr =>
        dr.spec?.host &&
        candidates.has(dr.spec.host) &&
        // a short host in a DestinationRule is relative to the rule's own namespace
        (dr.spec.host.includes('.') ||
          (dr.metadata?.namespace ?? namespace) === namespace),
    );
    const od = rule?.spec?.trafficPolicy?.outlierDetection;
    if (!od) return undefined;
    return {
      ...((od.consecutive5xxErrors ?? od.consecutiveErrors) !== undefined
        ? {
            consecutive5xxErrors:
              od.consecutive5xxErrors ?? od.consecutiveErrors,
          }
        : {}),
      ...(od.interval ? { interval: od.interval } : {}),
      ...(od.baseEjectionTime ? { baseEjectionTime: od.baseEjectionTime } : {}),
      ...(od.maxEjectionPercent !== undefined
        ? { maxEjectionPercent: od.maxEjectionPercent }
        : {}),
    };
  };

  const edges: RoutesEdge[] = [];
  for (const route of input.httpRoutes) {
    const routeNamespace = route.metadata?.namespace ?? 'default';
    const routeName = route.metadata?.name ?? '';
    for (const rule of route.spec?.rules ?? []) {
      const backends = (rule.backendRefs ?? []).filter(
        ref =>
          (ref.kind ?? 'Service') === 'Service' &&
          (ref.group ?? '') === '' &&
          ref.name,
      );
      const total = backends.reduce((sum, ref) => sum + (ref.weight ?? 1), 0);
      for (const ref of backends) {
        const namespace = ref.namespace ?? routeNamespace;
        const externalName = externalNames.get(`${namespace}/${ref.name}`);
        if (!externalName) continue;
        const spoke = resolveSpoke(externalName, input.spokes);
        if (!spoke) continue;
        const raw = ref.weight ?? 1;
        const outlierDetection = outlierFor(ref.name!, namespace, externalName);
        const hostRewrite = hostHeader(ref.filters) ?? hostHeader(rule.filters);
        edges.push({
          kind: 'routes',
          from: input.hub,
          to: spoke.clusterId,
          route: { namespace: routeNamespace, name: routeName },
          hostnames: route.spec?.hostnames ?? [],
          match: describeMatches(rule.matches),
          weight: total > 0 ? Math.round((raw / total) * 1000) / 10 : 0,
          idle: raw === 0,
          backend: {
            service: ref.name!,
            namespace,
            externalName,
            ...(ref.port ? { port: ref.port } : {}),
          },
          ...(hostRewrite ? { hostRewrite } : {}),
          ...(outlierDetection ? { outlierDetection } : {}),
        });
      }
    }
  }
  return edges;
}

import {
  type CertificateInfo,
  type Cluster,
  gatewayHostMatches,
  type HostSource,
  hostMatchesPattern,
  type IngressHost,
  normalizeHost,
} from '@hub-spoke/plugin-hub-spoke-common';
import {
  CertManagerCertificate,
  ClusterObjects,
  GATEWAY_API_GROUP,
  ISTIO_GROUP,
  GatewayApiGateway,
  HttpBackendRef,
  HttpRoute,
  IstioDestination,
  IstioGateway,
  VirtualService,
} from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SummarizeOptions {
  now: Date;
  /** A certificate expiring within this many days (or expired) is flagged expiringSoon. */
  expiryWarningDays: number;
}

/** What a cluster's own API tells about it, in the shape of the shared `Cluster` model. */
export type ClusterSummary = Pick<Cluster, 'apiVersion'> &
  Required<Pick<Cluster, 'nodes' | 'ingress' | 'certificates'>>;

type Tls = NonNullable<IngressHost['tls']>;

/** TLS of a gateway server/listener, with the namespace its secret is looked up in. */
interface TlsSetting {
  tls: Tls;
  secretNamespace: string;
}

const isTrue = (
  conditions: Array<{ type: string; status: string }> | undefined,
  type: string,
) => (conditions ?? []).some(c => c.type === type && c.status === 'True');

const unique = <T>(values: T[]): T[] => [...new Set(values)];

/** Istio server hosts may be `namespace/host`; `*` / `.` / a namespace restrict which VirtualServices may bind. */
function splitServerHost(value: string): { namespace: string; host: string } {
  const i = value.indexOf('/');
  return i < 0
    ? { namespace: '*', host: value }
    : { namespace: value.slice(0, i), host: value.slice(i + 1) };
}

/** `*` alone publishes nothing a user could name. */
const isPublishable = (host: string) =>
  normalizeHost(host) !== '' && normalizeHost(host) !== '*';

/** Picks the setting of the most specific gateway host accepting `host`: an exact name beats a wildcard. */
function bestTls(
  candidates: Array<{ pattern: string; setting: TlsSetting }>,
  host: string,
): TlsSetting | undefined {
  const matching = candidates.filter(c => gatewayHostMatches(c.pattern, host));
  const exact = matching.find(
    c => normalizeHost(c.pattern) === normalizeHost(host),
  );
  return (
    exact ?? matching.sort((a, b) => b.pattern.length - a.pattern.length)[0]
  )?.setting;
}

function withWeight(
  target: string,
  weight: number | undefined,
  weighted: boolean,
): string {
  return weighted ? `${target} (weight ${weight ?? 1})` : target;
}

function istioDestination(d: IstioDestination | undefined): string | undefined {
  if (!d?.host) return undefined;
  return d.port?.number ? `${d.host}:${d.port.number}` : d.host;
}

function backendRefName(ref: HttpBackendRef, routeNamespace: string): string {
  const kind = ref.kind && ref.kind !== 'Service' ? `${ref.kind}/` : '';
  const ns =
    ref.namespace && ref.namespace !== routeNamespace
      ? `${ref.namespace}/`
      : '';
  return `${kind}${ns}${ref.name}${ref.port ? `:${ref.port}` : ''}`;
}

/** One IngressHost per host, merging every object that publishes it. */
class HostIndex {
  private readonly hosts = new Map<
    string,
    {
      host: string;
      sources: HostSource[];
      tls?: TlsSetting;
      destinations: string[];
    }
  >();

  add(
    host: string,
    hostSource: HostSource,
    tls: TlsSetting | undefined,
    destinations: string[] = [],
  ) {
    const key = normalizeHost(host);
    let entry = this.hosts.get(key);
    if (!entry) {
      entry = { host: key, sources: [], destinations: [] };
      this.hosts.set(key, entry);
    }
    const same = (s: HostSource) =>
      s.kind === hostSource.kind &&
      s.group === hostSource.group &&
      s.namespace === hostSource.namespace &&
      s.name === hostSource.name;
    if (!entry.sources.some(same)) entry.sources.push(hostSource);
    if (!entry.tls && tls) entry.tls = tls;
    entry.destinations = unique([...entry.destinations, ...destinations]);
  }

  entries() {
    return [...this.hosts.values()].sort((a, b) =>
      a.host.localeCompare(b.host),
    );
  }
}

function source(
  kind: HostSource['kind'],
  group: string,
  meta: { name: string; namespace?: string },
): HostSource {
  return { kind, group, namespace: meta.namespace ?? '', name: meta.name };
}

function addIstio(
  index: HostIndex,
  gateways: IstioGateway[],
  virtualServices: VirtualService[],
) {
  const byRef = new Map(
    gateways.map(g => [`${g.metadata.namespace ?? ''}/${g.metadata.name}`, g]),
  );

  for (const gw of gateways) {
    const ns = gw.metadata.namespace ?? '';
    for (const server of gw.spec?.servers ?? []) {
      const setting: TlsSetting | undefined = server.tls?.mode
        ? {
            tls: {
              mode: server.tls.mode,
              ...(server.tls.credentialName
                ? { credentialName: server.tls.credentialName }
                : {}),
            },
            secretNamespace: ns,
          }
        : undefined;
      for (const value of server.hosts ?? []) {
        const { host } = splitServerHost(value);
        if (isPublishable(host))
          index.add(host, source('Gateway', ISTIO_GROUP, gw.metadata), setting);
      }
    }
  }

  for (const vs of virtualServices) {
    const ns = vs.metadata.namespace ?? '';
    const refs = (
      vs.spec?.gateways?.length ? vs.spec.gateways : ['mesh']
    ).filter(r => r !== 'mesh');
    if (refs.length === 0) continue; // bound to the mesh only: not published through an ingress
    const attached = refs
      .map(ref => byRef.get(ref.includes('/') ? ref : `${ns}/${ref}`))
      .filter((g): g is IstioGateway => g !== undefined);
    const tlsCandidates = attached.flatMap(gw =>
      (gw.spec?.servers ?? [])
        .filter(s => s.tls?.mode)
        .flatMap(s =>
          (s.hosts ?? [])
            .map(splitServerHost)
            .filter(
              h =>
                h.namespace === '*' ||
                h.namespace === ns ||
                (h.namespace === '.' && gw.metadata.namespace === ns),
            )
            .map(h => ({
              pattern: h.host,
              setting: {
                tls: {
                  mode: s.tls!.mode!,
                  ...(s.tls!.credentialName
                    ? { credentialName: s.tls!.credentialName }
                    : {}),
                },
                secretNamespace: gw.metadata.namespace ?? '',
              },
            })),
        ),
    );
    const routes = [
      ...(vs.spec?.http ?? []),
      ...(vs.spec?.tls ?? []),
      ...(vs.spec?.tcp ?? []),
    ];
    const destinations = routes.flatMap(r => {
      const weighted = (r.route ?? []).length > 1;
      return (r.route ?? []).flatMap(dest => {
        const target = istioDestination(dest.destination);
        return target ? [withWeight(target, dest.weight, weighted)] : [];
      });
    });
    for (const host of vs.spec?.hosts ?? []) {
      if (!isPublishable(host)) continue;
      index.add(
        host,
        source('VirtualService', ISTIO_GROUP, vs.metadata),
        bestTls(tlsCandidates, host),
        destinations,
      );
    }
  }
}

type Listener = NonNullable<
  NonNullable<GatewayApiGateway['spec']>['listeners']
>[number];

function listenerTls(
  gw: GatewayApiGateway,
  listener: Listener,
): TlsSetting | undefined {
  const protocol = (listener.protocol ?? '').toUpperCase();
  if (!listener.tls || (protocol !== 'HTTPS' && protocol !== 'TLS'))
    return undefined;
  const ref = listener.tls.certificateRefs?.[0];
  return {
    tls: {
      mode: listener.tls.mode ?? 'Terminate',
      ...(ref?.name ? { credentialName: ref.name } : {}),
    },
    secretNamespace: ref?.namespace ?? gw.metadata.namespace ?? '',
  };
}

function addGatewayApi(
  index: HostIndex,
  gateways: GatewayApiGateway[],
  routes: HttpRoute[],
) {
  const byRef = new Map(
    gateways.map(g => [`${g.metadata.namespace ?? ''}/${g.metadata.name}`, g]),
  );

  for (const gw of gateways) {
    for (const listener of gw.spec?.listeners ?? []) {
      if (listener.hostname && isPublishable(listener.hostname)) {
        index.add(
          listener.hostname,
          source('Gateway', GATEWAY_API_GROUP, gw.metadata),
          listenerTls(gw, listener),
        );
      }
    }
  }

  for (const route of routes) {
    const ns = route.metadata.namespace ?? '';
    const listeners = (route.spec?.parentRefs ?? [])
      .filter(
        p =>
          (p.kind ?? 'Gateway') === 'Gateway' &&
          (p.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP,
      )
      .flatMap(p => {
        const gw = byRef.get(`${p.namespace ?? ns}/${p.name}`);
        if (!gw) return [];
        return (gw.spec?.listeners ?? [])
          .filter(l => !p.sectionName || l.name === p.sectionName)
          .map(l => ({ gw, l }));
      });
    const tlsCandidates = listeners.flatMap(({ gw, l }) => {
      const setting = listenerTls(gw, l);
      return setting ? [{ pattern: l.hostname || '*', setting }] : [];
    });
    const destinations = (route.spec?.rules ?? []).flatMap(rule => {
      const refs = rule.backendRefs ?? [];
      return refs.map(ref =>
        withWeight(backendRefName(ref, ns), ref.weight, refs.length > 1),
      );
    });
    for (const host of route.spec?.hostnames ?? []) {
      if (!isPublishable(host)) continue;
      index.add(
        host,
        source('HTTPRoute', GATEWAY_API_GROUP, route.metadata),
        bestTls(tlsCandidates, host),
        destinations,
      );
    }
  }
}

export function toCertificateInfo(
  cert: CertManagerCertificate,
  options: SummarizeOptions,
): CertificateInfo {
  const notAfter = cert.status?.notAfter;
  const expiresAt = notAfter ? Date.parse(notAfter) : NaN;
  const expiringSoon =
    !Number.isNaN(expiresAt) &&
    expiresAt - options.now.getTime() <= options.expiryWarningDays * DAY_MS;
  return {
    namespace: cert.metadata.namespace ?? '',
    name: cert.metadata.name,
    dnsNames: cert.spec?.dnsNames ?? [],
    ...(cert.spec?.secretName ? { secretName: cert.spec.secretName } : {}),
    ready: isTrue(cert.status?.conditions, 'Ready'),
    ...(notAfter ? { notAfter } : {}),
    expiringSoon,
  };
}

/**
 * The certificate serving a host: among those whose dnsNames cover it, the one stored in the secret the gateway
 * uses wins, then an exact dnsName beats a wildcard.
 */
function certificateFor(
  host: string,
  tls: TlsSetting | undefined,
  certificates: CertificateInfo[],
): CertificateInfo | undefined {
  /** 0: in the gateway's secret and namespace, 1: a secret of that name elsewhere, 2: any other. */
  const secretRank = (c: CertificateInfo) => {
    if (!tls?.tls.credentialName || c.secretName !== tls.tls.credentialName) {
      return 2;
    }
    return c.namespace === tls.secretNamespace ? 0 : 1;
  };
  const rank = (c: CertificateInfo) => {
    const exact = c.dnsNames.some(
      d => normalizeHost(d) === normalizeHost(host),
    );
    return secretRank(c) * 2 + (exact ? 0 : 1);
  };
  return certificates
    .filter(c => c.dnsNames.some(d => hostMatchesPattern(d, host)))
    .sort((a, b) => rank(a) - rank(b))[0];
}

function addresses(objects: ClusterObjects): string[] {
  const fromServices = objects.services
    .filter(s => s.spec?.type === 'LoadBalancer')
    .flatMap(s =>
      (s.status?.loadBalancer?.ingress ?? []).map(
        i => i.ip || i.hostname || '',
      ),
    );
  const fromGateways = objects.gateways.flatMap(g =>
    (g.status?.addresses ?? []).map(a => a.value),
  );
  return unique([...fromServices, ...fromGateways].filter(Boolean)).sort();
}

/** Turns one cluster's objects into what the topology shows: version, node readiness, ingress and certificates. */
export function summarizeCluster(
  objects: ClusterObjects,
  options: SummarizeOptions,
): ClusterSummary {
  const certificates = objects.certificates
    .map(c => toCertificateInfo(c, options))
    .sort((a, b) =>
      `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
    );

  const index = new HostIndex();
  addIstio(index, objects.istioGateways, objects.virtualServices);
  addGatewayApi(index, objects.gateways, objects.httpRoutes);

  const hosts: IngressHost[] = index.entries().map(entry => {
    const cert = certificateFor(entry.host, entry.tls, certificates);
    return {
      host: entry.host,
      sources: entry.sources,
      ...(entry.tls ? { tls: entry.tls.tls } : {}),
      ...(cert
        ? {
            certificate: {
              namespace: cert.namespace,
              name: cert.name,
              ready: cert.ready,
              ...(cert.notAfter ? { notAfter: cert.notAfter } : {}),
              expiringSoon: cert.expiringSoon,
            },
          }
        : {}),
      destinations: entry.destinations,
    };
  });

  return {
    ...(objects.gitVersion ? { apiVersion: objects.gitVersion } : {}),
    nodes: {
      ready: objects.nodes.filter(n => isTrue(n.status?.conditions, 'Ready'))
        .length,
      total: objects.nodes.length,
    },
    ingress: { addresses: addresses(objects), hosts },
    certificates,
  };
}

/**
 * hub-spoke:app:publish, step 2: the validated request resolved against the live topology into a PublishSpec.
 */
import { ConflictError, InputError } from '@backstage/errors';
import {
  ANNOTATION_INGRESS_DOMAIN,
  Cluster,
  HostSource,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import { PublishSpec, PublishTarget } from '../manifests';
import { given } from '../input/rules';
import {
  HIDDEN_CLUSTER,
  TopologyViews,
  topologyViews,
} from '../topology/views';
import { PublishRequest } from './validate';

const under = (host: string, domain: string) => host.endsWith(`.${domain}`);

/** Who may serve a host already: this app's own routes (the same name, in one of its namespaces). */
interface Owner {
  name: string;
  namespaces: string[];
}

const servedBy = (cluster: Cluster, host: string) =>
  cluster.ingress?.hosts.find(h => h.host === host);

const ownRoutes = (sources: HostSource[], owner: Owner) =>
  sources.length > 0 &&
  sources.every(
    s => s.name === owner.name && owner.namespaces.includes(s.namespace),
  );

/**
 * A host a cluster already serves (as the topology shows it) → ConflictError naming the routes that serve it; a re-run
 * of the same app (its own routes: same name and namespace) is not a conflict.
 */
function checkHostFree(
  cluster: Cluster | undefined,
  host: string,
  where: string,
  owner: Owner,
): void {
  const existing = cluster && servedBy(cluster, host);
  if (!existing || ownRoutes(existing.sources, owner)) return;
  throw new ConflictError(
    `host ${host} is already published on ${where} by ${existing.sources
      .map(s => `${s.kind} ${s.namespace}/${s.name}`)
      .join(', ')}; choose another host or remove that route first`,
  );
}

/**
 * A host any other cluster of the fleet already serves (not this app's own routes) → ConflictError: named with the
 * cluster and its routes when the initiator may see it, else "by an app on a cluster you cannot see".
 */
function checkHostFreeInFleet(
  views: TopologyViews,
  host: string,
  publishedOn: Set<string>,
  owner: Owner,
): void {
  for (const c of views.fleet.clusters) {
    if (publishedOn.has(c.id)) continue;
    const existing = servedBy(c, host);
    if (!existing || ownRoutes(existing.sources, owner)) continue;
    if (!views.canSee(c)) {
      throw new ConflictError(
        `host ${host} is already published by an app on ${HIDDEN_CLUSTER}; choose another host`,
      );
    }
    // throws, naming the cluster and the routes
    checkHostFree(
      c,
      host,
      c.role === 'hub' ? `hub ${c.hub}` : `${c.hub}/${c.name}`,
      owner,
    );
  }
}

/**
 * The Secret of the spoke's wildcard certificate for `*.<domain>` as the live topology shows it (a ready cert-manager
 * Certificate; the first by namespace/name when there are several), so tls wildcard reuses what the spoke really has.
 */
export function wildcardSecretOf(
  cluster: Cluster | undefined,
  domain: string,
): string | undefined {
  const wildcard = `*.${domain}`;
  return (cluster?.certificates ?? [])
    .filter(
      cert => cert.ready && cert.secretName && cert.dnsNames.includes(wildcard),
    )
    .sort((a, b) =>
      `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
    )[0]?.secretName;
}

/**
 * The targets resolved against the live topology as the initiator may see it (`views.mine`): registered spokes with
 * their ingress domains, the host under the domain (exposure spoke), one hub for exposure hub. Whether a host is
 * published already is checked on the whole fleet (`views.fleet`), naming only what the initiator may see. A target
 * the initiator cannot see is refused like an unknown one (also with allowUnregistered: Argo CD would resolve its
 * name to that cluster), and the spokes a refusal lists are those they can see. A plain topology stands for both
 * views (an initiator who sees the whole fleet).
 *
 * @public
 */
export function resolvePublish(
  req: PublishRequest,
  topology: TopologyViews | Topology,
): PublishSpec {
  const views = 'fleet' in topology ? topology : topologyViews(topology);
  const { spec } = req;
  const spokes = views.mine.clusters.filter(c => c.role === 'spoke');
  const known = () =>
    spokes
      .filter(c => c.registered)
      .map(c => c.name)
      .sort()
      .join(', ') || 'none';
  const targets: PublishTarget[] = req.targets.map(t => {
    const named = (c: Cluster) =>
      c.role === 'spoke' && c.name === t.cluster && (!t.hub || c.hub === t.hub);
    const matches = spokes.filter(named);
    if (matches.length > 1)
      throw new InputError(
        `target ${t.cluster} is a spoke of several hubs (${matches
          .map(c => c.hub)
          .join(', ')}): give its hub`,
      );
    const c = matches[0];
    const hidden =
      !c && views.fleet.clusters.some(x => named(x) && !views.canSee(x));
    if ((!c && !req.allowUnregistered) || hidden)
      throw new InputError(
        `target ${t.hub ? `${t.hub}/` : ''}${
          t.cluster
        } is not a spoke you can see; spokes you can see: ${known()}`,
      );
    if (c && !c.registered && !req.allowUnregistered)
      throw new InputError(
        `target ${t.cluster} is named by Applications on hub ${c.hub} but not registered with its Argo CD: ` +
          `onboard it first (hub-spoke:spoke:onboard); registered spokes you can see: ${known()}`,
      );
    const hub = c?.hub ?? t.hub;
    if (!hub)
      throw new InputError(
        `target ${t.cluster} is not in the topology: give its hub`,
      );
    const domain = given(c?.annotations?.[ANNOTATION_INGRESS_DOMAIN]);
    let spokeHost: string;
    if (spec.exposure === 'spoke') {
      if (domain && !under(spec.host, domain) && !req.allowAnyDomain)
        throw new InputError(
          `host ${spec.host} is not under ${t.cluster}'s ingress domain ${domain}: use e.g. ${spec.name}.${domain}, ` +
            'or set allowAnyDomain (then DNS and the certificate are yours to provide)',
        );
      if (!domain && !req.allowAnyDomain)
        throw new InputError(
          `target ${t.cluster} has no ingress domain (annotation ${ANNOTATION_INGRESS_DOMAIN}): set allowAnyDomain to publish ${spec.host} there anyway`,
        );
      if (
        spec.tls === 'wildcard' &&
        (!domain || spec.host.slice(0, -(domain.length + 1)).includes('.'))
      )
        throw new InputError(
          `tls wildcard: ${t.cluster}'s certificate covers *.${
            domain ?? '<no domain>'
          } only, not ${spec.host}; ` +
            'use tls dedicated or a host one label under the domain',
        );
      spokeHost = spec.host;
    } else {
      if (!domain)
        throw new InputError(
          `exposure hub needs ${t.cluster}'s ingress domain (annotation ${ANNOTATION_INGRESS_DOMAIN}) for the spoke-local host`,
        );
      spokeHost = `${spec.name}.${domain}`;
    }
    const wildcardSecret = domain ? wildcardSecretOf(c, domain) : undefined;
    return {
      cluster: t.cluster,
      hub,
      weight: t.weight,
      ...(domain ? { ingressDomain: domain } : {}),
      ...(wildcardSecret ? { wildcardSecret } : {}),
      spokeHost,
    };
  });
  const hubs = [...new Set(targets.map(t => t.hub))];
  if (spec.exposure === 'hub' && hubs.length > 1)
    throw new InputError(
      `exposure hub splits traffic from one hub's gateway, but the targets belong to ${hubs.join(
        ' and ',
      )}`,
    );
  if (spec.exposure === 'spoke' && targets.length > 1) {
    const domains = new Set(targets.map(t => t.ingressDomain));
    if (domains.size > 1 && !req.allowAnyDomain)
      throw new InputError(
        `with exposure spoke one host cannot be under the ingress domains of ${targets
          .map(t => t.cluster)
          .join(
            ' and ',
          )}: use exposure hub to serve one host from several spokes`,
      );
  }
  // The host already published: on the targets (which the initiator sees), then on any other cluster of the fleet.
  const fleetCluster = (hub: string, name: string) =>
    views.fleet.clusters.find(x => x.hub === hub && x.name === name);
  const owner: Owner = {
    name: spec.name,
    namespaces: [spec.namespace, spec.hubNamespace],
  };
  const publishedOn = new Set<string>();
  for (const t of targets) {
    publishedOn.add(`${t.hub}/${t.cluster}`);
    checkHostFree(
      fleetCluster(t.hub, t.cluster),
      t.spokeHost,
      `${t.hub}/${t.cluster}`,
      { name: spec.name, namespaces: [spec.namespace] },
    );
  }
  if (spec.exposure === 'hub') {
    publishedOn.add(`${hubs[0]}/${hubs[0]}`);
    checkHostFree(fleetCluster(hubs[0], hubs[0]), spec.host, `hub ${hubs[0]}`, {
      name: spec.name,
      namespaces: [spec.hubNamespace],
    });
  }
  for (const host of new Set([
    ...targets.map(t => t.spokeHost),
    ...(spec.exposure === 'hub' ? [spec.host] : []),
  ])) {
    checkHostFreeInFleet(views, host, publishedOn, owner);
  }
  const pinnedPaths = req.pinnedPaths.map(p => ({
    path: p.path,
    cluster: p.cluster ?? targets[0].cluster,
  }));
  return { ...spec, targets, pinnedPaths };
}

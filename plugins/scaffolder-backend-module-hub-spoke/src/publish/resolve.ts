/**
 * hub-spoke:app:publish, step 2: the validated request resolved against the live topology into a PublishSpec.
 */
import { ConflictError, InputError } from '@backstage/errors';
import {
  ANNOTATION_INGRESS_DOMAIN,
  Cluster,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import { PublishSpec, PublishTarget } from '../manifests';
import { given } from '../input/rules';
import { PublishRequest } from './validate';

const under = (host: string, domain: string) => host.endsWith(`.${domain}`);

/**
 * A host a cluster already serves (as the topology shows it) → ConflictError naming the routes that serve it; a re-run
 * of the same app (its own routes: same name and namespace) is not a conflict.
 */
function checkHostFree(
  cluster: Cluster | undefined,
  host: string,
  where: string,
  owner: { name: string; namespace: string },
): void {
  const existing = cluster?.ingress?.hosts.find(h => h.host === host);
  if (!existing) return;
  const { sources } = existing;
  const ownRoutes =
    sources.length > 0 &&
    sources.every(
      s => s.name === owner.name && s.namespace === owner.namespace,
    );
  if (!ownRoutes)
    throw new ConflictError(
      `host ${host} is already published on ${where} by ${sources
        .map(s => `${s.kind} ${s.namespace}/${s.name}`)
        .join(', ')}; choose another host or remove that route first`,
    );
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
 * The targets resolved against the live topology: registered spokes with their ingress domains, the host under the
 * domain (exposure spoke), no host published already, one hub for exposure hub.
 *
 * @public
 */
export function resolvePublish(
  req: PublishRequest,
  topology: Topology,
): PublishSpec {
  const { spec } = req;
  const spokes = topology.clusters.filter(c => c.role === 'spoke');
  const known = () =>
    spokes
      .filter(c => c.registered)
      .map(c => c.name)
      .sort()
      .join(', ');
  const targets: PublishTarget[] = req.targets.map(t => {
    const matches = spokes.filter(
      c => c.name === t.cluster && (!t.hub || c.hub === t.hub),
    );
    if (matches.length > 1)
      throw new InputError(
        `target ${t.cluster} is a spoke of several hubs (${matches
          .map(c => c.hub)
          .join(', ')}): give its hub`,
      );
    const c = matches[0];
    if (!c && !req.allowUnregistered)
      throw new InputError(
        `target ${t.hub ? `${t.hub}/` : ''}${
          t.cluster
        } is not a spoke of the live topology; known spokes: ${known()}`,
      );
    if (c && !c.registered && !req.allowUnregistered)
      throw new InputError(
        `target ${t.cluster} is named by Applications on hub ${c.hub} but not registered with its Argo CD: ` +
          `onboard it first (hub-spoke:spoke:onboard); registered spokes: ${known()}`,
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
  // The host already published?
  for (const t of targets) {
    checkHostFree(
      spokes.find(x => x.name === t.cluster && x.hub === t.hub),
      t.spokeHost,
      `${t.hub}/${t.cluster}`,
      spec,
    );
  }
  if (spec.exposure === 'hub') {
    checkHostFree(
      topology.clusters.find(c => c.name === hubs[0] && c.role === 'hub'),
      spec.host,
      `hub ${hubs[0]}`,
      { name: spec.name, namespace: spec.hubNamespace },
    );
  }
  const pinnedPaths = req.pinnedPaths.map(p => ({
    path: p.path,
    cluster: p.cluster ?? targets[0].cluster,
  }));
  return { ...spec, targets, pinnedPaths };
}

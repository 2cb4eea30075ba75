import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ANNOTATION_CLUSTER,
  ANNOTATION_HUB,
  Cluster,
  clusterId as toClusterId,
  Topology,
} from '@hub-spoke/plugin-hub-spoke-common';
import { useMemo } from 'react';
import { useTopology } from '../../hooks/useTopology';
import { useTopologyLink } from '../../hooks/useTopologyLink';
import { ClusterApplications } from '../ClusterDetails/ClusterDetailsDrawer';
import {
  ClusterStatusFacts,
  IngressHostsTable,
} from '../ClusterDetails/ClusterFacts';
import { FleetErrorPanel } from '../FleetError';
import { HealthCounts } from '../FleetStatus/HealthCounts';
import { SyncCounts } from '../FleetStatus/SyncCounts';

type Lookup =
  | { found: Cluster }
  | { missing: string }
  | { ambiguous: Cluster[]; name: string };

/**
 * Finds the cluster a Resource stands for: `hub-spoke/cluster` is a cluster name (with `hub-spoke/hub` naming its
 * hub) or a full id `<hub>/<name>`.
 */
export function findCluster(
  topology: Pick<Topology, 'clusters'>,
  cluster: string,
  hub?: string,
): Lookup {
  let id: string | undefined;
  if (cluster.includes('/')) {
    id = cluster;
  } else if (hub) {
    id = toClusterId(hub, cluster);
  }
  if (id) {
    const found = topology.clusters.find(c => c.id === id);
    if (found) return { found };
    const [hubName, name] = id.split('/');
    return { missing: `No cluster named ${name} on hub ${hubName}.` };
  }
  const named = topology.clusters.filter(c => c.name === cluster);
  if (named.length === 1) return { found: named[0] };
  if (named.length === 0) {
    return { missing: `No cluster named ${cluster} on any hub.` };
  }
  return { ambiguous: named, name: cluster };
}

/**
 * A Kubernetes cluster Resource's card: its state as the fleet sees it (Argo CD connection, API reads, nodes,
 * version), its published hosts and its applications, with a link to the topology page focused on it.
 *
 * @public
 */
export function EntityClusterCard(props: { title?: string }) {
  const { entity } = useEntity();
  const annotations = entity.metadata.annotations ?? {};
  const name = annotations[ANNOTATION_CLUSTER]?.trim() ?? '';
  const hub = annotations[ANNOTATION_HUB]?.trim() || undefined;
  const { value, error } = useTopology();
  const topologyLink = useTopologyLink();
  const lookup = useMemo(
    () => (value && name ? findCluster(value, name, hub) : undefined),
    [value, name, hub],
  );
  const cluster = lookup && 'found' in lookup ? lookup.found : undefined;

  let body;
  if (!name) {
    body = (
      <Typography variant="body2" color="textSecondary">
        Add the <code>{ANNOTATION_CLUSTER}</code> annotation (and{' '}
        <code>{ANNOTATION_HUB}</code>) to link this resource to a cluster of the
        fleet.
      </Typography>
    );
  } else if (error) {
    body = <FleetErrorPanel error={error} title="Could not load the cluster" />;
  } else if (!lookup) {
    body = <Progress />;
  } else if ('missing' in lookup) {
    body = <Typography variant="body1">{lookup.missing}</Typography>;
  } else if ('ambiguous' in lookup) {
    body = (
      <Typography variant="body1">
        {lookup.ambiguous.length} clusters are named {lookup.name} (on{' '}
        {lookup.ambiguous.map(c => c.hub).join(', ')}): add the{' '}
        <code>{ANNOTATION_HUB}</code> annotation to pick one.
      </Typography>
    );
  } else {
    const found = lookup.found;
    body = (
      <>
        <ClusterStatusFacts cluster={found} />
        <Box mt={2} display="flex" flexWrap="wrap" gridGap={16}>
          <HealthCounts counts={found.applications} />
          <SyncCounts counts={found.applications} />
        </Box>
        <Box mt={2}>
          <Typography variant="subtitle2" gutterBottom>
            Published hosts
          </Typography>
          <IngressHostsTable hosts={found.ingress?.hosts ?? []} />
        </Box>
        <Box mt={2}>
          <ClusterApplications clusterId={found.id} pageSize={10} />
        </Box>
      </>
    );
  }

  return (
    <InfoCard
      title={props.title ?? `Cluster ${cluster?.name ?? name}`}
      subheader={cluster ? `${cluster.role} of hub ${cluster.hub}` : hub}
      deepLink={
        cluster && topologyLink
          ? { title: 'View in fleet topology', link: topologyLink(cluster.id) }
          : undefined
      }
    >
      {body}
    </InfoCard>
  );
}

import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Divider from '@material-ui/core/Divider';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import CloseIcon from '@material-ui/icons/Close';
import {
  Cluster,
  RoutesEdge,
  TopologyEdge,
} from '@hub-spoke/plugin-hub-spoke-common';
import { ReactNode, useEffect, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { hubSpokeApiRef } from '../../api';
import { ApplicationTable } from '../ApplicationTable';
import { FleetErrorPanel } from '../FleetError';
import { ClusterRoleChip } from '../FleetStatus/ClusterRoleChip';
import { HealthCounts } from '../FleetStatus/HealthCounts';
import { SyncCounts } from '../FleetStatus/SyncCounts';
import {
  CertificatesTable,
  ClusterStatusFacts,
  IngressHostsTable,
  ValueChips,
} from './ClusterFacts';

const useStyles = makeStyles((theme: Theme) => ({
  paper: {
    width: 'min(760px, 100vw)',
    padding: theme.spacing(2, 3),
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  title: { flex: 1, wordBreak: 'break-all' },
  section: { margin: theme.spacing(3, 0, 1) },
}));

function Section(props: { title: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <section aria-label={props.title}>
      <Typography variant="h6" component="h3" className={classes.section}>
        {props.title}
      </Typography>
      {props.children}
    </section>
  );
}

/** The applications of one cluster, read from the backend when the details open. */
export function ClusterApplications(props: {
  clusterId: string;
  pageSize?: number;
  title?: string;
}) {
  const api = useApi(hubSpokeApiRef);
  const { value, loading, error } = useAsync(
    () => api.getApplications({ cluster: props.clusterId }),
    [api, props.clusterId],
  );
  if (error) {
    return (
      <FleetErrorPanel error={error} title="Could not load the applications" />
    );
  }
  const items = value?.items ?? [];
  return (
    <ApplicationTable
      title={props.title ?? `Applications (${loading ? '…' : items.length})`}
      applications={items}
      loading={loading}
      pageSize={props.pageSize ?? 20}
      columns={[
        'nameAndNamespace',
        'project',
        'sync',
        'health',
        'revision',
        'operation',
        'urls',
      ]}
      emptyText="Argo CD deploys no application to this cluster."
    />
  );
}

function RoutesTo(props: { routes: RoutesEdge[] }) {
  if (props.routes.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No hub gateway routes traffic to this cluster.
      </Typography>
    );
  }
  return (
    <ul aria-label="Routes to this cluster">
      {props.routes.map(r => (
        <li
          key={`${r.from}/${r.route.namespace}/${r.route.name}/${r.backend.service}`}
        >
          <Typography variant="body2">
            <strong>{r.idle ? 'idle (0%)' : `${r.weight}%`}</strong> of{' '}
            {r.hostnames.join(', ') || 'any host'} {r.match} from {r.from}'s
            gateway (route {r.route.namespace}/{r.route.name}, backend{' '}
            {r.backend.namespace}/{r.backend.service} → {r.backend.externalName}
            {r.backend.port ? `:${r.backend.port}` : ''})
            {r.hostRewrite ? `, Host rewritten to ${r.hostRewrite}` : ''}
          </Typography>
        </li>
      ))}
    </ul>
  );
}

function ClusterDetails(props: {
  cluster: Cluster;
  edges: TopologyEdge[];
  onSelect: (clusterId: string) => void;
}) {
  const { cluster, edges, onSelect } = props;
  const routes = useMemo(
    () =>
      edges.filter(
        (e): e is RoutesEdge => e.kind === 'routes' && e.to === cluster.id,
      ),
    [edges, cluster.id],
  );
  const labels = Object.entries(cluster.labels).map(([k, v]) => `${k}=${v}`);
  return (
    <>
      <ClusterStatusFacts cluster={cluster} />

      <Section title="Application status">
        <Box display="flex" flexWrap="wrap" gridGap={16}>
          <HealthCounts counts={cluster.applications} />
          <SyncCounts counts={cluster.applications} />
        </Box>
      </Section>

      <Section title="Ingress">
        <Typography variant="overline" color="textSecondary" component="div">
          Addresses
        </Typography>
        <ValueChips
          label="Ingress addresses"
          values={cluster.ingress?.addresses ?? []}
          empty={cluster.ingress ? 'none' : 'not read from this cluster'}
        />
        <Box mt={2}>
          <IngressHostsTable hosts={cluster.ingress?.hosts ?? []} />
        </Box>
      </Section>

      {(cluster.certificates?.length ?? 0) > 0 && (
        <Section title="Certificates">
          <CertificatesTable certificates={cluster.certificates!} />
        </Section>
      )}

      <Section title="Traffic from hub gateways">
        <RoutesTo routes={routes} />
      </Section>

      <Section title="Networks">
        <ValueChips
          label="CIDRs"
          values={cluster.cidrs}
          empty="no CIDR known"
        />
        {cluster.cidrOverlaps.length > 0 && (
          <ul aria-label="CIDR overlaps">
            {cluster.cidrOverlaps.map(o =>
              'clusterId' in o ? (
                <li key={`${o.cidr}-${o.clusterId}-${o.otherCidr}`}>
                  <Typography variant="body2" color="error">
                    {o.cidr} overlaps {o.otherCidr} of{' '}
                    <Link
                      component="button"
                      variant="body2"
                      onClick={() => onSelect(o.clusterId)}
                    >
                      {o.clusterId}
                    </Link>
                  </Typography>
                </li>
              ) : (
                // the backend does not name a cluster the user may not see: nothing to link to
                <li key={`${o.cidr}-hidden`}>
                  <Typography variant="body2" color="error">
                    {o.cidr} overlaps a cluster you cannot see
                  </Typography>
                </li>
              ),
            )}
          </ul>
        )}
      </Section>

      <Section title="Labels">
        <ValueChips label="Labels" values={labels} empty="no labels" />
      </Section>

      <Box mt={3}>
        <ClusterApplications clusterId={cluster.id} />
      </Box>
    </>
  );
}

/**
 * Details of the selected cluster in a drawer on the right, which leaves the graph usable (click another node to
 * switch). Closes with its button or Escape.
 */
export function ClusterDetailsDrawer(props: {
  clusterId: string;
  cluster?: Cluster;
  edges: TopologyEdge[];
  onClose: () => void;
  onSelect: (clusterId: string) => void;
}) {
  const { clusterId, cluster, edges, onClose, onSelect } = props;
  const classes = useStyles();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <Drawer
      variant="persistent"
      anchor="right"
      open
      PaperProps={
        {
          component: 'aside',
          'aria-label': `Cluster ${cluster?.name ?? clusterId}`,
          className: classes.paper,
        } as any
      }
    >
      <div className={classes.header}>
        <Typography variant="h5" component="h2" className={classes.title}>
          {cluster?.name ?? clusterId}
        </Typography>
        {cluster && <ClusterRoleChip role={cluster.role} />}
        <IconButton aria-label="Close details" onClick={onClose}>
          <CloseIcon />
        </IconButton>
      </div>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {clusterId}
      </Typography>
      <Divider />
      <Box mt={2}>
        {cluster ? (
          <ClusterDetails cluster={cluster} edges={edges} onSelect={onSelect} />
        ) : (
          <Typography variant="body1">
            The fleet has no cluster {clusterId}, or you may not see it.
          </Typography>
        )}
      </Box>
    </Drawer>
  );
}

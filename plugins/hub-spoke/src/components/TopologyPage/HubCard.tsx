import { InfoCard, Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Cluster, Hub } from '@hub-spoke/plugin-hub-spoke-common';
import { ReactNode } from 'react';
import { Fact } from '../ClusterDetails';
import { HubStatusChip, RelativeTime } from '../FleetStatus';
import { ClusterTable } from './ClusterTable';

/** Four facts a row from `md` up, two below. */
const QUARTER = { xs: 6, md: 3 } as const;

function HubProblem(props: { hub: Hub; clusters: Cluster[] }) {
  const { hub, clusters } = props;
  if (hub.status === 'ok') {
    return null;
  }
  const severity = hub.status === 'pending' ? 'info' : 'error';
  let dataNote: ReactNode = null;
  if (hub.status !== 'pending') {
    dataNote =
      clusters.length > 0 ? (
        <>
          Showing last-known data from{' '}
          <RelativeTime value={hub.lastSuccessAt} fallback="an earlier poll" />.
        </>
      ) : (
        'No data has been read from this hub yet.'
      );
  }
  return (
    <Box mb={2}>
      <Alert severity={severity}>
        <div>
          {`${hub.name} — ${hub.status}${
            hub.message ? `: ${hub.message}` : ''
          }`}
        </div>
        {dataNote && <Typography variant="body2">{dataNote}</Typography>}
      </Alert>
    </Box>
  );
}

/**
 * One hub: its Argo CD's state as the backend last saw it and the clusters it manages.
 */
export function HubCard(props: {
  hub: Hub;
  clusters: Cluster[];
  onSelect?: (clusterId: string) => void;
}) {
  const { hub, clusters, onSelect } = props;
  return (
    <InfoCard
      title={hub.name}
      subheader={<Link to={hub.url}>{hub.url}</Link>}
      titleTypographyProps={{ component: 'h3' }}
      noPadding
    >
      <Box p={2}>
        <HubProblem hub={hub} clusters={clusters} />
        <Grid container spacing={2}>
          <Fact label="Status" grid={QUARTER}>
            <HubStatusChip status={hub.status} />
          </Fact>
          <Fact label="Argo CD version" grid={QUARTER}>
            {hub.argocdVersion ?? 'unknown'}
          </Fact>
          <Fact label="Last successful poll" grid={QUARTER}>
            <RelativeTime value={hub.lastSuccessAt} />
          </Fact>
          <Fact label="Clusters" grid={QUARTER}>
            {clusters.length}
          </Fact>
        </Grid>
      </Box>
      <ClusterTable hub={hub.name} clusters={clusters} onSelect={onSelect} />
    </InfoCard>
  );
}

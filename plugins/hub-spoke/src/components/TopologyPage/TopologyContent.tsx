import {
  ContentHeader,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { ResponseError } from '@backstage/errors';
import { Topology } from '@hub-spoke/plugin-hub-spoke-common';
import { useMemo } from 'react';
import { useTopology } from '../../hooks/useTopology';
import { RelativeTime } from '../FleetStatus';
import { HubCard } from './HubCard';
import { NoHubsEmptyState } from './NoHubsEmptyState';

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * The panel title: a ResponseError's own message is only "Request failed with 403 Forbidden"; the backend's
 * message (why it was refused) is in its cause, so put that where the user sees it without expanding anything.
 */
function errorTitle(error: Error): string {
  const cause = (error as Partial<ResponseError>).cause;
  if (error.name === 'ResponseError' && cause?.message) {
    return `Could not load the fleet topology: ${cause.message}`;
  }
  return `Could not load the fleet topology: ${error.message}`;
}

function HubList(props: { topology: Topology }) {
  const { hubs, clusters } = props.topology;
  const clustersByHub = useMemo(() => {
    const byHub = new Map<string, typeof clusters>();
    for (const cluster of clusters) {
      byHub.set(cluster.hub, [...(byHub.get(cluster.hub) ?? []), cluster]);
    }
    return byHub;
  }, [clusters]);

  if (hubs.length === 0) {
    return <NoHubsEmptyState />;
  }
  return (
    <Grid container spacing={3} direction="column">
      {hubs.map(hub => (
        <Grid
          item
          key={hub.name}
          component="section"
          aria-label={`Hub ${hub.name}`}
        >
          <HubCard hub={hub} clusters={clustersByHub.get(hub.name) ?? []} />
        </Grid>
      ))}
    </Grid>
  );
}

/**
 * The topology without the page chrome: a header with a refresh button, then one card per hub.
 */
export function TopologyContent() {
  const { value, loading, error, retry, live } = useTopology();

  let body;
  if (error) {
    body = <ResponseErrorPanel error={error} title={errorTitle(error)} />;
  } else if (!value) {
    body = <Progress />;
  } else {
    body = <HubList topology={value} />;
  }

  return (
    <>
      <ContentHeader
        title="Fleet topology"
        descriptionComponent={
          value && !error ? (
            <Typography variant="body2" color="textSecondary">
              {plural(value.hubs.length, 'hub')},{' '}
              {plural(value.clusters.length, 'cluster')} · snapshot from{' '}
              <RelativeTime value={value.generatedAt} />
              {live && ' · updates live'}
            </Typography>
          ) : undefined
        }
      >
        <Button
          variant="outlined"
          color="primary"
          startIcon={<RefreshIcon />}
          onClick={retry}
          disabled={loading}
        >
          {loading && value ? 'Refreshing…' : 'Refresh'}
        </Button>
      </ContentHeader>
      {body}
    </>
  );
}

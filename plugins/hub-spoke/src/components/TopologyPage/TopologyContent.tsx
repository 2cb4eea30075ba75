import { ContentHeader, InfoCard, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { Cluster, Topology } from '@hub-spoke/plugin-hub-spoke-common';
import { useMemo, useState } from 'react';
import { useTopology } from '../../hooks/useTopology';
import { ClusterDetailsDrawer } from '../ClusterDetails';
import { FleetErrorPanel } from '../FleetError';
import {
  applyFilters,
  FleetFiltersBar,
  FleetFiltersState,
  useFleetFilters,
} from '../FleetFilters';
import { RelativeTime } from '../FleetStatus';
import { FleetSummary, summarizeFleet } from '../FleetSummary';
import { TopologyGraph } from '../TopologyGraph';
import { HubCard } from './HubCard';
import { NoHubsEmptyState } from './NoHubsEmptyState';
import { PartialFailureBanner } from './PartialFailureBanner';
import { plural } from '../../text';

function HubList(props: {
  topology: Pick<Topology, 'hubs' | 'clusters'>;
  onSelect: (clusterId: string) => void;
}) {
  const { hubs, clusters } = props.topology;
  const clustersByHub = useMemo(() => {
    const byHub = new Map<string, Cluster[]>();
    for (const cluster of clusters) {
      const list = byHub.get(cluster.hub);
      if (list) list.push(cluster);
      else byHub.set(cluster.hub, [cluster]);
    }
    return byHub;
  }, [clusters]);

  return (
    <Grid container spacing={3} direction="column">
      {hubs.map(hub => (
        <Grid
          item
          key={hub.name}
          component="section"
          aria-label={`Hub ${hub.name}`}
        >
          <HubCard
            hub={hub}
            clusters={clustersByHub.get(hub.name) ?? []}
            onSelect={props.onSelect}
          />
        </Grid>
      ))}
    </Grid>
  );
}

/** The fleet once loaded: failures, summary, filters, graph, hub cards and the selected cluster's details. */
function FleetView(props: { topology: Topology; state: FleetFiltersState }) {
  const { topology, state } = props;
  const {
    filters,
    setFilters,
    clearFilters,
    selectedClusterId,
    selectCluster,
  } = state;
  // The cluster of a shared link is zoomed to when the graph first shows.
  const [focusId] = useState(selectedClusterId);
  const summary = useMemo(() => summarizeFleet(topology), [topology]);
  const visible = useMemo(
    () => applyFilters(topology, filters),
    [topology, filters],
  );
  const hubNames = useMemo(() => topology.hubs.map(h => h.name), [topology]);
  const selected = selectedClusterId
    ? topology.clusters.find(c => c.id === selectedClusterId)
    : undefined;

  return (
    <>
      <PartialFailureBanner topology={topology} onSelect={selectCluster} />
      <FleetSummary summary={summary} filters={filters} onFilter={setFilters} />
      <FleetFiltersBar
        hubNames={hubNames}
        filters={filters}
        onChange={setFilters}
        onClear={clearFilters}
        shown={visible.clusters.length}
        total={topology.clusters.length}
      />
      <Box mb={3}>
        <InfoCard title="Topology" noPadding>
          {visible.hubs.length === 0 ? (
            <Box p={4} textAlign="center">
              <Typography variant="body1" gutterBottom>
                No cluster matches the filters.
              </Typography>
              <Button color="primary" variant="outlined" onClick={clearFilters}>
                Clear filters
              </Button>
            </Box>
          ) : (
            <TopologyGraph
              hubs={visible.hubs}
              clusters={visible.clusters}
              edges={visible.edges}
              selectedId={selectedClusterId}
              onSelect={selectCluster}
              focusId={focusId}
            />
          )}
        </InfoCard>
      </Box>
      <HubList topology={visible} onSelect={selectCluster} />
      {selectedClusterId && (
        <ClusterDetailsDrawer
          clusterId={selectedClusterId}
          cluster={selected}
          edges={topology.edges}
          onClose={() => selectCluster(undefined)}
          onSelect={selectCluster}
        />
      )}
    </>
  );
}

/**
 * The topology without the page chrome: a header with a refresh button, then the fleet (summary, filters, graph,
 * one card per hub) with the selected cluster's details. Filters and the selected cluster live in the URL.
 */
export function TopologyContent() {
  const { value, loading, error, retry, live } = useTopology();
  const state = useFleetFilters();

  let body;
  if (error) {
    body = (
      <FleetErrorPanel
        error={error}
        title="Could not load the fleet topology"
      />
    );
  } else if (!value) {
    body = <Progress />;
  } else if (value.hubs.length === 0) {
    body = <NoHubsEmptyState />;
  } else {
    body = <FleetView topology={value} state={state} />;
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

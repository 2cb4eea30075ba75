import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { Cluster } from '@hub-spoke/plugin-hub-spoke-common';
import { clusterMarkers } from '../FleetStatus/clusterMarkers';
import { MarkerIcon } from '../FleetStatus/MarkerIcon';
import { useMemo } from 'react';
import {
  ClusterRoleChip,
  ConnectionStatus,
  HealthCounts,
  NotRegisteredChip,
  RelativeTime,
  StaleChip,
  SyncCounts,
} from '../FleetStatus';

function ClusterName(props: { cluster: Cluster }) {
  const { cluster } = props;
  return (
    <>
      <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={4}>
        <Typography variant="body2" component="span">
          <strong>{cluster.name}</strong>
        </Typography>
        {!cluster.registered && <NotRegisteredChip />}
        {cluster.stale && <StaleChip />}
        {clusterMarkers(cluster)
          .filter(m => m.kind === 'unreachable' || m.kind === 'unauthorized')
          .map(m => (
            <Tooltip
              key={m.kind}
              title={<span style={{ whiteSpace: 'pre-line' }}>{m.reason}</span>}
            >
              <Chip
                size="small"
                variant="outlined"
                icon={<MarkerIcon kind={m.kind} />}
                label={m.kind}
              />
            </Tooltip>
          ))}
      </Box>
      {cluster.server && (
        <Typography variant="caption" component="div" color="textSecondary">
          {cluster.server}
        </Typography>
      )}
      {cluster.stale && (
        <Typography variant="caption" component="div" color="textSecondary">
          data from{' '}
          <RelativeTime
            value={cluster.lastSuccessAt}
            fallback="an unknown time"
          />
        </Typography>
      )}
    </>
  );
}

/** Clusters per page: a hub with hundreds of spokes stays quick to render. */
const PAGE_SIZE = 25;

const columns: TableColumn<Cluster>[] = [
  {
    title: 'Cluster',
    field: 'name',
    highlight: true,
    render: cluster => <ClusterName cluster={cluster} />,
  },
  {
    title: 'Role',
    field: 'role',
    render: cluster => <ClusterRoleChip role={cluster.role} />,
  },
  {
    title: 'Connection',
    field: 'connection.status',
    render: cluster => <ConnectionStatus connection={cluster.connection} />,
  },
  {
    title: 'Kubernetes',
    field: 'version',
    render: cluster => cluster.version ?? '—',
  },
  {
    title: 'Apps',
    field: 'applications.total',
    type: 'numeric',
  },
  {
    title: 'Health',
    sorting: false,
    render: cluster => <HealthCounts counts={cluster.applications} />,
  },
  {
    title: 'Sync',
    sorting: false,
    render: cluster => <SyncCounts counts={cluster.applications} />,
  },
];

/**
 * The clusters of one hub: Argo CD's view of each (connection, version, application counts) and markers for
 * unregistered destinations and stale data.
 */
export function ClusterTable(props: {
  hub: string;
  clusters: Cluster[];
  /** Called with the cluster id when a row is clicked. */
  onSelect?: (clusterId: string) => void;
}) {
  const { onSelect } = props;
  // material-table writes bookkeeping into the rows it is given: hand it copies.
  const data = useMemo(
    () => props.clusters.map(c => ({ ...c })),
    [props.clusters],
  );
  const paging = data.length > PAGE_SIZE;
  return (
    <Table<Cluster>
      title={`Clusters of ${props.hub}`}
      columns={columns}
      data={data}
      onRowClick={
        onSelect
          ? (_event, cluster) => cluster && onSelect(cluster.id)
          : undefined
      }
      options={{
        paging,
        pageSize: PAGE_SIZE,
        pageSizeOptions: [PAGE_SIZE, 100, 250],
        emptyRowsWhenPaging: false,
        search: false,
        toolbar: false,
        padding: 'dense',
        draggable: false,
      }}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2" color="textSecondary">
            No clusters known for this hub yet.
          </Typography>
        </Box>
      }
    />
  );
}

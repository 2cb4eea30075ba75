import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Cluster } from '@hub-spoke/plugin-hub-spoke-common';
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
export function ClusterTable(props: { hub: string; clusters: Cluster[] }) {
  // material-table writes bookkeeping into the rows it is given: hand it copies.
  const data = useMemo(
    () => props.clusters.map(c => ({ ...c })),
    [props.clusters],
  );
  return (
    <Table<Cluster>
      title={`Clusters of ${props.hub}`}
      columns={columns}
      data={data}
      options={{
        paging: false,
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

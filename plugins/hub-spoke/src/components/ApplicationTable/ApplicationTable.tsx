import { Link, Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ApplicationSummary } from '@hub-spoke/plugin-hub-spoke-common';
import { useMemo } from 'react';
import { HealthStatusLabel, SyncStatusLabel } from '../FleetStatus/AppStatus';

/** Columns an application table can show. */
export type ApplicationColumn =
  | 'name'
  | 'hub'
  | 'cluster'
  | 'namespace'
  | 'project'
  | 'sync'
  | 'health'
  | 'revision'
  | 'operation'
  | 'urls'
  /** Application name with its destination namespace beneath. */
  | 'nameAndNamespace'
  /** Spoke (linked), with hub and namespace beneath: for narrow cards. */
  | 'where'
  /** Sync and health stacked: for narrow cards. */
  | 'status';

/** A git SHA shortened to 7 characters; tags, branches and chart versions as they are. */
export function shortRevision(revision?: string): string {
  if (!revision) return '';
  return /^[0-9a-f]{40}$/i.test(revision) ? revision.slice(0, 7) : revision;
}

/** The readable part of an external URL: host and path. */
export function urlLabel(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname === '/' ? '' : parsed.pathname;
    return `${parsed.host}${path}`;
  } catch {
    return url;
  }
}

function columnsFor(
  keys: ApplicationColumn[],
  clusterLink?: (app: ApplicationSummary) => string | undefined,
): TableColumn<ApplicationSummary>[] {
  const all: Record<ApplicationColumn, TableColumn<ApplicationSummary>> = {
    name: { title: 'Application', field: 'name', highlight: true },
    nameAndNamespace: {
      title: 'Application',
      field: 'name',
      highlight: true,
      render: app => (
        <>
          {app.name}
          {app.namespace && (
            <Typography variant="caption" component="div" color="textSecondary">
              {app.namespace}
            </Typography>
          )}
        </>
      ),
    },
    hub: { title: 'Hub', field: 'hub' },
    cluster: {
      title: 'Spoke',
      field: 'cluster',
      render: app => {
        const to = clusterLink?.(app);
        return to ? <Link to={to}>{app.cluster}</Link> : app.cluster;
      },
    },
    namespace: {
      title: 'Namespace',
      field: 'namespace',
      render: app => app.namespace ?? '—',
    },
    project: { title: 'Project', field: 'project' },
    sync: {
      title: 'Sync',
      field: 'sync',
      cellStyle: { whiteSpace: 'nowrap' },
      render: app => <SyncStatusLabel sync={app.sync} />,
    },
    health: {
      title: 'Health',
      field: 'health',
      cellStyle: { whiteSpace: 'nowrap' },
      render: app => <HealthStatusLabel health={app.health} />,
    },
    where: {
      title: 'Spoke',
      field: 'clusterId',
      render: app => {
        const to = clusterLink?.(app);
        return (
          <>
            {to ? <Link to={to}>{app.cluster}</Link> : app.cluster}
            <Typography variant="caption" component="div" color="textSecondary">
              {app.hub}
              {app.namespace ? ` · ${app.namespace}` : ''}
            </Typography>
          </>
        );
      },
    },
    status: {
      title: 'Status',
      field: 'health',
      cellStyle: { whiteSpace: 'nowrap' },
      render: app => (
        <>
          <div>
            <SyncStatusLabel sync={app.sync} />
          </div>
          <div>
            <HealthStatusLabel health={app.health} />
          </div>
        </>
      ),
    },
    revision: {
      title: 'Revision',
      field: 'revision',
      render: app =>
        app.revision ? (
          <span title={app.revision}>
            <code>{shortRevision(app.revision)}</code>
          </span>
        ) : (
          '—'
        ),
    },
    operation: {
      title: 'Last operation',
      field: 'operationPhase',
      render: app => app.operationPhase ?? '—',
    },
    urls: {
      title: 'External URLs',
      sorting: false,
      render: app =>
        app.externalURLs.length === 0 ? (
          '—'
        ) : (
          <Box display="flex" flexDirection="column">
            {app.externalURLs.map(url => (
              <Link key={url} to={url}>
                {urlLabel(url)}
              </Link>
            ))}
          </Box>
        ),
    },
  };
  return keys.map(k => all[k]);
}

/**
 * Argo CD Applications in a core-components Table: sortable, searchable and paged, so tens of thousands of rows
 * stay usable (only one page is rendered).
 */
export function ApplicationTable(props: {
  title: string;
  applications: ApplicationSummary[];
  columns: ApplicationColumn[];
  pageSize?: number;
  loading?: boolean;
  clusterLink?: (app: ApplicationSummary) => string | undefined;
  emptyText?: string;
}) {
  const {
    title,
    applications,
    columns,
    pageSize = 20,
    loading,
    clusterLink,
    emptyText = 'No applications.',
  } = props;
  // material-table writes bookkeeping into the rows it is given: hand it copies.
  const data = useMemo(() => applications.map(a => ({ ...a })), [applications]);
  const tableColumns = useMemo(
    () => columnsFor(columns, clusterLink),
    [columns, clusterLink],
  );
  const paging = applications.length > pageSize;
  return (
    <Table<ApplicationSummary>
      title={title}
      columns={tableColumns}
      data={data}
      isLoading={loading}
      options={{
        paging,
        pageSize,
        pageSizeOptions: [pageSize, pageSize * 5, pageSize * 25],
        emptyRowsWhenPaging: false,
        search: applications.length > 5,
        padding: 'dense',
        draggable: false,
      }}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2" color="textSecondary">
            {emptyText}
          </Typography>
        </Box>
      }
    />
  );
}

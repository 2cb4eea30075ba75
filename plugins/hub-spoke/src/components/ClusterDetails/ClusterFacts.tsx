import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Grid, { GridProps } from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/Warning';
import {
  ApiStatus,
  CertificateInfo,
  Cluster,
  clusterCondition,
  IngressHost,
} from '@hub-spoke/plugin-hub-spoke-common';
import { ReactNode } from 'react';
import { ClusterConditionLabel } from '../FleetStatus/AppStatus';
import { clusterMarkers } from '../FleetStatus/clusterMarkers';
import { ConnectionStatus } from '../FleetStatus/ConnectionStatus';
import { MarkerIcon } from '../FleetStatus/MarkerIcon';
import { RelativeTime } from '../FleetStatus/RelativeTime';

const useStyles = makeStyles((theme: Theme) => ({
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
  expiring: {
    color: theme.palette.status.warning,
    fontWeight: theme.typography.fontWeightBold as number,
    '& svg': { verticalAlign: 'text-bottom', marginRight: theme.spacing(0.5) },
  },
  expiringRow: {
    backgroundColor:
      theme.palette.type === 'dark'
        ? 'rgba(255, 152, 0, 0.12)'
        : 'rgba(255, 152, 0, 0.08)',
  },
  marker: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    whiteSpace: 'pre-line',
  },
  mono: { fontFamily: 'monospace', fontSize: '0.85em' },
}));

/** A labelled fact in a grid: half a row from `sm` up (a whole one when `wide`), unless `grid` says otherwise. */
export function Fact(props: {
  label: string;
  children: ReactNode;
  wide?: boolean;
  /** The grid item's breakpoints, e.g. `{ xs: 6, md: 3 }` for four facts a row. */
  grid?: Pick<GridProps, 'xs' | 'sm' | 'md'>;
}) {
  const grid = props.grid ?? { xs: 12, sm: props.wide ? 12 : 6 };
  return (
    <Grid item {...grid} role="group" aria-label={props.label}>
      <Typography variant="overline" component="div" color="textSecondary">
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Grid>
  );
}

/** The state of the backend's reads of a cluster's Kubernetes API, with the message. */
export function ApiStatusLabel(props: { api: Cluster['api'] }) {
  const { status, message } = props.api;
  const labels: Record<ApiStatus, ReactNode> = {
    ok: <StatusOK>ok</StatusOK>,
    pending: <StatusPending>pending</StatusPending>,
    'not-configured': <StatusPending>not configured</StatusPending>,
    unreachable: <StatusError>unreachable</StatusError>,
    unauthorized: <StatusError>unauthorized</StatusError>,
    timeout: <StatusWarning>timeout</StatusWarning>,
    error: <StatusError>error</StatusError>,
  };
  return (
    <>
      {labels[status] ?? <StatusPending>{status}</StatusPending>}
      {message && (
        <Typography variant="caption" component="div" color="textSecondary">
          {message}
        </Typography>
      )}
    </>
  );
}

/** Expiry of a certificate: relative, highlighted when soon, exact on hover. */
export function CertificateExpiry(props: {
  notAfter?: string;
  expiringSoon: boolean;
}) {
  const classes = useStyles();
  if (!props.notAfter) return <span>expiry unknown</span>;
  if (props.expiringSoon) {
    return (
      <span className={classes.expiring}>
        <WarningIcon fontSize="inherit" aria-hidden />
        expires <RelativeTime value={props.notAfter} /> (expiring soon)
      </span>
    );
  }
  return (
    <span>
      expires <RelativeTime value={props.notAfter} />
    </span>
  );
}

/** Status, connection and API facts of a cluster, with the reasons of its markers. */
export function ClusterStatusFacts(props: { cluster: Cluster }) {
  const { cluster } = props;
  const classes = useStyles();
  const markers = clusterMarkers(cluster);
  const api = cluster.api;
  return (
    <Grid container spacing={2}>
      {markers.length > 0 && (
        <Fact label="Attention" wide>
          {markers.map(marker => (
            <div key={marker.kind} className={classes.marker}>
              <MarkerIcon kind={marker.kind} fontSize="small" />
              <span>{marker.reason}</span>
            </div>
          ))}
        </Fact>
      )}
      <Fact label="Condition">
        <ClusterConditionLabel condition={clusterCondition(cluster)} />
      </Fact>
      <Fact label="Hub">{cluster.hub}</Fact>
      <Fact label="Argo CD connection">
        {cluster.registered ? (
          <ConnectionStatus connection={cluster.connection} />
        ) : (
          <StatusWarning>not registered</StatusWarning>
        )}
      </Fact>
      <Fact label="Kubernetes API">
        <ApiStatusLabel api={api} />
        {api.lastSuccessAt && (
          <Typography variant="caption" component="div" color="textSecondary">
            last read <RelativeTime value={api.lastSuccessAt} />
            {api.stale ? ' (stale)' : ''}
          </Typography>
        )}
        {api.backoffUntil && (
          <Typography variant="caption" component="div" color="textSecondary">
            paused until <RelativeTime value={api.backoffUntil} /> after
            repeated failures
          </Typography>
        )}
        {api.missingGroups && api.missingGroups.length > 0 && (
          <Typography variant="caption" component="div" color="textSecondary">
            not installed: {api.missingGroups.join(', ')}
          </Typography>
        )}
      </Fact>
      <Fact label="Nodes">
        {cluster.nodes
          ? `${cluster.nodes.ready}/${cluster.nodes.total} ready`
          : 'unknown'}
      </Fact>
      <Fact label="Kubernetes version">
        {cluster.apiVersion ?? cluster.version ?? 'unknown'}
        {cluster.apiVersion &&
          cluster.version &&
          cluster.version !== cluster.apiVersion && (
            <Typography variant="caption" component="div" color="textSecondary">
              Argo CD reports {cluster.version}
            </Typography>
          )}
      </Fact>
      {cluster.server && (
        <Fact label="API server" wide>
          <span className={classes.mono}>{cluster.server}</span>
        </Fact>
      )}
      <Fact label="Argo CD data">
        <RelativeTime value={cluster.lastSuccessAt} />
        {cluster.stale ? ' (stale)' : ''}
      </Fact>
    </Grid>
  );
}

/** Hosts a cluster publishes, with TLS and certificate expiry (expiring soon highlighted). */
export function IngressHostsTable(props: { hosts: IngressHost[] }) {
  const classes = useStyles();
  if (props.hosts.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No published hosts.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Published hosts">
      <TableHead>
        <TableRow>
          <TableCell>Host</TableCell>
          <TableCell>TLS</TableCell>
          <TableCell>Certificate</TableCell>
          <TableCell>Source → destinations</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.hosts.map(host => (
          <TableRow
            key={host.host}
            className={
              host.certificate?.expiringSoon ? classes.expiringRow : undefined
            }
          >
            <TableCell>
              <strong>{host.host}</strong>
            </TableCell>
            <TableCell>
              {host.tls ? (
                <>
                  {host.tls.mode}
                  {host.tls.credentialName && (
                    <Typography
                      variant="caption"
                      component="div"
                      color="textSecondary"
                    >
                      secret {host.tls.credentialName}
                    </Typography>
                  )}
                </>
              ) : (
                'no TLS'
              )}
            </TableCell>
            <TableCell>
              {host.certificate ? (
                <>
                  <div>
                    {host.certificate.namespace}/{host.certificate.name}
                    {!host.certificate.ready && ' (not ready)'}
                  </div>
                  <CertificateExpiry
                    notAfter={host.certificate.notAfter}
                    expiringSoon={host.certificate.expiringSoon}
                  />
                </>
              ) : (
                '—'
              )}
            </TableCell>
            <TableCell>
              {host.sources.map(s => (
                <div key={`${s.kind}/${s.namespace}/${s.name}`}>
                  {s.kind} {s.namespace}/{s.name}
                </div>
              ))}
              {host.destinations.map(d => (
                <Typography
                  key={d}
                  variant="caption"
                  component="div"
                  color="textSecondary"
                >
                  → {d}
                </Typography>
              ))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** cert-manager Certificates of a cluster. */
export function CertificatesTable(props: { certificates: CertificateInfo[] }) {
  const classes = useStyles();
  return (
    <Table size="small" aria-label="Certificates">
      <TableHead>
        <TableRow>
          <TableCell>Certificate</TableCell>
          <TableCell>DNS names</TableCell>
          <TableCell>Ready</TableCell>
          <TableCell>Expiry</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.certificates.map(cert => (
          <TableRow
            key={`${cert.namespace}/${cert.name}`}
            className={cert.expiringSoon ? classes.expiringRow : undefined}
          >
            <TableCell>
              {cert.namespace}/{cert.name}
            </TableCell>
            <TableCell>{cert.dnsNames.join(', ')}</TableCell>
            <TableCell>{cert.ready ? 'yes' : 'no'}</TableCell>
            <TableCell>
              <CertificateExpiry
                notAfter={cert.notAfter}
                expiringSoon={cert.expiringSoon}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Chips for a list of values (addresses, CIDRs, labels). */
export function ValueChips(props: {
  values: string[];
  empty?: string;
  label: string;
}) {
  const classes = useStyles();
  if (props.values.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {props.empty ?? 'none'}
      </Typography>
    );
  }
  return (
    <div className={classes.chips} role="list" aria-label={props.label}>
      {props.values.map(v => (
        <Chip
          key={v}
          role="listitem"
          size="small"
          variant="outlined"
          label={v}
        />
      ))}
    </div>
  );
}

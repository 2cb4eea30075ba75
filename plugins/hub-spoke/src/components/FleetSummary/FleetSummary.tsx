import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { HealthStatus, SyncStatus } from '@hub-spoke/plugin-hub-spoke-common';
import { ReactNode } from 'react';
import { HealthCounts } from '../FleetStatus/HealthCounts';
import { SyncCounts } from '../FleetStatus/SyncCounts';
import { formatAge } from '../FleetStatus/time';
import { FleetFilters } from '../FleetFilters/filters';
import { FleetSummaryData } from './summary';
import { plural } from '../../text';

const useStyles = makeStyles((theme: Theme) => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'stretch',
    padding: theme.spacing(1.5, 2),
    gap: theme.spacing(3),
  },
  stat: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    minWidth: 90,
  },
  value: {
    fontSize: theme.typography.h5.fontSize,
    fontWeight: theme.typography.fontWeightBold as number,
    lineHeight: 1.2,
  },
  warning: { color: theme.palette.status.warning },
  error: { color: theme.palette.status.error },
  ok: { color: theme.palette.status.ok },
  countButton: {
    padding: theme.spacing(0, 1),
    minWidth: 0,
    justifyContent: 'flex-start',
  },
  pre: { whiteSpace: 'pre-line' },
}));

function Stat(props: { label: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <div className={classes.stat} role="group" aria-label={props.label}>
      <Typography variant="overline" color="textSecondary" component="div">
        {props.label}
      </Typography>
      {props.children}
    </div>
  );
}

function toggle<T>(list: T[], value: T): T[] {
  return list.includes(value)
    ? list.filter(v => v !== value)
    : [...list, value];
}

/**
 * The fleet at a glance: hubs ok of total, clusters (and how many have problems), applications by health and by
 * sync (chips that filter the page), certificates expiring soon (a button that filters to their clusters) and CIDR
 * overlaps (the pairs on hover).
 */
export function FleetSummary(props: {
  summary: FleetSummaryData;
  filters: FleetFilters;
  onFilter: (update: Partial<FleetFilters>) => void;
}) {
  const { summary, filters, onFilter } = props;
  const classes = useStyles();
  const { hubs, clusters, applications, expiringCertificates, cidrOverlaps } =
    summary;
  const certTitle = expiringCertificates
    .map(
      c =>
        `${c.clusterId}: ${c.namespace}/${c.name}${
          c.notAfter ? ` expires ${formatAge(c.notAfter)}` : ''
        }`,
    )
    .join('\n');
  const overlapTitle = cidrOverlaps
    .map(o =>
      'hidden' in o
        ? `${o.clusterId} ${o.cidr} ↔ a cluster you cannot see`
        : `${o.clusterId} ${o.cidr} ↔ ${o.otherClusterId} ${o.otherCidr}`,
    )
    .join('\n');
  return (
    <Paper variant="outlined" component="section" aria-label="Fleet summary">
      <div className={classes.bar}>
        <Stat label="Hubs">
          <span
            className={`${classes.value} ${
              hubs.ok === hubs.total ? classes.ok : classes.error
            }`}
          >
            {`${hubs.ok}/${hubs.total}`}
          </span>
          <Typography variant="caption" color="textSecondary">
            ok
          </Typography>
        </Stat>
        <Stat label="Clusters">
          <span className={classes.value}>{clusters.total}</span>
          <Typography
            variant="caption"
            className={clusters.withProblems ? classes.error : undefined}
            color={clusters.withProblems ? undefined : 'textSecondary'}
          >
            {clusters.withProblems
              ? `${clusters.withProblems} with problems`
              : 'all reachable'}
          </Typography>
        </Stat>
        <Stat label="Applications">
          <span className={classes.value}>{applications.total}</span>
        </Stat>
        <Stat label="By health">
          <HealthCounts
            counts={applications}
            selected={filters.health}
            onSelect={(status: HealthStatus) =>
              onFilter({ health: toggle(filters.health, status) })
            }
          />
        </Stat>
        <Stat label="By sync">
          <SyncCounts
            counts={applications}
            selected={filters.sync}
            onSelect={(status: SyncStatus) =>
              onFilter({ sync: toggle(filters.sync, status) })
            }
          />
        </Stat>
        <Stat label="Certificates expiring ≤ 30 days">
          <Tooltip
            title={
              certTitle ? (
                <span className={classes.pre}>{certTitle}</span>
              ) : (
                'No certificate expires within 30 days'
              )
            }
          >
            <span>
              <Button
                className={`${classes.value} ${classes.countButton} ${
                  expiringCertificates.length ? classes.warning : ''
                }`}
                aria-pressed={filters.expiringCertificates}
                aria-label={`${plural(
                  expiringCertificates.length,
                  'certificate',
                )} expiring soon: show their clusters`}
                disabled={
                  expiringCertificates.length === 0 &&
                  !filters.expiringCertificates
                }
                onClick={() =>
                  onFilter({
                    expiringCertificates: !filters.expiringCertificates,
                  })
                }
              >
                {expiringCertificates.length}
              </Button>
            </span>
          </Tooltip>
        </Stat>
        <Stat label="CIDR overlaps">
          <Tooltip
            title={
              overlapTitle ? (
                <span className={classes.pre}>{overlapTitle}</span>
              ) : (
                'No cluster networks overlap'
              )
            }
          >
            <Box
              component="span"
              tabIndex={0}
              className={`${classes.value} ${
                cidrOverlaps.length ? classes.error : ''
              }`}
              aria-label={plural(cidrOverlaps.length, 'CIDR overlap')}
            >
              {cidrOverlaps.length}
            </Box>
          </Tooltip>
        </Stat>
      </div>
    </Paper>
  );
}

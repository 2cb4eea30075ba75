import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { Topology } from '@hub-spoke/plugin-hub-spoke-common';
import { Fragment, useMemo } from 'react';
import { clusterMarkers } from '../FleetStatus/clusterMarkers';
import { plural } from '../../text';

const LISTED = 5;

/**
 * Says which hubs and clusters could not be read while the rest of the fleet is shown: a warning when part of the
 * fleet fails, an error when no hub can be read. Failing cluster names open their details.
 */
export function PartialFailureBanner(props: {
  topology: Pick<Topology, 'hubs' | 'clusters'>;
  onSelect: (clusterId: string) => void;
}) {
  const { topology, onSelect } = props;
  const { failedHubs, failedClusters } = useMemo(
    () => ({
      failedHubs: topology.hubs.filter(
        h => h.status !== 'ok' && h.status !== 'pending',
      ),
      failedClusters: topology.clusters.filter(c =>
        clusterMarkers(c).some(
          m => m.kind === 'unreachable' || m.kind === 'unauthorized',
        ),
      ),
    }),
    [topology],
  );
  if (failedHubs.length === 0 && failedClusters.length === 0) {
    return null;
  }
  const noHub = failedHubs.length === topology.hubs.length;
  const parts: string[] = [];
  if (failedHubs.length) {
    parts.push(
      `${failedHubs.length} of ${plural(topology.hubs.length, 'hub')}`,
    );
  }
  if (failedClusters.length) {
    parts.push(
      `${failedClusters.length} of ${plural(
        topology.clusters.length,
        'cluster',
      )}`,
    );
  }
  const listed = failedClusters.slice(0, LISTED);
  return (
    <Box mb={2}>
      <Alert severity={noHub ? 'error' : 'warning'}>
        <AlertTitle>
          {noHub
            ? 'No hub could be read'
            : 'Part of the fleet could not be read'}
        </AlertTitle>
        {parts.join(' and ')} could not be read; last-known data is shown where
        there is some{noHub ? '.' : ', everything else is current.'}
        {failedHubs.length > 0 && (
          <div>
            Hubs:{' '}
            {failedHubs
              .map(
                h =>
                  `${h.name} (${h.status}${h.message ? `: ${h.message}` : ''})`,
              )
              .join(', ')}
          </div>
        )}
        {failedClusters.length > 0 && (
          <div>
            Clusters:{' '}
            {listed.map((c, i) => (
              <Fragment key={c.id}>
                {i > 0 && ', '}
                <Link
                  component="button"
                  variant="body2"
                  onClick={() => onSelect(c.id)}
                >
                  {c.id}
                </Link>
              </Fragment>
            ))}
            {failedClusters.length > LISTED &&
              ` and ${failedClusters.length - LISTED} more`}
          </div>
        )}
      </Alert>
    </Box>
  );
}

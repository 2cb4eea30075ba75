import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { Cluster } from '@hub-spoke/plugin-hub-spoke-common';

/**
 * Argo CD's connection state of a cluster, with Argo CD's own message.
 *
 * @public
 */
export function ConnectionStatus(props: { connection: Cluster['connection'] }) {
  const { status, message } = props.connection;
  let label;
  if (status === 'Successful') {
    label = <StatusOK>Successful</StatusOK>;
  } else if (status === 'Failed') {
    label = <StatusError>Failed</StatusError>;
  } else {
    label = <StatusWarning>Unknown</StatusWarning>;
  }
  return (
    <>
      {label}
      {message && (
        <Typography variant="caption" component="div" color="textSecondary">
          {message}
        </Typography>
      )}
    </>
  );
}

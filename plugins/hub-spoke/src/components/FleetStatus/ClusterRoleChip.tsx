import Chip from '@material-ui/core/Chip';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import CloudQueueIcon from '@material-ui/icons/CloudQueue';
import { Cluster } from '@hub-spoke/plugin-hub-spoke-common';

/**
 * Whether a cluster is the hub's own control plane or a spoke it deploys to.
 *
 * @public
 */
export function ClusterRoleChip(props: { role: Cluster['role'] }) {
  const isHub = props.role === 'hub';
  return (
    <Chip
      size="small"
      color={isHub ? 'primary' : 'default'}
      icon={isHub ? <DeviceHubIcon /> : <CloudQueueIcon />}
      label={props.role}
    />
  );
}

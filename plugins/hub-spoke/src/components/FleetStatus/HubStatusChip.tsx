import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { HubStatus } from '@hub-spoke/plugin-hub-spoke-common';

/**
 * The state of a hub's Argo CD as the backend last saw it, in the words the backend uses.
 *
 * @public
 */
export function HubStatusChip(props: { status: HubStatus }) {
  const { status } = props;
  switch (status) {
    case 'ok':
      return <StatusOK>ok</StatusOK>;
    case 'pending':
      return <StatusPending>pending</StatusPending>;
    case 'timeout':
      return <StatusWarning>timeout</StatusWarning>;
    default:
      return <StatusError>{status}</StatusError>;
  }
}

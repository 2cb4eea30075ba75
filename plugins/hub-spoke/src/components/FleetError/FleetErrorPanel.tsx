import { ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

/** True for the backend's 403 (NotAllowedError): the user may not read the fleet. */
export function isForbidden(error: Error): boolean {
  const e = error as Partial<ResponseError>;
  return (
    e.statusCode === 403 ||
    e.cause?.name === 'NotAllowedError' ||
    error.name === 'NotAllowedError'
  );
}

/**
 * The message worth showing: a ResponseError's own message is only "Request failed with 403 Forbidden"; the
 * backend's message (why it failed) is in its cause.
 */
export function backendMessage(error: Error): string {
  const cause = (error as Partial<ResponseError>).cause;
  if (error.name === 'ResponseError' && cause?.message) {
    return cause.message;
  }
  return error.message;
}

/**
 * An error reading from the hub-spoke backend: a plain "no access" message for a 403, otherwise the backend's
 * message in the title of a core-components ResponseErrorPanel (with its details behind "show more").
 */
export function FleetErrorPanel(props: { error: Error; title: string }) {
  const { error, title } = props;
  if (isForbidden(error)) {
    return (
      <Alert severity="error" role="alert">
        <AlertTitle>You don't have access to the fleet topology</AlertTitle>
        The hub-spoke backend refused the request: {backendMessage(error)}. Ask
        your Backstage administrator for the{' '}
        <code>hub-spoke.topology.read</code> permission.
      </Alert>
    );
  }
  return (
    <ResponseErrorPanel
      error={error}
      title={`${title}: ${backendMessage(error)}`}
    />
  );
}

import { ApiException } from '@kubernetes/client-node';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';

/** Longest error text kept from a response that is not a Kubernetes Status. */
const MAX_TEXT = 300;

/**
 * The human message of a Kubernetes API error response: the `message` of a Status (given as JSON text or as a parsed
 * object), else the response text, trimmed and cut to 300 characters. Undefined when there is nothing to show.
 *
 * @public
 */
export function kubernetesStatusMessage(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
  }
  if (parsed && typeof parsed === 'object') {
    const message = (parsed as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
  }
  if (typeof body !== 'string') return undefined;
  const trimmed = body.trim();
  return trimmed ? trimmed.slice(0, MAX_TEXT) : undefined;
}

/**
 * Options of {@link toBackstageError}.
 *
 * @public
 */
export interface ToBackstageErrorOptions {
  /**
   * Who refused the credentials, for the hint of a 401 or 403 (default `the cluster`):
   * `(<who> rejected the serviceAccountToken of its kubernetes.clusterLocatorMethods entry)`.
   */
  rejectedBy?: string;
}

/**
 * Turns a failed `@kubernetes/client-node` call into an `@backstage/errors` class whose message says what could not be
 * done where: `Could not <what> on <where>: <reason>`. An ApiException maps by status: 409 ConflictError,
 * 404 NotFoundError, 401 and 403 NotAllowedError (with a hint at the token), others a plain Error; any other failure
 * becomes a plain Error with its message. The reason comes from {@link kubernetesStatusMessage}; the caller keeps
 * credentials out of `what` and `where`.
 *
 * @public
 */
export function toBackstageError(
  e: unknown,
  what: string,
  where: string,
  options: ToBackstageErrorOptions = {},
): Error {
  if (e instanceof ApiException) {
    const reason = kubernetesStatusMessage(e.body) ?? `HTTP ${e.code}`;
    const text = `Could not ${what} on ${where}: ${reason}`;
    if (e.code === 409) return new ConflictError(text);
    if (e.code === 404) return new NotFoundError(text);
    if (e.code === 401 || e.code === 403) {
      return new NotAllowedError(
        `${text} (${
          options.rejectedBy ?? 'the cluster'
        } rejected the serviceAccountToken of its kubernetes.clusterLocatorMethods entry)`,
      );
    }
    return new Error(text);
  }
  return new Error(
    `Could not ${what} on ${where}: ${
      e instanceof Error ? e.message : String(e)
    }`,
  );
}

import http from 'node:http';
import https from 'node:https';
import { createSecureContext } from 'node:tls';
import { HubStatus } from '@hub-spoke/plugin-hub-spoke-common';
import { kubernetesStatusMessage } from '@hub-spoke/plugin-hub-spoke-node';

/** How a request to a hub or cluster failed: the failing statuses users see (HubStatus, ApiStatus). */
export type FailureKind = Exclude<HubStatus, 'ok' | 'pending'>;

/** A classified upstream failure. Its message never contains credentials. */
export class UpstreamError extends Error {
  readonly kind: FailureKind;
  readonly statusCode?: number;

  constructor(kind: FailureKind, message: string, statusCode?: number) {
    super(message);
    this.name = 'UpstreamError';
    this.kind = kind;
    this.statusCode = statusCode;
  }
}

/** TLS and keep-alive settings of one upstream; one agent per upstream is reused across polls. */
export interface UpstreamTls {
  ca?: string;
  skipTLSVerify?: boolean;
}

export function createAgent(url: string, tls: UpstreamTls): http.Agent {
  if (url.startsWith('https:')) {
    return new https.Agent({
      keepAlive: true,
      maxSockets: 16,
      // One TLS context per upstream, built once: given `ca` instead, Node parses the PEM into a new context for
      // every connection (a cold refresh opens ~10 per cluster; that was an eighth of its CPU time).
      secureContext: createSecureContext(tls.ca ? { ca: tls.ca } : {}),
      rejectUnauthorized: !tls.skipTLSVerify,
    });
  }
  return new http.Agent({ keepAlive: true, maxSockets: 16 });
}

export interface FetchJsonOptions {
  agent: http.Agent;
  timeoutMs: number;
  bearerToken?: string;
  /** Describes the upstream in error messages, e.g. "Argo CD of hub aks-mgmt-hub". */
  upstream: string;
}

export interface FetchJsonResult<T> {
  body: T;
  bytes: number;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ETIMEDOUT',
]);

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Extracts a human message from an error body: the `message` of a Kubernetes Status or Argo CD runtimeError (else
 * the text), or the `error` of an Argo CD runtimeError that carries no message.
 */
function bodyMessage(text: string): string | undefined {
  return argoCdError(text) ?? kubernetesStatusMessage(text);
}

/** The `error` of an Argo CD runtimeError without a `message`. */
function argoCdError(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text);
    const hasMessage = typeof parsed?.message === 'string' && parsed.message;
    if (!hasMessage && typeof parsed?.error === 'string' && parsed.error) {
      return parsed.error;
    }
  } catch {
    // not JSON
  }
  return undefined;
}

export function classifyNetworkError(
  err: NodeJS.ErrnoException,
  upstream: string,
): UpstreamError {
  const code = err.code ?? '';
  if (TLS_CODES.has(code)) {
    return new UpstreamError(
      'error',
      `TLS verification of ${upstream} failed (${code}): set caData to the server's CA, or skipTLSVerify for development`,
    );
  }
  if (UNREACHABLE_CODES.has(code)) {
    const detail = err.message.includes(code)
      ? err.message
      : `${code} ${err.message}`;
    return new UpstreamError(
      'unreachable',
      `${upstream} is unreachable: ${detail}`,
    );
  }
  return new UpstreamError(
    'error',
    `Request to ${upstream} failed: ${err.message}`,
  );
}

/**
 * GETs a JSON document with a hard deadline. Every failure becomes an UpstreamError whose kind says what a user
 * should do about it. The deadline covers connecting, waiting and reading the body.
 */
export function fetchJson<T>(
  url: string,
  options: FetchJsonOptions,
): Promise<FetchJsonResult<T>> {
  const { agent, timeoutMs, bearerToken, upstream } = options;
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;

  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (!settled) {
        settled = true;
        // finish runs only from request events, after `timer` is set; `timer` cannot move up as it destroys `req`.
        // eslint-disable-next-line @typescript-eslint/no-use-before-define
        clearTimeout(timer);
        fn();
      }
    };

    const req = transport.request(
      target,
      {
        method: 'GET',
        agent,
        headers: {
          accept: 'application/json',
          ...(bearerToken ? { authorization: `Bearer ${bearerToken}` } : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          bytes += chunk.length;
        });
        res.on('error', err =>
          finish(() => reject(classifyNetworkError(err, upstream))),
        );
        res.on('end', () =>
          finish(() => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status === 401 || status === 403) {
              reject(
                new UpstreamError(
                  'unauthorized',
                  `${upstream} refused the credentials (HTTP ${status}${
                    bodyMessage(text) ? `: ${bodyMessage(text)}` : ''
                  })`,
                  status,
                ),
              );
              return;
            }
            if (status < 200 || status >= 300) {
              reject(
                new UpstreamError(
                  'error',
                  `${upstream} answered HTTP ${status}${
                    bodyMessage(text) ? `: ${bodyMessage(text)}` : ''
                  }`,
                  status,
                ),
              );
              return;
            }
            try {
              resolve({ body: JSON.parse(text) as T, bytes });
            } catch (e) {
              reject(
                new UpstreamError(
                  'error',
                  `${upstream} answered with malformed JSON (${
                    (e as Error).message
                  })`,
                  status,
                ),
              );
            }
          }),
        );
      },
    );

    const timer = setTimeout(() => {
      finish(() =>
        reject(
          new UpstreamError(
            'timeout',
            `${upstream} did not answer within ${timeoutMs} ms`,
          ),
        ),
      );
      req.destroy();
    }, timeoutMs);

    req.on('error', err =>
      finish(() =>
        reject(classifyNetworkError(err as NodeJS.ErrnoException, upstream)),
      ),
    );
    req.end();
  });
}

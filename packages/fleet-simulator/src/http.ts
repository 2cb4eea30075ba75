/**
 * The request/reply shapes shared by the Argo CD and Kubernetes handlers. Handlers are pure functions
 * from a request to a reply; server.ts does the I/O, faults, latency and accounting.
 */
import type { RejectApplyFault } from './types';

export interface SimRequest {
  method: string;
  /** Path without the query string, percent-decoded per segment by the handler. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** host:port the listener is reachable at. */
  hostPort: string;
  /** The request body as text (methods other than GET and HEAD). */
  body?: string;
}

export interface Reply {
  status: number;
  /** Already-serialised JSON text. */
  body: string;
  headers?: Record<string, string>;
}

/** Per-request view of the listener's fault state that changes what a handler answers. */
export interface FaultView {
  /** Answer 401 even to the right token. */
  unauthorized: boolean;
  /** API groups to treat as not installed. */
  hiddenGroups: string[];
  /** Objects a hub cluster refuses to store, as an admission webhook would. */
  rejectApply?: RejectApplyFault;
}

export function json(
  status: number,
  value: unknown,
  headers?: Record<string, string>,
): Reply {
  return { status, body: JSON.stringify(value), headers };
}

/** The bearer token of a request (Authorization header), or undefined. */
export function bearerToken(req: SimRequest): string | undefined {
  const h = req.headers.authorization;
  const v = Array.isArray(h) ? h[0] : h;
  if (!v) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(v.trim());
  return m ? m[1].trim() : undefined;
}

export function cookie(req: SimRequest, name: string): string | undefined {
  const h = req.headers.cookie;
  const v = Array.isArray(h) ? h.join('; ') : h;
  if (!v) return undefined;
  for (const part of v.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name)
      return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export function splitPath(path: string): string[] {
  return path
    .split('/')
    .filter(s => s.length > 0)
    .map(s => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

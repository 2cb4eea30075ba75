import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Request, Response } from 'express';

const gzip = promisify(gzipCallback);

/** A response body serialized once: JSON, its gzip form and a strong ETag. */
export interface PreparedBody {
  json: Buffer;
  gzip: Buffer;
  etag: string;
}

/** Serializes and compresses a value once, off the event loop for the compression. */
export async function prepareBody(value: unknown): Promise<PreparedBody> {
  const json = Buffer.from(JSON.stringify(value));
  const etag = `"${createHash('sha1').update(json).digest('base64url')}"`;
  return { json, gzip: await gzip(json), etag };
}

/**
 * Sends a prepared body: 304 when the client already has it (Express's `req.fresh`: If-None-Match against the ETag,
 * weak comparison, lists and `*`), the gzip form when the client takes it (Backstage's compression middleware
 * leaves a response alone once it has a Content-Encoding), else the JSON.
 */
export function sendPrepared(
  req: Request<any, any, any, any>,
  res: Response,
  body: PreparedBody,
): void {
  res.setHeader('ETag', body.etag);
  res.setHeader('Vary', 'Accept-Encoding, Authorization');
  res.setHeader('Cache-Control', 'private, no-cache');
  // after the ETag is set: req.fresh compares the request's validators with the response's
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.type('application/json');
  if (req.acceptsEncodings('gzip')) {
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', body.gzip.length);
    res.end(body.gzip);
    return;
  }
  res.setHeader('Content-Length', body.json.length);
  res.end(body.json);
}

/**
 * Prepared bodies per snapshot: keyed first by the snapshot object (the fleet service returns the same object until
 * the snapshot changes, so an old snapshot's bodies are dropped with it), then by what shapes the body (which
 * clusters the caller may see, query filters). Concurrent requests for the same key share one preparation.
 */
export class PreparedBodies {
  private readonly bySnapshot = new WeakMap<
    object,
    Map<string, Promise<PreparedBody>>
  >();

  constructor(private readonly maxPerSnapshot = 256) {}

  get(
    snapshot: object,
    key: string,
    build: () => unknown | Promise<unknown>,
  ): Promise<PreparedBody> {
    let bodies = this.bySnapshot.get(snapshot);
    if (!bodies) {
      bodies = new Map();
      this.bySnapshot.set(snapshot, bodies);
    }
    let body = bodies.get(key);
    if (!body) {
      if (bodies.size >= this.maxPerSnapshot)
        bodies.delete(bodies.keys().next().value!);
      body = Promise.resolve().then(build).then(prepareBody);
      const map = bodies;
      body.catch(() => map.delete(key));
      bodies.set(key, body);
    }
    return body;
  }
}

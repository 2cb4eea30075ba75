import express from 'express';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import {
  PreparedBody,
  prepareBody,
  PreparedBodies,
  sendPrepared,
} from './prepared';

/** An app answering every GET with one prepared body. */
function serving(body: PreparedBody) {
  const app = express();
  app.get('/', (req, res) => sendPrepared(req, res, body));
  return app;
}

/** Gets the body with exactly these request headers (superagent adds an Accept-Encoding of its own otherwise). */
function get(app: express.Express, headers: Record<string, string>) {
  const req = request(app).get('/').unset('Accept-Encoding');
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

describe('prepared response bodies', () => {
  it('serializes once into JSON and gzip with a strong ETag that changes with the content', async () => {
    const a = await prepareBody({ clusters: ['a'] });
    expect(JSON.parse(a.json.toString())).toEqual({ clusters: ['a'] });
    expect(gunzipSync(a.gzip).equals(a.json)).toBe(true);
    expect(a.etag).toMatch(/^"[\w-]+"$/);
    expect((await prepareBody({ clusters: ['a'] })).etag).toBe(a.etag);
    expect((await prepareBody({ clusters: ['b'] })).etag).not.toBe(a.etag);
  });

  it('answers 304 without a body to an If-None-Match naming the ETag: lists, weak tags and *', async () => {
    const body = await prepareBody({ clusters: ['a'] });
    const app = serving(body);
    const bare = body.etag;
    for (const ifNoneMatch of [bare, `W/${bare}`, `"y", ${bare}`, '*']) {
      const res = await get(app, { 'if-none-match': ifNoneMatch });
      expect(res.status).toBe(304);
      expect(res.headers.etag).toBe(body.etag);
      expect(res.body).toEqual(Buffer.alloc(0));
    }
    const otherwise: Record<string, string>[] = [
      { 'if-none-match': '"y"' },
      {},
    ];
    for (const headers of otherwise) {
      const res = await get(app, headers);
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe(body.etag);
      expect(res.headers['cache-control']).toBe('private, no-cache');
      expect(res.headers.vary).toBe('Accept-Encoding, Authorization');
      expect(JSON.parse(res.body.toString())).toEqual({ clusters: ['a'] });
    }
  });

  it('sends gzip only when the client accepts it, and the JSON as it is otherwise', async () => {
    const body = await prepareBody({ clusters: ['a'] });
    const app = serving(body);
    for (const accepted of ['gzip, deflate, br', 'br;q=1.0, gzip;q=0.8']) {
      const res = await get(app, { 'accept-encoding': accepted });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(Number(res.headers['content-length'])).toBe(body.gzip.length);
      // (superagent unzips what it receives: the gzip form, as the length shows)
      expect(res.body.equals(body.json)).toBe(true);
    }
    const refused: Record<string, string>[] = [
      { 'accept-encoding': 'gzip;q=0' },
      { 'accept-encoding': 'identity' },
      {},
    ];
    for (const headers of refused) {
      const res = await get(app, headers);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(Number(res.headers['content-length'])).toBe(body.json.length);
      expect(res.body.equals(body.json)).toBe(true);
    }
  });

  it('builds a body once per snapshot and key, also for concurrent callers, and again for a new snapshot', async () => {
    const bodies = new PreparedBodies();
    let builds = 0;
    const build = () => {
      builds += 1;
      return { n: builds };
    };
    const first = {};
    const [x, y] = await Promise.all([
      bodies.get(first, 'k', build),
      bodies.get(first, 'k', build),
    ]);
    expect(x).toBe(y);
    expect(builds).toBe(1);
    await bodies.get(first, 'other', build);
    expect(builds).toBe(2);
    const next = await bodies.get({}, 'k', build);
    expect(builds).toBe(3);
    expect(next.etag).not.toBe(x.etag);
  });

  it('forgets a failed preparation so the next request tries again', async () => {
    const bodies = new PreparedBodies();
    const snapshot = {};
    await expect(
      bodies.get(snapshot, 'k', () => {
        throw new Error('fleet unavailable');
      }),
    ).rejects.toThrow('fleet unavailable');
    await expect(
      bodies.get(snapshot, 'k', () => ({ ok: true })),
    ).resolves.toMatchObject({ etag: expect.any(String) });
  });

  it('keeps at most the configured number of bodies per snapshot', async () => {
    const bodies = new PreparedBodies(2);
    const snapshot = {};
    let builds = 0;
    const build = () => ({ n: ++builds });
    await bodies.get(snapshot, 'a', build);
    await bodies.get(snapshot, 'b', build);
    await bodies.get(snapshot, 'c', build); // evicts a
    await bodies.get(snapshot, 'a', build);
    expect(builds).toBe(4);
  });
});

import { gunzipSync } from 'node:zlib';
import {
  acceptsGzip,
  matchesEtag,
  prepareBody,
  PreparedBodies,
} from './prepared';

describe('prepared response bodies', () => {
  it('serializes once into JSON and gzip with a strong ETag that changes with the content', async () => {
    const a = await prepareBody({ clusters: ['a'] });
    expect(JSON.parse(a.json.toString())).toEqual({ clusters: ['a'] });
    expect(gunzipSync(a.gzip).equals(a.json)).toBe(true);
    expect(a.etag).toMatch(/^"[\w-]+"$/);
    expect((await prepareBody({ clusters: ['a'] })).etag).toBe(a.etag);
    expect((await prepareBody({ clusters: ['b'] })).etag).not.toBe(a.etag);
  });

  it('matches If-None-Match lists, weak tags and *', () => {
    expect(matchesEtag('"x"', '"x"')).toBe(true);
    expect(matchesEtag('W/"x"', '"x"')).toBe(true);
    expect(matchesEtag('"y", "x"', '"x"')).toBe(true);
    expect(matchesEtag('*', '"x"')).toBe(true);
    expect(matchesEtag('"y"', '"x"')).toBe(false);
    expect(matchesEtag(undefined, '"x"')).toBe(false);
  });

  it('takes gzip only when the client accepts it', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
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

import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createAgent, fetchJson, UpstreamError } from './fetchJson';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

describe('fetchJson', () => {
  let server: http.Server;
  let handler: Handler;
  let base: string;
  const agent = createAgent('http://x', {});

  beforeAll(async () => {
    server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    agent.destroy();
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  const get = (path: string, timeoutMs = 1000) =>
    fetchJson<any>(`${base}${path}`, {
      agent,
      timeoutMs,
      bearerToken: 'tok-123',
      upstream: 'Argo CD of hub h',
    });

  const failure = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (e) {
      return e as UpstreamError;
    }
    throw new Error('expected a failure');
  };

  it('sends the bearer token and returns the body with its size', async () => {
    handler = (req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ auth: req.headers.authorization }));
    };
    const result = await get('/ok');
    expect(result.body).toEqual({ auth: 'Bearer tok-123' });
    expect(result.bytes).toBe(
      JSON.stringify({ auth: 'Bearer tok-123' }).length,
    );
  });

  it('maps 401 to unauthorized with the server message', async () => {
    handler = (_req, res) => {
      res.statusCode = 401;
      res.end(
        JSON.stringify({
          error: 'no session information',
          code: 16,
          message: 'no session information',
        }),
      );
    };
    const err = await failure(get('/401'));
    expect(err.kind).toBe('unauthorized');
    expect(err.message).toBe(
      'Argo CD of hub h refused the credentials (HTTP 401: no session information)',
    );
    expect(err.message).not.toContain('tok-123');
  });

  it('maps a 500 to error with the status', async () => {
    handler = (_req, res) => {
      res.statusCode = 500;
      res.end('boom');
    };
    const err = await failure(get('/500'));
    expect(err.kind).toBe('error');
    expect(err.message).toBe('Argo CD of hub h answered HTTP 500: boom');
  });

  it('maps malformed JSON to error', async () => {
    handler = (_req, res) => res.end('{"items": [');
    const err = await failure(get('/bad'));
    expect(err.kind).toBe('error');
    expect(err.message).toMatch(
      /^Argo CD of hub h answered with malformed JSON/,
    );
  });

  it('gives up after the timeout', async () => {
    handler = () => {
      /* never answers */
    };
    const started = Date.now();
    const err = await failure(get('/hang', 200));
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe('Argo CD of hub h did not answer within 200 ms');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('maps a refused connection to unreachable', async () => {
    const closed = http.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise(resolve => closed.close(resolve));
    const err = await failure(
      fetchJson(`http://127.0.0.1:${port}/x`, {
        agent,
        timeoutMs: 1000,
        upstream: 'Argo CD of hub h',
      }),
    );
    expect(err.kind).toBe('unreachable');
    expect(err.message).toMatch(
      /^Argo CD of hub h is unreachable: connect ECONNREFUSED 127\.0\.0\.1:\d+$/,
    );
  });
});

/**
 * Real HTTPS requests against a started simulator (node:https with the simulator's CA).
 */
import * as https from 'node:https';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface RequestOptions {
  ca: string;
  token?: string;
  method?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Request body (sent as is). */
  body?: string;
}

/** One request on a fresh connection (no keep-alive), so faults such as `down` are seen immediately. */
export function request(
  url: string,
  opts: RequestOptions,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: opts.method ?? 'GET',
        ca: opts.ca,
        agent: false,
        headers: {
          accept: 'application/json',
          ...(opts.token !== undefined
            ? { authorization: `Bearer ${opts.token}` }
            : {}),
          ...(opts.headers ?? {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    if (opts.timeoutMs) {
      req.setTimeout(opts.timeoutMs, () =>
        req.destroy(
          Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' }),
        ),
      );
    }
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Any request, JSON answer parsed (fails the test with the body when it is not JSON). */
export async function sendJson<T = any>(
  url: string,
  opts: RequestOptions,
): Promise<{ status: number; body: T; text: string }> {
  const res = await request(url, opts);
  try {
    return {
      status: res.status,
      body: JSON.parse(res.text) as T,
      text: res.text,
    };
  } catch {
    throw new Error(
      `${opts.method ?? 'GET'} ${url} answered ${
        res.status
      } with non-JSON: ${res.text.slice(0, 200)}`,
    );
  }
}

/** GET and parse JSON; fails the test with the body when it is not JSON. */
export async function getJson<T = any>(
  url: string,
  opts: RequestOptions,
): Promise<{ status: number; body: T; text: string }> {
  const res = await request(url, opts);
  let body: T;
  try {
    body = JSON.parse(res.text) as T;
  } catch {
    throw new Error(
      `GET ${url} answered ${res.status} with non-JSON: ${res.text.slice(
        0,
        200,
      )}`,
    );
  }
  return { status: res.status, body, text: res.text };
}

/** Expects an answer's status and a JSON body that matches (toMatchObject) the one given. */
export function expectAnswer(
  res: { status: number; body: unknown },
  status: number,
  body: object,
) {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject(body);
}

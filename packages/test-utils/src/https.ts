/**
 * Real HTTPS requests in tests, e.g. against a started fleet simulator (node:https with the simulator's CA).
 */
import * as https from 'node:https';

/** An answer: status, headers and body text. */
export interface HttpsResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** How to send a request. */
export interface HttpsRequestOptions {
  /** The CA (PEM) the server's certificate is checked against. */
  ca: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  method?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Request body (sent as is). */
  body?: string;
}

/** One request on a fresh connection (no keep-alive), so faults such as a listener going down are seen at once. */
export function httpsRequest(
  url: string,
  opts: HttpsRequestOptions,
): Promise<HttpsResult> {
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
export async function httpsJson<T = any>(
  url: string,
  opts: HttpsRequestOptions,
): Promise<{ status: number; body: T; text: string }> {
  const res = await httpsRequest(url, opts);
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

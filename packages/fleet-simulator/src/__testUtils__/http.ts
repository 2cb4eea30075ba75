/**
 * What tests of the simulator's HTTPS APIs share besides the requests themselves (httpsRequest and httpsJson of
 * @hub-spoke/test-utils).
 */
import { httpsJson, HttpsRequestOptions } from '@hub-spoke/test-utils';

/** GET and parse JSON; fails the test with the body when it is not JSON. */
export function getJson<T = any>(
  url: string,
  opts: HttpsRequestOptions,
): Promise<{ status: number; body: T; text: string }> {
  return httpsJson<T>(url, { ...opts, method: 'GET' });
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

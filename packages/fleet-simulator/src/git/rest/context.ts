/**
 * What the REST routes of the simulated GitHub work with: the API's settings, the user behind its token, one
 * repository's route context, and request bodies read as GitHub reads them (400, 422 with GitHub's errors).
 */
import { SimRequest } from '../../http';
import { GitError, GitHost, Repository } from '../repos';
import type { Urls } from './shapes';

/** The login of the user the configured token belongs to. */
export const SIMULATED_USER = 'fleet-simulator';

/** The simulated GitHub's settings: its repositories, the token clients must send, the base URL of answers. */
export interface GitApi {
  git: GitHost;
  /** The token clients must send. */
  token: string;
  /** Base URL of this API as clients reach it (URLs in answers). */
  apiBaseUrl: string;
}

/** A JSON object. */
export type Json = Record<string, unknown>;

/** What the routes of one repository read: the host, the repository, its URLs, the request and its method. */
export interface RepoRoute {
  git: GitHost;
  repo: Repository;
  urls: Urls;
  req: SimRequest;
  /** HEAD as GET. */
  method: string;
}

/** The JSON object a request sends ({} when empty), or a 400 "Problems parsing JSON". */
export function parseJson(req: SimRequest): Json {
  const text = req.body ?? '';
  if (text.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new GitError(400, 'Problems parsing JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new GitError(400, 'Problems parsing JSON');
  return v as Json;
}

/** A 422 for a missing or invalid field of a resource. */
export const invalid = (
  resource: string,
  field: string,
  code = 'missing_field',
) => new GitError(422, 'Invalid request.', [{ resource, field, code }]);

/** A required non-empty string field of the body (422 otherwise). */
export function str(body: Json, key: string, resource: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '') throw invalid(resource, key);
  return v;
}

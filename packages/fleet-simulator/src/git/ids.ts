/**
 * How the simulated GitHub names things in both its APIs: global node ids (REST `node_id`, GraphQL `id`) and the
 * web address of a repository.
 */
import { Repository } from './repos';

/** A global node id, as REST `node_id` and GraphQL `id` carry it: base64 of `<kind>:<id>`, unpadded. */
export function nodeId(kind: string, id: string | number): string {
  return Buffer.from(`${kind}:${id}`).toString('base64').replace(/=+$/, '');
}

/** The web address of a repository on the simulated host (https://<host>/<owner>/<name>). */
export function repositoryHtmlUrl(
  host: string,
  repo: Pick<Repository, 'owner' | 'name'>,
): string {
  return `https://${host}/${repo.owner}/${repo.name}`;
}

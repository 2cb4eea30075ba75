/**
 * What a write request says: its body (YAML or JSON, normalised as the API server stores it), whether it is a
 * dry run, and the field manager it writes as.
 */
import { parse as parseYaml } from 'yaml';
import { Reply, SimRequest } from '../../http';
import { ResourceType } from '../resources';
import { status } from '../status';
import { Json, SERVER_METADATA, isMap } from './fieldPaths';

/** The content type of a server-side apply patch. */
export const APPLY_PATCH = 'application/apply-patch+yaml';

/** The request body as a map, or the 400 the API server answers to anything else. */
export function parseBody(
  req: SimRequest,
): { ok: true; value: Json } | { ok: false; reply: Reply } {
  const text = req.body ?? '';
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    return {
      ok: false,
      reply: status(
        400,
        'BadRequest',
        `error decoding YAML: ${(e as Error).message.split('\n')[0]}`,
      ),
    };
  }
  if (!isMap(value)) {
    return {
      ok: false,
      reply: status(
        400,
        'BadRequest',
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
      ),
    };
  }
  return { ok: true, value };
}

/** What a write request sends, normalised: Secret stringData merged into data, status dropped. */
export function normaliseBody(type: ResourceType, body: Json): Json {
  const out = structuredClone(body);
  delete out.status;
  if (type.kind === 'Secret' && isMap(out.stringData)) {
    const data = isMap(out.data) ? out.data : {};
    for (const [k, v] of Object.entries(out.stringData)) {
      data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    }
    out.data = data;
    delete out.stringData;
  }
  if (isMap(out.metadata)) {
    for (const k of SERVER_METADATA) {
      if (k !== 'name' && k !== 'namespace') delete out.metadata[k];
    }
  }
  return out;
}

/** `dryRun=All`: answer as if written, store nothing. */
export const isDryRun = (req: SimRequest) =>
  req.query.getAll('dryRun').includes('All');

/** The manager of a request without fieldManager: the client's name from its User-Agent, as the API server does. */
export function defaultManager(req: SimRequest): string {
  const ua = req.headers['user-agent'];
  const text = Array.isArray(ua) ? ua[0] : ua;
  const name = text?.split('/')[0]?.trim();
  return name || 'unknown';
}

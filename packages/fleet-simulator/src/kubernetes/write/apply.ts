/**
 * Server-side apply (PATCH with `application/apply-patch+yaml`), simplified but keeping what clients rely on:
 * - `fieldManager` is required; every manager's fields are recorded in `metadata.managedFields` (FieldsV1);
 * - maps merge key by key, lists and scalars are atomic (no list-map keys);
 * - a field that another manager owns with a different value is a 409 Conflict unless `force=true`
 *   (which takes the field over);
 * - fields this manager applied before and leaves out now are removed (unless another manager owns them);
 * - an apply that changes nothing is a no-op: same object, same resourceVersion.
 */
import { ClusterWorld } from '../../fleet/world';
import { Reply, SimRequest, json } from '../../http';
import { KubeObject } from '../../types';
import { canonicalJson, isoSeconds } from '../../util';
import { ResourceType, groupVersion } from '../resources';
import { status, statusDetails } from '../status';
import { checkWrite, missingRequired } from './checks';
import { commitWrite, insertObject } from './create';
import {
  Json,
  Path,
  deleteAt,
  getAt,
  leafPaths,
  overlaps,
  pathKey,
  pathText,
  setAt,
} from './fieldPaths';
import { ManagerEntry, readManagers, writeManagers } from './managers';
import { APPLY_PATCH, isDryRun, normaliseBody, parseBody } from './request';

/** A field another manager owns with another value than the configuration's. */
interface Conflict {
  manager: string;
  apiVersion: string;
  path: Path;
}

/** The content type of a request, without parameters. */
function contentTypeOf(req: SimRequest): string {
  const ct = req.headers['content-type'];
  return (Array.isArray(ct) ? ct[0] : ct ?? '').split(';')[0].trim();
}

/** True for the entry of `fieldManager`'s own applies. */
const appliedBy = (fieldManager: string) => (m: ManagerEntry) =>
  m.manager === fieldManager && m.operation === 'Apply';

function conflictsOf(
  managers: ManagerEntry[],
  fieldManager: string,
  configPaths: Path[],
  existing: KubeObject,
  config: Json,
): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const p of configPaths) {
    for (const m of managers) {
      if (appliedBy(fieldManager)(m)) continue;
      const owned = m.paths.find(q => overlaps(p, q));
      if (!owned) continue;
      if (
        canonicalJson(getAt(existing, owned)) ===
        canonicalJson(getAt(config, owned))
      )
        continue;
      conflicts.push({
        manager: m.manager,
        apiVersion: m.apiVersion,
        path: owned,
      });
    }
  }
  return conflicts;
}

/** 409 Conflict listing every conflicting field, as the API server words it. */
function conflictReply(
  type: ResourceType,
  name: string,
  conflicts: Conflict[],
): Reply {
  const causes = conflicts.map(c => ({
    reason: 'FieldManagerConflict',
    message: `conflict with "${c.manager}" using ${c.apiVersion}`,
    field: pathText(c.path),
  }));
  const list = conflicts
    .map(
      c =>
        `conflict with "${c.manager}" using ${c.apiVersion}: ${pathText(
          c.path,
        )}`,
    )
    .join('\n- ');
  return status(
    409,
    'Conflict',
    `Apply failed with ${conflicts.length} conflict${
      conflicts.length === 1 ? '' : 's'
    }: ${list}`,
    { ...statusDetails(type, name), causes },
  );
}

/** A copy of an object without its managedFields. */
function withoutManagedFields(obj: KubeObject): KubeObject {
  const { managedFields: _mf, ...meta } = obj.metadata;
  return structuredClone({ ...obj, metadata: meta }) as KubeObject;
}

/**
 * Applies the configuration to `result` in place: fields this manager applied before and leaves out now are
 * removed (unless another manager owns them), then every field of the configuration is set.
 */
function applyConfiguration(
  result: KubeObject,
  config: Json,
  configPaths: Path[],
  managers: ManagerEntry[],
  mine: ManagerEntry | undefined,
): void {
  const configKeys = new Set(configPaths.map(pathKey));
  for (const p of mine?.paths ?? []) {
    if (configKeys.has(pathKey(p))) continue;
    const ownedByOthers = managers.some(
      m => m !== mine && m.paths.some(q => pathKey(q) === pathKey(p)),
    );
    if (!ownedByOthers) deleteAt(result as unknown as Json, p);
  }
  for (const p of configPaths)
    setAt(result as unknown as Json, p, getAt(config, p));
}

/** Applies a configuration to an object that exists: conflicts, merge, ownership, or nothing when nothing changes. */
function applyToExisting(
  cluster: ClusterWorld,
  type: ResourceType,
  version: string,
  name: string,
  existing: KubeObject,
  config: Json,
  fieldManager: string,
  force: boolean,
  dryRun: boolean,
): Reply {
  const configPaths = leafPaths(config);
  const managers = readManagers(existing);
  const conflicts = conflictsOf(
    managers,
    fieldManager,
    configPaths,
    existing,
    config,
  );
  if (conflicts.length > 0 && !force)
    return conflictReply(type, name, conflicts);

  const result = withoutManagedFields(existing);
  const before = canonicalJson(result);
  const mine = managers.find(appliedBy(fieldManager));
  applyConfiguration(result, config, configPaths, managers, mine);
  const invalid = missingRequired(type, result as unknown as Json, name);
  if (invalid) return invalid;

  // New ownership: this manager owns what it applied; with force it takes conflicting fields from the others.
  const others = managers.filter(m => !appliedBy(fieldManager)(m));
  const nextManagers: ManagerEntry[] = others.map(m => ({
    ...m,
    paths: force
      ? m.paths.filter(q => !configPaths.some(p => overlaps(p, q)))
      : m.paths,
  }));
  const changed = canonicalJson(result) !== before;
  const mineBefore = canonicalJson((mine?.paths ?? []).map(pathKey).sort());
  const mineAfter = canonicalJson(configPaths.map(pathKey).sort());
  const othersChanged =
    canonicalJson(nextManagers.map(m => m.paths.map(pathKey).sort())) !==
    canonicalJson(others.map(m => m.paths.map(pathKey).sort()));
  if (!changed && mineBefore === mineAfter && !othersChanged) {
    // Nothing to do: the API server does not write, the resourceVersion stays.
    return json(200, existing);
  }
  nextManagers.push({
    manager: fieldManager,
    operation: 'Apply',
    apiVersion: groupVersion(type.group, version),
    time: changed || !mine ? isoSeconds(Date.now()) : mine.time,
    paths: configPaths,
  });
  const rv = dryRun
    ? existing.metadata.resourceVersion!
    : cluster.store.nextResourceVersion();
  const specChanged =
    canonicalJson((existing as Json).spec) !==
    canonicalJson((result as Json).spec);
  result.metadata = {
    ...result.metadata,
    resourceVersion: rv,
    ...(type.crd && specChanged && !dryRun
      ? { generation: (existing.metadata.generation ?? 1) + 1 }
      : {}),
    managedFields: writeManagers(nextManagers),
  };
  commitWrite(cluster, type, result, dryRun);
  return json(200, result);
}

/** PATCH /…/namespaces/{ns}/{resource}/{name} with Content-Type application/apply-patch+yaml. */
export function applyObject(
  cluster: ClusterWorld,
  req: SimRequest,
  type: ResourceType,
  version: string,
  ns: string,
  name: string,
): Reply {
  const contentType = contentTypeOf(req);
  if (contentType !== APPLY_PATCH) {
    return status(
      415,
      'UnsupportedMediaType',
      `the fleet simulator supports only server-side apply patches (${APPLY_PATCH}), got "${contentType}"`,
    );
  }
  const fieldManager = req.query.get('fieldManager') ?? '';
  if (!fieldManager) {
    return status(
      400,
      'BadRequest',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  }
  const parsed = parseBody(req);
  if (!parsed.ok) return parsed.reply;
  const raw = parsed.value;
  if (raw.apiVersion === undefined || raw.kind === undefined) {
    return status(
      400,
      'BadRequest',
      'apiVersion and kind are required in a server-side apply patch',
    );
  }
  const refused = checkWrite(cluster, type, version, raw, ns, name);
  if (refused) return refused;
  const config = normaliseBody(type, raw);
  setAt(config, ['metadata', 'name'], name);
  const dryRun = isDryRun(req);
  const existing = cluster.store.get(type, ns, name);
  if (existing) {
    const force = req.query.get('force') === 'true';
    return applyToExisting(
      cluster,
      type,
      version,
      name,
      existing,
      config,
      fieldManager,
      force,
      dryRun,
    );
  }
  const invalid = missingRequired(type, config, name);
  if (invalid) return invalid;
  return insertObject(
    cluster,
    type,
    version,
    config,
    ns,
    name,
    { manager: fieldManager, operation: 'Apply', paths: leafPaths(config) },
    dryRun,
  );
}

/**
 * In-memory object store of one simulated cluster: objects by resource type, sorted by namespace/name
 * (etcd key order), with completed metadata. Hub clusters also write to it (write/): every write takes the
 * next resourceVersion, which is also the list resourceVersion from then on.
 */
import { KubeObject } from '../types';
import { DAY, isoSeconds, pick, uuidOf } from '../util';
import {
  RESOURCE_TYPES,
  ResourceType,
  typeForObject,
  typeKey,
} from './resources';

export class ObjectStore {
  private readonly byType = new Map<string, KubeObject[]>();
  private rv = 0;
  private listRv: string;

  constructor(readonly cluster: string, objects: KubeObject[], now: number) {
    const seen = new Map<string, KubeObject>();
    for (const obj of objects) {
      const type = typeForObject(obj.apiVersion, obj.kind);
      if (!type) continue;
      const key = `${typeKey(type)}|${objectKey(obj)}`;
      // Later objects (raw objects from the fleet file) replace generated ones of the same name.
      seen.set(key, obj);
    }
    this.rv = 4000 + pick(`rv:${cluster}`, 5000);
    const entries = [...seen.entries()];
    for (const [key, obj] of entries) {
      const tkey = key.split('|')[0];
      this.rv += 1 + pick(`rvs:${cluster}:${key}`, 40);
      complete(obj, cluster, String(this.rv), now);
      const list = this.byType.get(tkey) ?? [];
      list.push(obj);
      this.byType.set(tkey, list);
    }
    for (const list of this.byType.values()) {
      list.sort((a, b) => compareKeys(objectKey(a), objectKey(b)));
    }
    this.fixOwnerUids();
    this.rv += 17;
    this.listRv = String(this.rv);
  }

  /** The resourceVersion of lists: that of the latest write. */
  get resourceVersion(): string {
    return this.listRv;
  }

  /** Takes the next resourceVersion for a write. */
  nextResourceVersion(): string {
    this.rv += 1;
    this.listRv = String(this.rv);
    return this.listRv;
  }

  /** Inserts or replaces an object (kept in key order). Its metadata must be complete. */
  put(type: ResourceType, obj: KubeObject): void {
    const tkey = typeKey(type);
    const list = this.byType.get(tkey) ?? [];
    const key = objectKey(obj);
    const i = list.findIndex(o => objectKey(o) === key);
    if (i >= 0) list[i] = obj;
    else {
      list.push(obj);
      list.sort((a, b) => compareKeys(objectKey(a), objectKey(b)));
    }
    this.byType.set(tkey, list);
  }

  /** Removes an object; returns it, or undefined when there was none. */
  remove(
    type: ResourceType,
    ns: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const list = this.byType.get(typeKey(type));
    if (!list) return undefined;
    const i = list.findIndex(
      o =>
        o.metadata.name === name &&
        (type.namespaced ? o.metadata.namespace === ns : true),
    );
    if (i < 0) return undefined;
    const [removed] = list.splice(i, 1);
    return removed;
  }

  /** All objects of a type, sorted by key. */
  list(type: ResourceType): KubeObject[] {
    return this.byType.get(typeKey(type)) ?? [];
  }

  get(
    type: ResourceType,
    ns: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return this.list(type).find(
      o =>
        o.metadata.name === name &&
        (type.namespaced ? o.metadata.namespace === ns : true),
    );
  }

  count(): number {
    let n = 0;
    for (const list of this.byType.values()) n += list.length;
    return n;
  }

  namespaces(): string[] {
    return this.list(RESOURCE_TYPES.find(t => t.kind === 'Namespace')!).map(
      o => o.metadata.name,
    );
  }

  private fixOwnerUids(): void {
    for (const list of this.byType.values()) {
      for (const obj of list) {
        const refs = obj.metadata.ownerReferences as
          | Array<{
              apiVersion: string;
              kind: string;
              name: string;
              uid: string;
            }>
          | undefined;
        if (!refs) continue;
        for (const ref of refs) {
          if (ref.uid) continue;
          const t = typeForObject(ref.apiVersion, ref.kind);
          const owner = t
            ? this.get(t, obj.metadata.namespace, ref.name)
            : undefined;
          ref.uid =
            owner?.metadata.uid ??
            uuidOf(
              `${this.cluster}:${ref.kind}:${obj.metadata.namespace}/${ref.name}`,
            );
        }
      }
    }
  }
}

export function objectKey(obj: KubeObject): string {
  return obj.metadata.namespace
    ? `${obj.metadata.namespace}/${obj.metadata.name}`
    : obj.metadata.name;
}

function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Fills in uid, resourceVersion and creationTimestamp like the API server would. */
function complete(
  obj: KubeObject,
  cluster: string,
  rv: string,
  now: number,
): void {
  const m = obj.metadata;
  const key = `${cluster}:${obj.kind}:${objectKey(obj)}`;
  const ordered: Record<string, unknown> = {
    name: m.name,
    ...(m.generateName ? { generateName: m.generateName } : {}),
    ...(m.namespace ? { namespace: m.namespace } : {}),
    uid: m.uid ?? uuidOf(key),
    resourceVersion: m.resourceVersion ?? rv,
    ...(m.generation !== undefined ? { generation: m.generation } : {}),
    creationTimestamp:
      m.creationTimestamp ??
      isoSeconds(
        now -
          (20 + pick(`age:${key}`, 200)) * DAY -
          pick(`age2:${key}`, 86_400) * 1000,
      ),
  };
  for (const [k, v] of Object.entries(m)) {
    if (!(k in ordered) && v !== undefined) ordered[k] = v;
  }
  obj.metadata = ordered as KubeObject['metadata'];
}

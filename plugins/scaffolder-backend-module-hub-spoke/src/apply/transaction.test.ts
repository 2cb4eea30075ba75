/**
 * The all-or-nothing steps of apply mode against a fake hub that records every call: the order of calls, a dry-run
 * refusal that applies nothing, the rollback when object k fails, deletes checked first, and the checkpoint.
 */
import { mockServices } from '@backstage/backend-test-utils';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { KubernetesObject } from '@kubernetes/client-node';
import { HubObjects, objectRef } from '../clients/HubKubernetesClient';
import { Checkpoint, HubObject, applyAll, deleteAll } from './transaction';

const app = (name: string): KubernetesObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name, namespace: 'argocd' },
});

/** A hub holding objects by ref; `fail` decides which call of which object throws. */
class FakeHub implements HubObjects {
  readonly calls: string[] = [];
  readonly stored = new Map<string, KubernetesObject>();
  private version = 1;
  fail: (call: string, ref: string) => Error | undefined = () => undefined;

  constructor(readonly hub: string, existing: KubernetesObject[] = []) {
    for (const o of existing) this.put(o);
  }

  private put(o: KubernetesObject): KubernetesObject {
    const stored = {
      ...o,
      metadata: { ...o.metadata, resourceVersion: String(this.version++) },
    };
    this.stored.set(objectRef(o), stored);
    return stored;
  }

  private record(call: string, o: KubernetesObject) {
    const ref = objectRef(o);
    this.calls.push(`${call} ${o.metadata?.name}`);
    const e = this.fail(call, ref);
    if (e) throw e;
    return ref;
  }

  async read(o: KubernetesObject) {
    return this.stored.get(this.record('read', o));
  }

  async apply(o: KubernetesObject, options: { dryRun?: boolean } = {}) {
    const ref = this.record(options.dryRun ? 'dry-apply' : 'apply', o);
    const existing = this.stored.get(ref);
    if (options.dryRun) return existing ?? o;
    // As server-side apply: the same object again keeps its resourceVersion.
    if (
      existing &&
      JSON.stringify((existing as any).spec) === JSON.stringify((o as any).spec)
    )
      return existing;
    return this.put(o);
  }

  async delete(o: KubernetesObject, options: { dryRun?: boolean } = {}) {
    const ref = this.record(options.dryRun ? 'dry-delete' : 'delete', o);
    if (!this.stored.has(ref)) throw new NotFoundError(`${ref} not found`);
    if (!options.dryRun) this.stored.delete(ref);
  }
}

const options = () => ({ logger: mockServices.logger.mock() });
const on = (hub: FakeHub, ...names: string[]): HubObject[] =>
  names.map(n => ({ client: hub, object: app(n) }));

describe('applyAll', () => {
  it('reads every object, dry-runs every one, then applies them in order, saying what each did', async () => {
    const hub = new FakeHub('aks-mgmt-hub', [app('b')]);
    const result = await applyAll(on(hub, 'a', 'b', 'c'), options());
    expect(hub.calls).toEqual([
      'read a',
      'read b',
      'read c',
      'dry-apply a',
      'dry-apply b',
      'dry-apply c',
      'apply a',
      'apply b',
      'apply c',
    ]);
    expect(result).toEqual([
      { hub: 'aks-mgmt-hub', ref: 'Application argocd/a', outcome: 'created' },
      {
        hub: 'aks-mgmt-hub',
        ref: 'Application argocd/b',
        outcome: 'unchanged',
      },
      { hub: 'aks-mgmt-hub', ref: 'Application argocd/c', outcome: 'created' },
    ]);
  });

  it('applies nothing when the hub refuses any object in the dry run, and lists every refusal', async () => {
    const hub = new FakeHub('aks-mgmt-hub');
    hub.fail = (call, ref) =>
      call === 'dry-apply' && ref !== 'Application argocd/b'
        ? new ConflictError(`Could not apply ${ref}: refused`)
        : undefined;
    const error = await applyAll(on(hub, 'a', 'b', 'c'), options()).catch(
      e => e,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      'Nothing was applied: the hub refused 2 of 3 objects in a dry run. Could not apply Application argocd/a: ' +
        'refused; Could not apply Application argocd/c: refused',
    );
    expect(hub.calls.filter(c => c.startsWith('apply'))).toEqual([]);
    expect(hub.stored.size).toBe(0);
  });

  it('stops after the dry run in a task dry run', async () => {
    const hub = new FakeHub('aks-mgmt-hub');
    const result = await applyAll(on(hub, 'a'), {
      ...options(),
      dryRun: true,
    });
    expect(result).toEqual([
      { hub: 'aks-mgmt-hub', ref: 'Application argocd/a', outcome: 'dry-run' },
    ]);
    expect(hub.calls).toEqual(['read a', 'dry-apply a']);
  });

  it('removes what this run created when object k fails, keeps what existed before, and says what stands', async () => {
    const one = new FakeHub('aks-mgmt-hub', [app('kept')]);
    const two = new FakeHub('eks-mgmt-hub');
    two.fail = (call, ref) =>
      call === 'apply' && ref === 'Application argocd/fails'
        ? new NotAllowedError(
            'Could not apply Application argocd/fails: denied',
          )
        : undefined;
    const items = [
      ...on(one, 'new-1', 'kept'),
      ...on(two, 'new-2', 'fails', 'later'),
    ];
    const error = await applyAll(items, options()).catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      'Could not apply Application argocd/fails: denied. Applied and kept: Application argocd/kept on hub ' +
        'aks-mgmt-hub; created and removed again: Application argocd/new-1 on hub aks-mgmt-hub, Application ' +
        'argocd/new-2 on hub eks-mgmt-hub; could not be removed: none; not applied: Application argocd/fails on hub ' +
        'eks-mgmt-hub, Application argocd/later on hub eks-mgmt-hub',
    );
    // Newest first, after the failed apply; nothing after the failing object is applied.
    expect(two.calls.slice(-2)).toEqual(['apply fails', 'delete new-2']);
    expect(one.calls.slice(-1)).toEqual(['delete new-1']);
    expect([...one.stored.keys()]).toEqual(['Application argocd/kept']);
    expect([...two.stored.keys()]).toEqual([]);
  });

  it('lists what it could not remove, with why', async () => {
    const hub = new FakeHub('aks-mgmt-hub');
    hub.fail = (call, ref) => {
      if (call === 'apply' && ref.endsWith('/b')) return new Error('boom');
      if (call === 'delete') return new Error('connection reset');
      return undefined;
    };
    const error = await applyAll(on(hub, 'a', 'b'), options()).catch(e => e);
    expect(error.constructor).toBe(Error);
    expect(error.message).toBe(
      'boom. Applied and kept: none; created and removed again: none; could not be removed: Application ' +
        'argocd/a on hub aks-mgmt-hub (connection reset); not applied: Application argocd/b on hub aks-mgmt-hub',
    );
  });

  it('is a no-op when everything is already as wanted (a re-run)', async () => {
    const hub = new FakeHub('aks-mgmt-hub');
    await applyAll(on(hub, 'a', 'b'), options());
    const again = await applyAll(on(hub, 'a', 'b'), options());
    expect(again.map(r => r.outcome)).toEqual(['unchanged', 'unchanged']);
  });

  it('does not repeat a finished apply on a task retry (checkpoint), but does in a dry run', async () => {
    const store = new Map<string, unknown>();
    const checkpoint: Checkpoint = async ({ key, fn }) => {
      if (!store.has(key)) store.set(key, await fn());
      return store.get(key) as any;
    };
    const hub = new FakeHub('aks-mgmt-hub');
    const first = await applyAll(on(hub, 'a'), { ...options(), checkpoint });
    const calls = hub.calls.length;
    const retry = await applyAll(on(hub, 'a'), { ...options(), checkpoint });
    expect(retry).toEqual(first);
    expect(retry[0].outcome).toBe('created');
    expect(hub.calls).toHaveLength(calls);
    // Other objects are another step.
    await applyAll(on(hub, 'other'), { ...options(), checkpoint });
    expect(store.size).toBe(2);
    await applyAll(on(hub, 'a'), { ...options(), checkpoint, dryRun: true });
    expect(store.size).toBe(2);
  });
});

describe('deleteAll', () => {
  it('checks that every object exists and dry-runs every delete before deleting any', async () => {
    const hub = new FakeHub('aks-mgmt-hub', [app('a'), app('b')]);
    expect(await deleteAll(on(hub, 'a', 'b'), options())).toEqual([
      'Application argocd/a',
      'Application argocd/b',
    ]);
    expect(hub.calls).toEqual([
      'read a',
      'read b',
      'dry-delete a',
      'dry-delete b',
      'delete a',
      'delete b',
    ]);
    expect(hub.stored.size).toBe(0);
  });

  it('deletes nothing when one is missing or the hub refuses one in the dry run', async () => {
    const hub = new FakeHub('aks-mgmt-hub', [app('a'), app('b')]);
    const missing = await deleteAll(on(hub, 'a', 'gone'), options()).catch(
      e => e,
    );
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toBe(
      'Nothing was deleted: Application argocd/gone on hub aks-mgmt-hub does not exist',
    );
    hub.fail = (call, ref) =>
      call === 'dry-delete' && ref.endsWith('/b')
        ? new NotAllowedError(
            'Could not delete Application argocd/b: forbidden',
          )
        : undefined;
    const refused = await deleteAll(on(hub, 'a', 'b'), options()).catch(e => e);
    expect(refused).toBeInstanceOf(NotAllowedError);
    expect(refused.message).toBe(
      'Nothing was deleted: the hub refused 1 of 2 objects in a dry run. Could not delete Application argocd/b: forbidden',
    );
    expect(hub.calls.filter(c => c.startsWith('delete'))).toEqual([]);
    expect(hub.stored.size).toBe(2);
  });

  it('says which were deleted and which still stand when a delete fails part way', async () => {
    const hub = new FakeHub('aks-mgmt-hub', [app('a'), app('b'), app('c')]);
    hub.fail = (call, ref) =>
      call === 'delete' && ref.endsWith('/b')
        ? new Error('timeout')
        : undefined;
    const error = await deleteAll(on(hub, 'a', 'b', 'c'), options()).catch(
      e => e,
    );
    expect(error.message).toBe(
      'timeout. Deleted: Application argocd/a on hub aks-mgmt-hub; still on the hub: Application argocd/b on hub ' +
        'aks-mgmt-hub, Application argocd/c on hub aks-mgmt-hub',
    );
    expect([...hub.stored.keys()]).toEqual([
      'Application argocd/b',
      'Application argocd/c',
    ]);
  });
});

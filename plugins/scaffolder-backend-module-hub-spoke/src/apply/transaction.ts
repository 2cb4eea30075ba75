/**
 * All or nothing for apply mode, shared by publish, onboard and offboard. Applying a run's objects:
 * (a) read which already exist, (b) server-side dry-run every one (the hub runs its validation and admission, nothing
 * is stored) and stop, applying nothing, when the hub refuses any, (c) apply them in order, (d) when one fails part
 * way, delete the ones this run created and say exactly what stands. Deleting a run's objects: check each exists and
 * dry-run every delete first, then delete. Re-runs stay idempotent (server-side apply of an object already as wanted
 * changes nothing); a task retry does not repeat a finished step (the scaffolder's checkpoint).
 */
import { createHash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { JsonValue } from '@backstage/types';
import type { KubernetesObject } from '@kubernetes/client-node';
import { HubObjects, objectRef } from '../clients/HubKubernetesClient';

/** One object of a run and the hub it goes to. */
export type HubObject = { client: HubObjects; object: KubernetesObject };

/** What applying an object did. */
export type ApplyOutcome = 'created' | 'configured' | 'unchanged' | 'dry-run';

/** One object's outcome: `Kind namespace/name`, its hub and what happened. */
export type AppliedObject = { hub: string; ref: string; outcome: ApplyOutcome };

/** The scaffolder action context's checkpoint (ctx.checkpoint): a step whose result a task retry reuses. */
export type Checkpoint = <T extends JsonValue | void>(opts: {
  key: string;
  fn: () => Promise<T>;
}) => Promise<T>;

export interface TransactionOptions {
  /** The task is a dry run: steps (a) and (b) only. */
  dryRun?: boolean;
  logger: LoggerService;
  /** ctx.checkpoint; without it, every run applies. */
  checkpoint?: Checkpoint;
}

const where = (o: HubObject) => `${objectRef(o.object)} on hub ${o.client.hub}`;
const list = (items: string[]) => (items.length ? items.join(', ') : 'none');

/**
 * An error of the same @backstage/errors class as `cause`, with another message (which already says what the cause
 * said: the cause is not chained, or its message would be repeated).
 */
function sameKind(cause: unknown, message: string): Error {
  for (const C of [InputError, NotAllowedError, NotFoundError, ConflictError]) {
    if (cause instanceof C) return new C(message);
  }
  return new Error(message);
}

/** A checkpoint key for a step over these objects (the same objects give the same key). */
function checkpointKey(step: string, items: HubObject[]): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify(items.map(i => ({ hub: i.client.hub, object: i.object }))),
    )
    .digest('hex')
    .slice(0, 16);
  return `hub-spoke.${step}.${digest}`;
}

/** Runs `fn` under the checkpoint when there is one and the task is not a dry run. */
export function once<T extends JsonValue | void>(
  options: TransactionOptions,
  key: string,
  fn: () => Promise<T>,
): Promise<T> {
  return options.checkpoint && !options.dryRun
    ? options.checkpoint({ key, fn })
    : fn();
}

/** (b) Every object dry-run; throws, listing every refusal, when the hub refuses any. */
async function dryRunAll(
  items: HubObject[],
  step: (o: HubObject) => Promise<unknown>,
  verb: string,
): Promise<void> {
  const refused: unknown[] = [];
  for (const item of items) {
    try {
      await step(item);
    } catch (e) {
      refused.push(e);
    }
  }
  if (refused.length === 0) return;
  throw sameKind(
    refused[0],
    `Nothing was ${verb}: the hub refused ${refused.length} of ${
      items.length
    } objects in a dry run. ${refused
      .map(e => (e instanceof Error ? e.message : String(e)))
      .join('; ')}`,
  );
}

/**
 * Applies a run's objects all or nothing (see the file's comment) and returns each one's outcome, in order. On a
 * failure part way the error (of the failure's class) says what stands: "applied and kept" (the objects that existed
 * before the run), "created and removed again", "could not be removed" (with why) and "not applied".
 */
export async function applyAll(
  items: HubObject[],
  options: TransactionOptions,
): Promise<AppliedObject[]> {
  return once(options, checkpointKey('apply', items), async () => {
    // (a) What exists already: only what this run creates is removed on a failure.
    const before: Array<KubernetesObject | undefined> = [];
    for (const item of items) before.push(await item.client.read(item.object));

    // (b) The hub checks every object before any is applied.
    await dryRunAll(
      items,
      o => o.client.apply(o.object, { dryRun: true }),
      'applied',
    );
    if (options.dryRun) {
      return items.map(i => ({
        hub: i.client.hub,
        ref: objectRef(i.object),
        outcome: 'dry-run' as const,
      }));
    }

    // (c) Apply in order.
    const done: AppliedObject[] = [];
    for (const [k, item] of items.entries()) {
      let result: KubernetesObject;
      try {
        result = await item.client.apply(item.object);
      } catch (e) {
        throw await rollBack(items, before, k, e, options.logger);
      }
      const existing = before[k];
      let outcome: ApplyOutcome = 'created';
      if (existing) {
        outcome =
          existing.metadata?.resourceVersion ===
          result.metadata?.resourceVersion
            ? 'unchanged'
            : 'configured';
      }
      done.push({ hub: item.client.hub, ref: objectRef(item.object), outcome });
      options.logger.info(`${where(item)}: ${outcome}`);
    }
    return done;
  });
}

/**
 * (d) Applying object k failed: deletes the objects before it that this run created (newest first) and returns the
 * error saying what stands.
 */
async function rollBack(
  items: HubObject[],
  before: Array<KubernetesObject | undefined>,
  k: number,
  cause: unknown,
  logger: LoggerService,
): Promise<Error> {
  const kept: string[] = [];
  const removed: string[] = [];
  const stuck: string[] = [];
  for (let i = k - 1; i >= 0; i--) {
    const item = items[i];
    if (before[i]) {
      kept.unshift(where(item));
      continue;
    }
    try {
      await item.client.delete(item.object);
      removed.unshift(where(item));
    } catch (e) {
      stuck.unshift(
        `${where(item)} (${e instanceof Error ? e.message : String(e)})`,
      );
    }
  }
  const notApplied = items.slice(k).map(where);
  const message =
    `${cause instanceof Error ? cause.message : String(cause)}. ` +
    `Applied and kept: ${list(kept)}; created and removed again: ${list(
      removed,
    )}; could not be removed: ${list(stuck)}; not applied: ${list(notApplied)}`;
  logger.warn(`Apply mode failed part way: ${message}`);
  return sameKind(cause, message);
}

/**
 * Deletes a run's objects, all checked first: each must exist (NotFoundError naming the missing ones) and the hub must
 * accept every delete in a dry run; only then are they deleted. A failure part way says which were deleted and which
 * still stand (a delete cannot be undone). Returns the objects as `Kind namespace/name` (for a dry run too).
 */
export async function deleteAll(
  items: HubObject[],
  options: TransactionOptions,
): Promise<string[]> {
  const missing: string[] = [];
  for (const item of items) {
    if (!(await item.client.read(item.object))) missing.push(where(item));
  }
  if (missing.length > 0) {
    throw new NotFoundError(
      `Nothing was deleted: ${list(missing)} ${
        missing.length === 1 ? 'does' : 'do'
      } not exist`,
    );
  }
  await dryRunAll(
    items,
    o => o.client.delete(o.object, { dryRun: true }),
    'deleted',
  );
  const refs = items.map(i => objectRef(i.object));
  if (options.dryRun) return refs;
  const deleted: string[] = [];
  for (const [k, item] of items.entries()) {
    try {
      await item.client.delete(item.object);
    } catch (e) {
      const message = `${
        e instanceof Error ? e.message : String(e)
      }. Deleted: ${list(deleted)}; still on the hub: ${list(
        items.slice(k).map(where),
      )}`;
      options.logger.warn(`Offboarding failed part way: ${message}`);
      throw sameKind(e, message);
    }
    deleted.push(where(item));
    options.logger.info(`${where(item)}: deleted`);
  }
  return refs;
}

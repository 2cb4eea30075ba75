/**
 * The one writer of the actions' files: publish, onboard and offboard hand it what to write and what to remove.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { listFiles, resolveInWorkspace } from './paths';

/** A file to write: its workspace path and its text (YAML). */
export interface PlannedFile {
  path: string;
  content: string;
}

/** What an action changes in the workspace. */
export interface WorkspacePlan {
  /** Files to write (their folders are created). */
  write?: PlannedFile[];
  /** Files or folders to remove; a path that is not there is skipped. */
  remove?: string[];
}

/** What was changed, as sorted workspace paths. */
export interface WorkspaceChanges {
  written: string[];
  /** Every file removed (a folder's files one by one). */
  removed: string[];
}

/**
 * Applies a plan to the workspace. Every path is resolved first (see resolveInWorkspace): when one is refused, nothing
 * is written or removed. Then the files are written and the paths to remove removed.
 *
 * A dry run writes too, as a real run does: the scaffolder gives it a scratch workspace and returns what was written
 * there.
 */
export async function writeFiles(
  workspacePath: string,
  plan: WorkspacePlan,
): Promise<WorkspaceChanges> {
  const writes = (plan.write ?? []).map(f => ({
    ...f,
    abs: resolveInWorkspace(workspacePath, f.path),
  }));
  const removals = (plan.remove ?? []).map(rel => ({
    rel,
    abs: resolveInWorkspace(workspacePath, rel),
  }));

  for (const f of writes) {
    await fs.mkdir(path.dirname(f.abs), { recursive: true });
    await fs.writeFile(f.abs, f.content, 'utf8');
  }
  const removed: string[] = [];
  for (const r of removals) {
    const stat = await fs.stat(r.abs).catch(() => undefined);
    if (!stat) continue;
    if (stat.isDirectory()) {
      removed.push(...(await listFiles(workspacePath, r.rel)));
      await fs.rm(r.abs, { recursive: true });
    } else {
      await fs.rm(r.abs);
      removed.push(r.rel);
    }
  }
  return {
    written: writes.map(f => f.path).sort(),
    removed: removed.sort(),
  };
}

/**
 * Paths in the scaffolder's workspace: every path an action reads or writes is relative to the workspace and resolved
 * with resolveSafeChildPath, so no input can reach outside it.
 */
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError, isError } from '@backstage/errors';
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The absolute path of a workspace path. Throws an InputError naming the path when it is absolute, leads outside the
 * workspace (`..`, or a symbolic link out of it), or is the workspace itself.
 */
export function resolveInWorkspace(workspacePath: string, rel: string): string {
  if (path.posix.isAbsolute(rel) || path.win32.isAbsolute(rel)) {
    throw new InputError(
      `"${rel}" is an absolute path: give a path relative to the workspace`,
    );
  }
  let abs: string;
  try {
    abs = resolveSafeChildPath(workspacePath, rel);
  } catch (e) {
    if (isError(e) && e.name === 'NotAllowedError') {
      throw new InputError(
        `"${rel}" leads outside the workspace: give a path inside it`,
      );
    }
    throw e;
  }
  if (abs === path.resolve(workspacePath)) {
    throw new InputError(
      `"${rel}" is the workspace itself: give a path inside it`,
    );
  }
  return abs;
}

/** What is at a workspace path (a file, a folder), or undefined when nothing is. */
export async function statInWorkspace(
  workspacePath: string,
  rel: string,
): Promise<Stats | undefined> {
  return fs.stat(resolveInWorkspace(workspacePath, rel)).catch(() => undefined);
}

/** Those of some workspace paths that are there. */
export async function presentPaths(
  workspacePath: string,
  rels: string[],
): Promise<Set<string>> {
  const present = new Set<string>();
  for (const rel of rels) {
    if (await statInWorkspace(workspacePath, rel)) present.add(rel);
  }
  return present;
}

/** The files under a workspace folder, as sorted workspace paths (POSIX); none when the folder is not there. */
export async function listFiles(
  workspacePath: string,
  rel: string,
): Promise<string[]> {
  const out: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(resolveInWorkspace(workspacePath, folder), {
        withFileTypes: true,
      });
    } catch (e) {
      if (isError(e) && e.name === 'InputError') throw e;
      return;
    }
    for (const entry of entries) {
      const child = path.posix.join(folder, entry.name);
      if (entry.isDirectory()) await walk(child);
      else out.push(child);
    }
  };
  await walk(rel);
  return out.sort();
}

import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository root: the nearest folder at or above `from` (default: the working directory, which jest sets inside
 * the repository) whose package.json declares workspaces.
 */
export function repoRoot(from: string = process.cwd()): string {
  let dir = from;
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj) && JSON.parse(fs.readFileSync(pj, 'utf8')).workspaces)
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
}

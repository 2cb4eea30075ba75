/**
 * hub-spoke:app:publish: the files of an earlier run that this input no longer produces, for the writer to remove.
 */
import fs from 'node:fs/promises';
import { parse } from 'yaml';
import { PART_OF_LABEL, PublishSpec } from '../manifests';
import { listFiles, resolveInWorkspace } from '../workspace/paths';

/**
 * Files of an earlier run under targetPath that this input no longer produces (another ingress, tls or exposure, a
 * target removed): only YAML objects labelled as this app's (app.kubernetes.io/part-of=<name>) are considered.
 */
export async function staleFiles(
  workspacePath: string,
  spec: PublishSpec,
  produced: string[],
): Promise<string[]> {
  const keep = new Set(produced);
  const out: string[] = [];
  for (const file of await listFiles(workspacePath, spec.targetPath)) {
    if (keep.has(file) || !file.endsWith('.yaml')) continue;
    try {
      const doc = parse(
        await fs.readFile(resolveInWorkspace(workspacePath, file), 'utf8'),
      );
      if (doc?.metadata?.labels?.[PART_OF_LABEL] === spec.name) out.push(file);
    } catch {
      // Not YAML of ours: left alone.
    }
  }
  return out;
}

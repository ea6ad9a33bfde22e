import { access } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_NAMES, isInside, realPathOr } from './workspace.js';

export { CONFIG_NAMES };


/**
 * The nearest journeykit.config.yaml|yml from `start` up to the workspace's top directory (up to
 * the file system root without a workspace): a config above the repository is not the
 * repository's, and reading it would cross the workspace boundary.
 */
export async function findConfig(start: string, workspace?: string): Promise<string | undefined> {
  let dir = path.resolve(start);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (await access(candidate).then(() => true, () => false)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir || (workspace !== undefined && !isInside(workspace, realPathOr(parent)))) return undefined;
    dir = parent;
  }
}

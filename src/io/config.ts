import { access } from 'node:fs/promises';
import path from 'node:path';

export const CONFIG_NAMES = ['journeykit.config.yaml', 'journeykit.config.yml'];

/** The nearest journeykit.config.yaml|yml from `start` up to the file system root. */
export async function findConfig(start: string): Promise<string | undefined> {
  let dir = path.resolve(start);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (await access(candidate).then(() => true, () => false)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

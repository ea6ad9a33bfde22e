import { existsSync, realpathSync } from 'node:fs';
import { readlink, realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * The workspace boundary. journeykit runs in CI on pull requests from people the repository's
 * owner may not trust: a committed symbolic link could point a "map" at `~/.env` or
 * `/etc/passwd`, and the diagnostics would print that file into a public comment. So every input
 * is read only when its real path (links resolved, on the opened descriptor) lies inside the
 * workspace: the git work tree's top directory above the working directory; outside git, the
 * nearest directory up holding a journeykit config (the project a person works in), else the
 * working directory itself. `--allow-outside` lifts the boundary for a person who means it.
 */

export const CONFIG_NAMES = ['journeykit.config.yaml', 'journeykit.config.yml'];

/** The real path of `file` (links resolved); its absolute path when it does not exist. */
export function realPathOr(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/**
 * The workspace of a working directory, as a real path: the nearest directory up with `.git`;
 * outside git, the nearest directory up with a journeykit config; else `cwd`.
 */
export function findWorkspace(cwd: string): string {
  const start = realPathOr(cwd);
  let configDir: string | undefined;
  for (let dir = start; ;) {
    // `.git` is a directory in a clone, a file in a linked worktree or a submodule.
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (configDir === undefined && CONFIG_NAMES.some((name) => existsSync(path.join(dir, name)))) configDir = dir;
    const parent = path.dirname(dir);
    if (parent === dir) return configDir ?? start;
    dir = parent;
  }
}

/** Whether the real path `file` lies inside the real directory `root`. */
export function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * The real path of an open file. On Linux it is read from the descriptor itself, so the file
 * checked is the file read, whatever happens to the path meanwhile; elsewhere from the path.
 */
export async function realPathOfDescriptor(fd: number, file: string): Promise<string> {
  if (process.platform === 'linux') {
    const linked = await readlink(`/proc/self/fd/${fd}`).catch(() => undefined);
    if (linked !== undefined && path.isAbsolute(linked)) return linked;
  }
  return realpath(file);
}

export const OUTSIDE_HINT = 'Inputs must lie inside the repository (or the project folder), so a link cannot make journeykit print other files; --allow-outside lifts this.';

import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import type * as Tinyglobby from 'tinyglobby';
import { InputError } from '../core/errors.js';
import { fileKind } from './read.js';

export const MAP_GLOB = '**/*.journey.{yaml,yml}';
export const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];
export const DEFAULT_MAX_FILES = 10_000;

export interface DiscoverOptions {
  cwd: string;
  /** Globs from the config's `ignore`, relative to `ignoreBase` (the config file's folder). */
  ignore?: readonly string[];
  ignoreBase?: string;
  maxFiles?: number;
}

/** tinyglobby (and fdir under it), loaded for directories and globs only: a run on named files skips them (cold start). */
const tinyglobby = (): Promise<typeof Tinyglobby> => import('tinyglobby');

/**
 * Turns PATHS into absolute file paths, sorted and unique. A named file is always taken (its
 * extension does not matter); directories and globs find `*.journey.yaml|yml`, skipping
 * node_modules, .git and the config's `ignore` patterns. Symbolic links are not followed into
 * directories, so link loops cannot trap the walk. A path that does not exist, or a glob that
 * matches nothing, is an InputError.
 */
export async function discoverMaps(patterns: readonly string[], options: DiscoverOptions): Promise<string[]> {
  const { cwd } = options;
  const isIgnored = options.ignore?.length ? picomatch([...options.ignore], { dot: true }) : () => false;
  const ignoreBase = options.ignoreBase ?? cwd;
  const keep = (absolute: string): boolean => !isIgnored(path.relative(ignoreBase, absolute).split(path.sep).join('/'));

  const found = new Set<string>();
  const add = (absolute: string): void => {
    found.add(absolute);
    const max = options.maxFiles ?? DEFAULT_MAX_FILES;
    if (found.size > max) {
      throw new InputError(`More than ${max} map files match; journeykit validates at most ${max} per run.`, 'Name fewer paths or add ignore patterns to journeykit.config.yaml.');
    }
  };
  const walk = async (base: string, pattern: string): Promise<string[]> =>
    (await tinyglobby()).glob(pattern, { cwd: base, absolute: true, dot: false, ignore: ALWAYS_IGNORED, followSymbolicLinks: false, onlyFiles: true, expandDirectories: false });

  for (const pattern of patterns.length > 0 ? patterns : ['.']) {
    const absolute = path.resolve(cwd, pattern);
    const info = await stat(absolute).catch(() => undefined);
    if (info?.isFile()) {
      add(absolute);
    } else if (info?.isDirectory()) {
      for (const file of await walk(absolute, MAP_GLOB)) if (keep(file)) add(file);
    } else if (info) {
      // A FIFO, socket or device: reading it could block forever.
      throw new InputError(`Path '${pattern}' is ${fileKind(info)}, not a regular file or a directory.`, 'Name a journey map file or a directory of maps.');
    } else if (!(await tinyglobby()).isDynamicPattern(pattern) && (await lstat(absolute).catch(() => undefined))?.isSymbolicLink()) {
      throw new InputError(`Path '${pattern}' is a symbolic link to a file that does not exist.`, 'Fix or remove the link.');
    } else if ((await tinyglobby()).isDynamicPattern(pattern)) {
      const matches = (await walk(cwd, pattern.split(path.sep).join('/'))).filter(keep);
      if (matches.length === 0) throw new InputError(`No files match '${pattern}'.`, 'Check the pattern; quote it so the shell does not expand it first.');
      for (const file of matches) add(file);
    } else {
      throw new InputError(`Path '${pattern}' does not exist.`, 'Check the spelling, or run without paths to validate every *.journey.yaml below the working directory.');
    }
  }
  if (found.size === 0) {
    const where = patterns.length > 0 ? patterns.map((p) => `'${p}'`).join(', ') : 'the working directory';
    throw new InputError(`No journey maps (*.journey.yaml, *.journey.yml) found in ${where}.`, 'Name the map files, or create one with `journey init`.');
  }
  return [...found].sort();
}

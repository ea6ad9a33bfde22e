import path from 'node:path';

/** Paths in output are relative to the working directory and POSIX-style (CLI.md). */
export function displayPath(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute) || '.';
  return relative.split(path.sep).join('/');
}

/**
 * The files a command reads, as absolute paths: `--output` may replace none of them. The
 * workspace config counts too, found or named: `journey validate --output journeykit.config.yaml`
 * must not destroy it.
 */
export function inputPaths(cwd: string, files: readonly (string | undefined)[]): string[] {
  return files.filter((f): f is string => f !== undefined).map((f) => path.resolve(cwd, f));
}

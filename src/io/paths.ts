import path from 'node:path';

/** Paths in output are relative to the working directory and POSIX-style (CLI.md). */
export function displayPath(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute) || '.';
  return relative.split(path.sep).join('/');
}

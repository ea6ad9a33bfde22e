import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { START_OF_FILE } from '../core/diagnostics.js';
import { InputError } from '../core/errors.js';
import type { InputFile } from '../core/validate.js';

/** The size limit of one kind of input file, and what the refusal says. */
export interface FileLimit {
  maxBytes: number;
  /** What the file is, for the message: "a journey map". */
  what: string;
  hint: string;
}

export const MAP_FILE_LIMIT: FileLimit = {
  maxBytes: 5 * 1024 * 1024,
  what: 'a journey map',
  hint: 'Split the journey into sub-journeys linked with links_to; a map this large is not meant to be edited by hand.',
};

function ioDiagnostic(code: string, message: string, hint: string): Diagnostic {
  return { code, severity: 'error', message, hint, path: '', ...START_OF_FILE };
}

/** The refusal of a file over its limit (size undefined: found over it while reading). */
export function fileTooLarge(size: number | undefined, limit: FileLimit): Diagnostic {
  const over = size === undefined ? 'over' : `${formatBytes(size)}, over`;
  return ioDiagnostic('io/file-too-large', `The file is ${over} the ${formatBytes(limit.maxBytes)} limit for ${limit.what}.`, limit.hint);
}

/**
 * Reads a file whole, but checks its size first through the open handle, so a 50 MB file is
 * refused at once instead of being read and parsed.
 */
export async function readInputFile(absolute: string, display: string, limit: FileLimit = MAP_FILE_LIMIT): Promise<InputFile> {
  let handle;
  try {
    handle = await open(absolute, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      file: display,
      diagnostic: ioDiagnostic(
        code === 'ENOENT' ? 'io/not-found' : 'io/unreadable',
        code === 'ENOENT' ? 'The file does not exist.' : `The file cannot be read (${code ?? 'error'}).`,
        code === 'EACCES' ? 'Check the file permissions.' : 'Check the path.',
      ),
    };
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) {
      return { file: display, diagnostic: ioDiagnostic('io/is-directory', 'The path is a directory, not a file.', 'Name the files inside it, or pass the directory to search it.') };
    }
    if (stat.size > limit.maxBytes) return { file: display, diagnostic: fileTooLarge(stat.size, limit) };
    const bytes = await handle.readFile();
    // The file grew between the check and the read.
    if (bytes.length > limit.maxBytes) return { file: display, diagnostic: fileTooLarge(undefined, limit) };
    return { file: display, bytes };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { file: display, diagnostic: ioDiagnostic('io/unreadable', `The file cannot be read (${code ?? 'error'}).`, 'Check the file permissions.') };
  } finally {
    await handle.close();
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/**
 * A file a command was told to read (a map, a weights file): missing or a directory is an
 * InputError (exit 2); any other problem stays a located diagnostic of the input.
 */
export async function readNamedInput(cwd: string, file: string, what: string, limit: FileLimit = MAP_FILE_LIMIT): Promise<InputFile> {
  const absolute = path.resolve(cwd, file);
  const display = path.relative(cwd, absolute).split(path.sep).join('/') || '.';
  const input = await readInputFile(absolute, display, limit);
  if ('diagnostic' in input && (input.diagnostic.code === 'io/not-found' || input.diagnostic.code === 'io/is-directory')) {
    throw new InputError(`${what} '${display}' ${input.diagnostic.code === 'io/not-found' ? 'does not exist' : 'is a directory'}.`, 'Check the path.');
  }
  return input;
}

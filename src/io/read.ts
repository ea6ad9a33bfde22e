import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostics.js';
import { START_OF_FILE } from '../core/diagnostics.js';
import { InputError } from '../core/errors.js';
import type { InputFile } from '../core/validate.js';
import { OUTSIDE_HINT, isInside, realPathOfDescriptor } from './workspace.js';

/** Where a command reads from: the working directory, and the workspace boundary (if any). */
export interface ReadScope {
  cwd: string;
  /** Real path of the workspace every input must lie in; undefined with --allow-outside. */
  workspace?: string | undefined;
}

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

/** The refusals that mean "this path must not be read at all": exit 2 wherever a user named the file. */
const REFUSED = new Set(['io/not-found', 'io/is-directory', 'io/not-regular-file', 'io/outside-workspace', 'io/symlink']);

function ioDiagnostic(code: string, message: string, hint: string): Diagnostic {
  return { code, severity: 'error', message, hint, path: '', ...START_OF_FILE };
}

/** The refusal of a file over its limit (size undefined: found over it while reading). */
export function fileTooLarge(size: number | undefined, limit: FileLimit): Diagnostic {
  const over = size === undefined ? 'over' : `${formatBytes(size)}, over`;
  return ioDiagnostic('io/file-too-large', `The file is ${over} the ${formatBytes(limit.maxBytes)} limit for ${limit.what}.`, limit.hint);
}

/** A committed symbolic link (git mode 120000), which journeykit never follows. */
export function symlinkNotRead(): Diagnostic {
  return ioDiagnostic('io/symlink', 'The file is a symbolic link, not read.', 'journeykit does not follow links committed to the repository; commit the map itself.');
}

/** What a file that is not a regular file is, for messages: "a FIFO (named pipe)". */
export function fileKind(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(info: Stats): Diagnostic {
  return ioDiagnostic('io/not-regular-file', `The path is ${fileKind(info)}, not a regular file.`, 'Reading it could block or never end; name a regular file.');
}

function errnoDiagnostic(error: unknown): Diagnostic {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return ioDiagnostic('io/not-found', 'The file does not exist.', 'Check the path.');
  return ioDiagnostic('io/unreadable', `The file cannot be read (${code ?? 'error'}).`, code === 'EACCES' ? 'Check the file permissions.' : 'Check the path.');
}

// O_NONBLOCK: opening a FIFO never waits for a writer (the descriptor check below then refuses it);
// O_NOCTTY: a terminal named as input never becomes the controlling terminal.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

export type OpenedFile = { handle: FileHandle; size: number; real: string } | { diagnostic: Diagnostic };

/**
 * Opens a file an untrusted pull request may have put in place, for reading: it must exist, be a
 * regular file (checked on the path first, so a device is never opened, then on the descriptor,
 * so nothing can be swapped in between) and, when `workspace` is set, have its real path inside
 * the workspace (read from the descriptor). The caller closes the handle.
 */
export async function openRegular(absolute: string, workspace: string | undefined): Promise<OpenedFile> {
  let info: Stats;
  try {
    info = await stat(absolute);
  } catch (error) {
    return { diagnostic: errnoDiagnostic(error) };
  }
  if (info.isDirectory()) {
    return { diagnostic: ioDiagnostic('io/is-directory', 'The path is a directory, not a file.', 'Name a file.') };
  }
  if (!info.isFile()) return { diagnostic: notRegular(info) };
  let handle: FileHandle;
  try {
    handle = await open(absolute, OPEN_FLAGS);
  } catch (error) {
    return { diagnostic: errnoDiagnostic(error) };
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) {
      await handle.close();
      return { diagnostic: notRegular(opened) };
    }
    const real = await realPathOfDescriptor(handle.fd, absolute);
    if (workspace !== undefined && !isInside(workspace, real)) {
      await handle.close();
      return { diagnostic: ioDiagnostic('io/outside-workspace', `The file lies outside the workspace '${workspace}' (its real path is '${real}').`, OUTSIDE_HINT) };
    }
    return { handle, size: opened.size, real };
  } catch (error) {
    await handle.close();
    return { diagnostic: errnoDiagnostic(error) };
  }
}

/**
 * Reads at most `maxBytes` from an open file; undefined when there is more. The limit holds on
 * the bytes actually read, so a file that grows while it is read, or whose size was wrong, is cut
 * off instead of filling the memory.
 */
async function readBounded(handle: FileHandle, sizeHint: number, maxBytes: number): Promise<Uint8Array | undefined> {
  let buffer = Buffer.allocUnsafe(Math.min(sizeHint, maxBytes) + 1);
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      if (total > maxBytes) return undefined;
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
      buffer.copy(grown, 0, 0, total);
      buffer = grown;
    }
    const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return total > maxBytes ? undefined : buffer.subarray(0, total);
}

/**
 * Reads a file whole, within its size limit, if it is a regular file inside the workspace (see
 * `openRegular`); any problem becomes the file's diagnostic.
 */
export async function readInputFile(absolute: string, display: string, limit: FileLimit = MAP_FILE_LIMIT, workspace?: string): Promise<InputFile> {
  const opened = await openRegular(absolute, workspace);
  if ('diagnostic' in opened) return { file: display, diagnostic: opened.diagnostic };
  const { handle } = opened;
  try {
    if (opened.size > limit.maxBytes) return { file: display, diagnostic: fileTooLarge(opened.size, limit) };
    const bytes = await readBounded(handle, opened.size, limit.maxBytes);
    if (bytes === undefined) return { file: display, diagnostic: fileTooLarge(undefined, limit) };
    return { file: display, bytes };
  } catch (error) {
    return { file: display, diagnostic: errnoDiagnostic(error) };
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
 * A file the user named that must not be read at all (missing, a directory, a device or FIFO,
 * outside the workspace, a committed link) is an InputError (exit 2) naming it; any other problem
 * (too large, unreadable, not YAML) stays a located diagnostic of the input.
 */
export function refuseUnreadable(input: InputFile, what: string): InputFile {
  if ('diagnostic' in input && REFUSED.has(input.diagnostic.code)) throw refusal(what, input.file, input.diagnostic);
  return input;
}

/** The one-line error for a named file that could not be read: `Survey export 'a.csv' is a FIFO ...`. */
export function refusal(what: string, file: string, diagnostic: Diagnostic): InputError {
  // Every io message starts with "The file" or "The path": the name takes its place.
  return new InputError(diagnostic.message.replace(/^The (file|path)\b/, `${what} '${file}'`), diagnostic.hint);
}

/** A file a command was told to read (a map, a weights file), relative to the working directory. */
export async function readNamedInput(scope: ReadScope, file: string, what: string, limit: FileLimit = MAP_FILE_LIMIT): Promise<InputFile> {
  const absolute = path.resolve(scope.cwd, file);
  const display = path.relative(scope.cwd, absolute).split(path.sep).join('/') || '.';
  return refuseUnreadable(await readInputFile(absolute, display, limit, scope.workspace), what);
}

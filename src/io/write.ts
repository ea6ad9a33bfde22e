import { randomBytes } from 'node:crypto';
import { realpathSync, rmSync } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { onInterrupt } from './interrupt.js';
import { displayPath } from './paths.js';

function canonical(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/**
 * The checks `writeAtomic` makes before writing, for commands that should fail before long work:
 * `target` is not one of `inputs`, its directory exists, and it is not a directory. Returns the
 * absolute path.
 */
export async function checkTarget(target: string, inputs: readonly string[] = [], cwd?: string): Promise<string> {
  const absolute = path.resolve(cwd ?? '.', target);
  // Messages name paths as the user would: relative to the working directory when it is given.
  const shown = cwd !== undefined ? displayPath(cwd, absolute) : target;
  const real = canonical(absolute);
  if (inputs.some((input) => canonical(input) === real)) {
    throw new InputError(`Refusing to write '${shown}': it is one of this command's input files.`, 'Choose another --output path.');
  }
  const dir = path.dirname(absolute);
  const dirInfo = await stat(dir).catch(() => undefined);
  if (!dirInfo?.isDirectory()) {
    throw new InputError(`Cannot write '${shown}': directory '${path.posix.dirname(shown)}' does not exist.`, 'Create the directory first.');
  }
  const existing = await stat(absolute).catch(() => undefined);
  if (existing?.isDirectory()) throw new InputError(`Cannot write '${shown}': it is a directory.`, 'Name a file.');
  return absolute;
}

/**
 * Writes `content` to `target` atomically: a temporary file in the same directory, then a
 * rename, so readers never see half a file. Refuses to replace any of `inputs` and to create
 * directories nobody asked for.
 */
export async function writeAtomic(target: string, content: string | Uint8Array, inputs: readonly string[] = [], cwd?: string): Promise<void> {
  const absolute = await checkTarget(target, inputs, cwd);
  const dir = path.dirname(absolute);
  const temporary = path.join(dir, `.${path.basename(absolute)}.${randomBytes(6).toString('hex')}.tmp`);
  // Ctrl-C between creating the temporary file and the rename removes it: no half-written file.
  const done = onInterrupt(() => rmSync(temporary, { force: true }));
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, absolute);
    done();
  } catch (error) {
    done();
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(`Cannot write '${cwd !== undefined ? displayPath(cwd, absolute) : target}' (${code}).`, 'Check that the directory is writable.');
  }
}

/** Creates a new file, never replacing one; false when the file already exists. */
export async function writeNew(target: string, content: string): Promise<boolean> {
  try {
    await writeFile(target, content, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new InputError(`Cannot write '${target}' (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, 'Check that the directory is writable.');
  }
}

import { rmSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, open, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { onInterrupt } from './interrupt.js';
import { displayPath } from './paths.js';
import { fileKind } from './read.js';
import { findWorkspace, isInside, realPathOr } from './workspace.js';

/** `--output` values that mean standard output, as in most command-line tools. */
export const STDOUT_NAMES: readonly string[] = ['-', '/dev/stdout'];

/** The longest file name most file systems take, in bytes. */
const NAME_MAX = 255;
/** Links followed before giving up, as the kernel does (ELOOP). */
const MAX_LINKS = 40;

/**
 * Where writing `absolute` lands: symbolic links are written through to their target (a link to
 * a missing file creates that file), as `>` does in a shell. Undefined when a directory on the
 * way does not exist.
 */
async function finalTarget(absolute: string, shown: string): Promise<string | undefined> {
  let current = absolute;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    const info = await lstat(current).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
    if (info === undefined || !info.isSymbolicLink()) {
      const dir = await realpath(path.dirname(current)).catch(() => undefined);
      return dir === undefined ? undefined : path.join(dir, path.basename(current));
    }
    current = path.resolve(path.dirname(current), await readlink(current));
  }
  throw new InputError(`Cannot write '${shown}': too many levels of symbolic links.`, 'Fix the link, or choose another --output path.');
}

function cannotWrite(shown: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  if (code === 'ENAMETOOLONG') return new InputError(`Cannot write '${shown}': the name is too long for the file system.`, 'Choose a shorter --output path.');
  if (code === 'ENOSPC' || code === 'EDQUOT') return new InputError(`Cannot write '${shown}': the disk is full (${code}); nothing was written.`, 'Free some space and run again.');
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new InputError(`Cannot write '${shown}' (${code}).`, 'Check that the directory is writable.');
  return new InputError(`Cannot write '${shown}' (${code}).`, 'Check the --output path and that its directory is writable.');
}

/**
 * A target as messages name it: relative to the working directory, except an absolute path
 * outside it, which is named as written (`/dev/null`, not `../../../dev/null`).
 */
function shownTarget(target: string, cwd: string | undefined): string {
  if (cwd === undefined) return target;
  const relative = displayPath(cwd, path.resolve(cwd, target));
  return path.isAbsolute(target) && relative.startsWith('../') ? target : relative;
}

/**
 * Whether `absolute`, as named (links not followed), lies inside the workspace of `cwd`: inside
 * the workspace's real path, or inside it as seen through the path of `cwd` (which may run
 * through a link, as `/tmp` does on macOS).
 */
function namedInside(workspace: string, cwd: string, absolute: string): boolean {
  if (isInside(workspace, absolute)) return true;
  const realCwd = realPathOr(cwd);
  if (!isInside(workspace, realCwd)) return false;
  return isInside(path.resolve(cwd, path.relative(realCwd, workspace)), absolute);
}

/**
 * A link may not carry an output out of the workspace: a pull request could commit
 * `report.md -> ~/.bashrc` (or a directory link `out -> /etc`) and have CI overwrite that file.
 * A path named outside the workspace is the user's own choice and is written as named.
 */
function checkBoundary(absolute: string, final: string, shown: string, cwd: string): void {
  const workspace = findWorkspace(cwd);
  if (!namedInside(workspace, path.resolve(cwd), absolute) || isInside(workspace, final)) return;
  throw new InputError(
    `Refusing to write '${shown}': a symbolic link leads it outside the workspace, to '${final}'.`,
    'Outputs inside the repository (or the project folder) may not lead outside it through a link; name the target itself to write there.',
  );
}

/**
 * The checks made before writing, for commands that should fail before long work: links are
 * followed to the file really written, which must not be one of `inputs`, must sit in an existing
 * directory, and must be a regular file if it exists (a device, FIFO or socket is refused: writing
 * would replace the node, or block). An output named inside the workspace must not be led out of
 * it by a link. Returns the absolute path of the file really written.
 */
export async function checkTarget(target: string, inputs: readonly string[] = [], cwd?: string): Promise<string> {
  const absolute = path.resolve(cwd ?? '.', target);
  const shown = shownTarget(target, cwd);
  let final: string | undefined;
  try {
    if (Buffer.byteLength(path.basename(absolute)) > NAME_MAX) throw Object.assign(new Error('name too long'), { code: 'ENAMETOOLONG' });
    final = await finalTarget(absolute, shown);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw cannotWrite(shown, error);
  }
  if (final === undefined) {
    throw new InputError(`Cannot write '${shown}': directory '${path.posix.dirname(shown)}' does not exist.`, 'Create the directory first.');
  }
  if (Buffer.byteLength(path.basename(final)) > NAME_MAX) throw cannotWrite(shown, { code: 'ENAMETOOLONG' });
  if (inputs.some((input) => realPathOr(input) === final)) {
    throw new InputError(`Refusing to write '${shown}': it is one of this command's input files.`, 'Choose another --output path.');
  }
  const existing = await stat(final).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(cannotWrite(shown, error))));
  if (existing?.isDirectory()) throw new InputError(`Cannot write '${shown}': it is a directory.`, 'Name a file.');
  if (existing && !existing.isFile()) {
    throw new InputError(`Refusing to write '${shown}': it is ${fileKind(existing)}, not a regular file.`, "Name a regular file; '-' writes to standard output.");
  }
  checkBoundary(absolute, final, shown, cwd ?? process.cwd());
  return final;
}

export interface OutputFile {
  target: string;
  content: string | Uint8Array;
}

/** A temporary name beside `final`, short enough for any file system whatever the target's length. */
function temporaryFor(final: string): string {
  const stem = Array.from(path.basename(final)).slice(0, 32).join('');
  return path.join(path.dirname(final), `.${stem}.${process.getBuiltinModule('node:crypto').randomBytes(6).toString('hex')}.tmp`);
}

const ignoreCodes =
  (...codes: string[]) =>
  (error: NodeJS.ErrnoException): void => {
    if (!codes.includes(error.code ?? '')) throw error;
  };

/**
 * Writes `content` to the new file `temporary` (never an existing one, never through a link) with
 * the permission bits and owner of the file it will replace, if any, and flushes it to the disk.
 * The owner is copied only where the process may (as root, or a group it is in).
 */
async function stage(temporary: string, content: string | Uint8Array, replaced: Stats | undefined): Promise<void> {
  const handle = await open(temporary, 'wx', replaced === undefined ? 0o666 : 0o600);
  try {
    await handle.writeFile(content);
    if (replaced !== undefined) {
      if (replaced.uid !== process.getuid?.() || replaced.gid !== process.getgid?.()) {
        await handle.chown(replaced.uid, replaced.gid).catch(ignoreCodes('EPERM', 'EINVAL'));
      }
      await handle.chmod(replaced.mode & 0o777);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes the directory entries a rename changed, so the new names survive a power cut. */
async function syncDirectories(finals: readonly string[]): Promise<void> {
  for (const dir of new Set(finals.map((final) => path.dirname(final)))) {
    const handle = await open(dir, 'r').catch(() => undefined);
    if (handle === undefined) continue;
    // Some platforms and file systems cannot fsync a directory; the files themselves are synced.
    await handle.sync().catch(ignoreCodes('EINVAL', 'EISDIR', 'EBADF', 'EPERM', 'ENOTSUP'));
    await handle.close();
  }
}

/**
 * Writes a set of files all or nothing: every content goes to a temporary file beside its target
 * first, and only when all are written are they renamed into place, in order (a report last, so it
 * never links an image that is not there). A failure (a full disk, a name too long) or Ctrl-C
 * before the last rename removes every temporary file and every file this call already put in
 * place; readers never see half a file. Each file is flushed to the disk before its rename and
 * keeps the permissions and owner of the file it replaces; a link stays a link, its target gets
 * the content. Refuses to replace any of `inputs` (or one target with
 * another) and to create directories nobody asked for.
 */
export async function writeAtomicAll(files: readonly OutputFile[], inputs: readonly string[] = [], cwd?: string): Promise<void> {
  const planned: { final: string; temporary: string; shown: string; content: string | Uint8Array }[] = [];
  for (const file of files) {
    const final = await checkTarget(file.target, [...inputs, ...planned.map((p) => p.final)], cwd);
    const shown = shownTarget(file.target, cwd);
    planned.push({ final, temporary: temporaryFor(final), shown, content: file.content });
  }
  const placed: string[] = [];
  const undo = (): void => {
    for (const p of planned) rmSync(p.temporary, { force: true });
    for (const final of placed) rmSync(final, { force: true });
  };
  const done = onInterrupt(undo);
  let current = planned[0]?.shown ?? '';
  try {
    for (const p of planned) {
      current = p.shown;
      const replaced = await stat(p.final).catch(() => undefined);
      await stage(p.temporary, p.content, replaced);
    }
    for (const p of planned) {
      current = p.shown;
      await rename(p.temporary, p.final);
      placed.push(p.final);
    }
    done();
  } catch (error) {
    done();
    // Only what this call created goes: the files it already renamed into place were new versions.
    await Promise.all(planned.map((p) => rm(p.temporary, { force: true })));
    if (placed.length < planned.length) await Promise.all(placed.map((final) => rm(final, { force: true })));
    throw cannotWrite(current, error);
  }
  await syncDirectories(placed).catch((error: unknown) => Promise.reject(cannotWrite(current, error)));
}

/** Writes one file atomically (see `writeAtomicAll`). */
export async function writeAtomic(target: string, content: string | Uint8Array, inputs: readonly string[] = [], cwd?: string): Promise<void> {
  await writeAtomicAll([{ target, content }], inputs, cwd);
}

import { execFile } from 'node:child_process';
import path from 'node:path';
import { START_OF_FILE } from '../core/diagnostics.js';
import { InputError, UsageError } from '../core/errors.js';
import type { InputFile } from '../core/validate.js';
import { MAP_FILE_LIMIT, fileTooLarge } from './read.js';

/**
 * Git, run as the `git` program with argument lists (never a shell): local reads only, so
 * `journey diff --git` needs no network and sees exactly what `git diff` sees.
 */
interface GitResult {
  stdout: Buffer;
  code: number;
  stderr: string;
}

function git(cwd: string, args: readonly string[], maxBuffer = 64 * 1024 * 1024): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...args],
      { cwd, encoding: 'buffer', maxBuffer, windowsHide: true, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' } },
      (error, stdout, stderr) => {
        const stderrText = Buffer.from(stderr ?? '').toString('utf8');
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new InputError('git is not installed or not on PATH.', 'Install git, or compare two files with `journey diff BASE HEAD`.'));
          return;
        }
        if (error && (error as { code?: unknown }).code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          resolve({ stdout: Buffer.alloc(0), code: -1, stderr: 'output too large' });
          return;
        }
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
        resolve({ stdout: Buffer.from(stdout ?? ''), code, stderr: stderrText });
      },
    );
  });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/** The work tree's top directory; an InputError outside a repository. */
export async function gitToplevel(cwd: string): Promise<string> {
  const result = await git(cwd, ['rev-parse', '--show-toplevel']);
  if (result.code !== 0) {
    throw new InputError(
      `Not inside a git work tree (${firstLine(result.stderr) || 'git rev-parse failed'}).`,
      'Run journey diff --git inside the repository, or compare two files with `journey diff BASE HEAD`.',
    );
  }
  return path.resolve(result.stdout.toString('utf8').trim());
}

/** Checks that REV names a commit here (no fetch is ever attempted). */
export async function verifyRevision(top: string, revision: string): Promise<void> {
  if (revision === '' || revision.startsWith('-') || /[\0\n]/.test(revision)) {
    throw new UsageError(`'${revision}' is not a git revision.`, 'Pass a branch, tag or commit, e.g. --git origin/main.');
  }
  const result = await git(top, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
  if (result.code !== 0) {
    throw new InputError(
      `Unknown git revision '${revision}'.`,
      'Fetch it first (in CI: actions/checkout with fetch-depth: 0, or git fetch origin main), then pass e.g. --git origin/main.',
    );
  }
}

export interface ChangedFile {
  /** Path in the repository (POSIX, relative to the top directory) at the revision; absent for new files. */
  before?: string;
  /** Path in the working tree; absent for deleted files. */
  after?: string;
  renamed: boolean;
  /** The side is a symbolic link (git mode 120000), which is never followed. */
  beforeIsLink?: boolean;
  afterIsLink?: boolean;
}

const LINK_MODE = '120000';

/**
 * Every file that differs between REV and the working tree under the pathspecs: modified, added,
 * deleted, renamed (git's rename detection), and untracked files that are not ignored.
 */
export async function changedFiles(top: string, revision: string, pathspecs: readonly string[]): Promise<ChangedFile[]> {
  const specs = pathspecs.length > 0 ? pathspecs : ['.'];
  // --raw: `:srcmode dstmode srcsha dstsha status`, then the path(s); the modes tell links apart.
  const diff = await git(top, ['-c', 'core.quotePath=false', 'diff', '--raw', '-z', '-M', '--no-ext-diff', '--no-textconv', revision, '--', ...specs]);
  if (diff.code !== 0) throw new InputError(`git diff failed: ${firstLine(diff.stderr)}`, 'Check the revision and the paths.');
  const fields = diff.stdout.toString('utf8').split('\0');
  const out: ChangedFile[] = [];
  for (let i = 0; i < fields.length - 1;) {
    const meta = fields[i++]!;
    if (meta === '') continue;
    const [srcMode, dstMode, , , status = ''] = meta.replace(/^:/, '').split(' ');
    const links = { ...(srcMode === LINK_MODE ? { beforeIsLink: true } : {}), ...(dstMode === LINK_MODE ? { afterIsLink: true } : {}) };
    const letter = status[0]!;
    if (letter === 'R' || letter === 'C') {
      const from = fields[i++]!;
      const to = fields[i++]!;
      // A copy leaves the source in place: only the new file is a change.
      out.push(letter === 'R' ? { before: from, after: to, renamed: true, ...links } : { after: to, renamed: false, ...(links.afterIsLink ? { afterIsLink: true } : {}) });
    } else {
      const file = fields[i++]!;
      if (letter === 'A') out.push({ after: file, renamed: false, ...(links.afterIsLink ? { afterIsLink: true } : {}) });
      else if (letter === 'D') out.push({ before: file, renamed: false, ...(links.beforeIsLink ? { beforeIsLink: true } : {}) });
      else out.push({ before: file, after: file, renamed: false, ...links });
    }
  }
  const untracked = await git(top, ['-c', 'core.quotePath=false', 'ls-files', '--others', '--exclude-standard', '-z', '--', ...specs]);
  if (untracked.code !== 0) throw new InputError(`git ls-files failed: ${firstLine(untracked.stderr)}`, 'Check the paths.');
  for (const file of untracked.stdout.toString('utf8').split('\0')) if (file !== '') out.push({ after: file, renamed: false });
  return out;
}

/** A file's bytes at a revision, with the same size limit and diagnostics as files on disk. */
export async function readAtRevision(top: string, revision: string, repoPath: string, display: string): Promise<InputFile> {
  const diagnostic = (code: string, message: string, hint: string): InputFile => ({
    file: display,
    diagnostic: { code, severity: 'error', message, hint, path: '', ...START_OF_FILE },
  });
  const size = await git(top, ['cat-file', '-s', `${revision}:${repoPath}`]);
  if (size.code !== 0) return diagnostic('io/not-found', `The file is not in revision ${revision}.`, 'Check the revision.');
  const bytes = Number(size.stdout.toString('utf8').trim());
  if (bytes > MAP_FILE_LIMIT.maxBytes) return { file: display, diagnostic: fileTooLarge(bytes, MAP_FILE_LIMIT) };
  const blob = await git(top, ['cat-file', 'blob', `${revision}:${repoPath}`], MAP_FILE_LIMIT.maxBytes + 1024);
  if (blob.code !== 0) return diagnostic('io/unreadable', `The file cannot be read from revision ${revision}: ${firstLine(blob.stderr)}.`, 'Check the revision.');
  return { file: display, bytes: new Uint8Array(blob.stdout) };
}

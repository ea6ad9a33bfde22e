/**
 * Helpers for the tests that run the real bin as a child process and send it signals: start it,
 * wait for a condition, find the processes it left (Linux /proc), and read its end as a shell would.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { REPO_ROOT } from './harness.js';

export const BIN = path.join(REPO_ROOT, 'bin', 'journey.js');

/** Where /proc lists processes with their environment and arguments (Linux). */
export const HAS_PROC = existsSync('/proc/self/environ') && existsSync('/proc/self/cmdline');

export interface Ended {
  /** The exit code, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What a shell reports in $?: the exit code, or 128 + the number of the signal that ended it. */
  status: number;
  stdout: string;
  stderr: string;
  /** Date.now() when the process ended. */
  endedAt: number;
}

export interface Started {
  child: ChildProcess;
  ended: Promise<Ended>;
  /** Whether the process is still running. */
  running(): boolean;
}

/** Starts `node bin/journey.js ...argv`. */
export function startBin(argv: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Started {
  const child = spawn(process.execPath, [BIN, ...argv], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let done = false;
  const ended = new Promise<Ended>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      done = true;
      resolve({ code, signal, status: code ?? 128 + constants.signals[signal!], stdout, stderr, endedAt: Date.now() });
    });
  });
  return { child, ended, running: () => !done && child.exitCode === null && child.signalCode === null };
}

/** Polls `condition` every 25 ms for up to `ms`; its last answer. */
export async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await sleep(25);
  }
  return condition();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function procEntries(): string[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
}

function readProc(pid: string, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'latin1');
  } catch {
    return undefined; // The process ended, or is not ours to read.
  }
}

/** Process ids whose environment holds `NAME=value` exactly: a process and everything it started, even what left its process group. */
export function processesWithEnv(entry: string): number[] {
  return procEntries()
    .filter((pid) => readProc(pid, 'environ')?.split('\0').includes(entry))
    .map(Number);
}

/** Process ids with an argument starting with `prefix` (a browser's --user-data-dir=...). */
export function processesWithArg(prefix: string): number[] {
  return procEntries()
    .filter((pid) =>
      readProc(pid, 'cmdline')
        ?.split('\0')
        .some((arg) => arg.startsWith(prefix)),
    )
    .map(Number);
}

/** The command name of a process (at most 15 characters), or undefined when it is gone. */
export function commandName(pid: number): string | undefined {
  return readProc(String(pid), 'comm')?.trim();
}

const privateTmps: string[] = [];
afterEach(() => {
  for (const dir of privateTmps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * An empty directory to be a child's TMPDIR, removed after the test; short, so that the browser's
 * temporary directory fits inside its profile (render.ts: at most 33 bytes on Linux), under /tmp
 * when the machine's own temporary directory is longer.
 */
export function privateTmp(): string {
  const base = Buffer.byteLength(tmpdir()) + '/jk-tmp-XXXXXX'.length <= 33 || !existsSync('/tmp') ? tmpdir() : '/tmp';
  const dir = mkdtempSync(path.join(base, 'jk-tmp-'));
  privateTmps.push(dir);
  return dir;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell; never throws, so exit codes can be asserted. */
export function exec(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

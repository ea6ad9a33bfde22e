import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { run } from '../../src/cli/main.js';
import { findBrowser } from '../../src/io/browser.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured streams (no TTY, no colour unless asked). */
export async function runCli(argv: string[], options: { cwd: string; env?: Record<string, string>; tty?: boolean; stderrTty?: boolean }): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run({
    argv,
    cwd: options.cwd,
    env: options.env ?? {},
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.stderrTty ?? false },
  });
  return { code, stdout, stderr };
}

const created: string[] = [];
afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory holding `files` (path -> content), removed after the test. */
export function workspace(files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'journeykit-test-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export const VALID_MAP = `version: 1
id: online-order
title: Online order
personas:
  - id: busy-parent
    name: Busy parent
stages:
  - id: purchase
    name: Purchase
    touchpoints:
      - id: checkout
        name: Checkout
        channel: web
        emotion: -1
        effort: 4
        moment_of_truth: true
        pain_points:
          - id: surprise-fee
            description: Shipping fee appears late
            severity: 4
            frequency: 5
        opportunities:
          - id: show-fee-early
            description: Show the fee on the product page
            addresses: [surprise-fee]
        kpis:
          - metric: abandonment-rate
            target: 0.1
            threshold: 0.15
`;

/**
 * The Chrome/Chromium for tests that need one. Locally a missing browser skips those tests with a
 * visible message; under CI=true it is a failure (.ci/run installs chromium).
 */
export async function browserForTests(what: string): Promise<string | undefined> {
  const browser = await findBrowser(undefined, process.env);
  if (!browser && process.env.CI) throw new Error(`CI=true but no Chrome/Chromium was found: .ci/run installs chromium; ${what} cannot be tested.`);
  // eslint-disable-next-line no-console -- the skip must be visible in the test output
  if (!browser) console.warn(`${what}: skipped, no Chrome or Chromium found (set JOURNEYKIT_BROWSER or install chromium).`);
  return browser;
}

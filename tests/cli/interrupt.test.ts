import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/io/browser.js';
import { REPO_ROOT, workspace } from './harness.js';

const BIN = path.join(REPO_ROOT, 'bin', 'journey.js');
const EXAMPLES = path.join(REPO_ROOT, 'examples');

/** Process ids whose environment holds MARKER=value (Linux /proc): the journey process and every browser process it started. */
function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) pids.push(Number(entry));
    } catch {
      // The process ended, or is not ours to read.
    }
  }
  return pids;
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

/** Starts the real bin, waits for `ready`, sends `signal`, and resolves with the exit code and stderr. */
function interrupt(argv: string[], options: { cwd: string; env: NodeJS.ProcessEnv; ready: () => boolean; signal: NodeJS.Signals; delayMs?: number }): Promise<{ code: number | null; stderr: string; sent: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    let sent = false;
    void until(() => options.ready() || child.exitCode !== null, 20_000).then(async () => {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (child.exitCode === null) {
        sent = true;
        child.kill(options.signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, sent }));
  });
}

const onLinux = existsSync('/proc/self/environ');
const browser = onLinux ? await findBrowser(undefined, process.env) : undefined;
if (!browser && process.env.CI) throw new Error('CI=true but no Chrome/Chromium was found: the Ctrl-C test of rendering cannot run.');
// eslint-disable-next-line no-console -- the skip must be visible in the test output
if (!browser) console.warn('interrupt test of rendering skipped: no Chrome or Chromium found, or no /proc to find its processes.');

describe('Ctrl-C and SIGTERM through the real bin', () => {
  // 0 ms: Chrome has just started; 100 ms: puppeteer is still connecting to it (CI once found the
  // profile left behind when the browser was not yet handed over); 300 ms: rendering.
  it.skipIf(!browser).each([0, 100, 300])('Ctrl-C %i ms after the browser starts: exit 130, no report, no image, no temporary file, no browser left running', async (delayMs) => {
    const out = workspace();
    const tmp = workspace();
    const marker = `JOURNEYKIT_TEST_MARKER=${path.basename(out)}`;
    const env = { ...process.env, JOURNEYKIT_BROWSER: browser!, TMPDIR: tmp, JOURNEYKIT_TEST_MARKER: path.basename(out) };
    const result = await interrupt(
      ['report', 'retail/online-order.journey.yaml', '--config', 'journeykit.config.yaml', '--survey', 'surveys/online-order-survey.csv', '--images', 'svg', '--output', path.join(out, 'report.md')],
      // Ready once the browser runs: more than the journey process carries the marker.
      { cwd: EXAMPLES, env, ready: () => processesWith(marker).length > 1, signal: 'SIGINT', delayMs },
    );
    expect(result.sent).toBe(true);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('journey: interrupted (SIGINT).');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual([]);
    expect(await until(() => processesWith(marker).length === 0, 5_000)).toBe(true);
    // The browser's profile directory is gone too.
    expect(readdirSync(tmp).filter((name) => name.startsWith('journeykit-chrome-'))).toEqual([]);
  }, 60_000);

  it.skipIf(!onLinux)('SIGTERM while metrics reads a large export with worker threads: exit 143, no output file', async () => {
    const dir = workspace();
    const header = 'ResponseId,RecordedDate,How likely are you to recommend us? (0-10),Channel\n';
    const row = (i: number) => `R_${i},2026-09-${String((i % 28) + 1).padStart(2, '0')} 10:00:00,${i % 11},${['web', 'app', 'store'][i % 3]}\n`;
    const rows: string[] = [];
    for (let i = 0; i < 800_000; i++) rows.push(row(i));
    writeFileSync(path.join(dir, 'big.csv'), header + rows.join(''));
    const env = { ...process.env, JOURNEYKIT_PARALLEL_BYTES: '1000000' };
    // 800,000 rows (about 50 MB) take seconds to read; the signal goes once start-up is over.
    const started = Date.now();
    const result = await interrupt(['metrics', 'big.csv', '--by', 'channel', '--period', 'month', '--format', 'json', '--output', 'out.json'], {
      cwd: dir,
      env,
      ready: () => Date.now() - started > 800,
      signal: 'SIGTERM',
    });
    expect(result.sent).toBe(true);
    expect(result.code).toBe(143);
    expect(readdirSync(dir)).toEqual(['big.csv']);
  }, 60_000);
});

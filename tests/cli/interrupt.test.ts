import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/io/browser.js';
import { REPO_ROOT, workspace } from './harness.js';
import { HAS_PROC, privateTmp, processesWithEnv, sleep, startBin, until } from './processes.js';
import type { Ended } from './processes.js';

const EXAMPLES = path.join(REPO_ROOT, 'examples');

/** Starts the real bin, waits for `ready`, sends `signals` (`gapMs` apart), and resolves with how it ended. */
async function interrupt(
  argv: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; ready: () => boolean; signals: NodeJS.Signals[]; delayMs?: number; gapMs?: number },
): Promise<Ended & { sent: boolean }> {
  const started = startBin(argv, { cwd: options.cwd, env: options.env });
  await until(() => options.ready() || !started.running(), 20_000);
  if (options.delayMs) await sleep(options.delayMs);
  let sent = false;
  for (const signal of options.signals) {
    if (!started.running()) break;
    sent = true;
    started.child.kill(signal);
    if (options.gapMs) await sleep(options.gapMs);
  }
  return { ...(await started.ended), sent };
}

const browser = HAS_PROC ? await findBrowser(undefined, process.env) : undefined;
if (!browser && process.env.CI) throw new Error('CI=true but no Chrome/Chromium was found: the Ctrl-C test of rendering cannot run.');
// eslint-disable-next-line no-console -- the skip must be visible in the test output
if (!browser) console.warn('interrupt test of rendering skipped: no Chrome or Chromium found, or no /proc to find its processes.');

const REPORT = ['report', 'retail/online-order.journey.yaml', '--config', 'journeykit.config.yaml', '--survey', 'surveys/online-order-survey.csv', '--images', 'svg'];

describe('Ctrl-C and SIGTERM through the real bin', () => {
  // 0 ms: Chrome has just started; 100 ms: puppeteer is still connecting to it (CI once found the
  // profile left behind when the browser was not yet handed over); 300 ms: rendering. The second
  // case presses Ctrl-C twice, 30 ms apart: the second must not cut the first one's cleanup short
  // (it used to kill the process before the profile was removed).
  it.skipIf(!browser).each([
    [0, 1],
    [100, 1],
    [300, 1],
    [300, 2],
  ])(
    'Ctrl-C %i ms after the browser starts (pressed %i times): exit 130, no report, no image, nothing left in TMPDIR, no browser left running',
    async (delayMs, presses) => {
      const out = workspace();
      const tmp = privateTmp();
      const marker = `JOURNEYKIT_TEST_MARKER=${path.basename(out)}`;
      const env = { ...process.env, JOURNEYKIT_BROWSER: browser!, TMPDIR: tmp, JOURNEYKIT_TEST_MARKER: path.basename(out) };
      const result = await interrupt([...REPORT, '--output', path.join(out, 'report.md')], {
        cwd: EXAMPLES,
        env,
        // Ready once the browser runs: more than the journey process carries the marker.
        ready: () => processesWithEnv(marker).length > 1,
        signals: Array<NodeJS.Signals>(presses).fill('SIGINT'),
        delayMs,
        gapMs: 30,
      });
      expect(result.sent).toBe(true);
      // Ended by the signal: a shell reports 130.
      expect(result.signal).toBe('SIGINT');
      expect(result.status).toBe(130);
      expect(result.stderr).toContain('journey: interrupted (SIGINT).');
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(out)).toEqual([]);
      expect(await until(() => processesWithEnv(marker).length === 0, 5_000)).toBe(true);
      // The browser's profile directory is gone, and so is what the browser puts in its temporary
      // directory (org.chromium.Chromium.*, which interrupted runs used to leave).
      expect(readdirSync(tmp)).toEqual([]);
    },
    60_000,
  );

  it.skipIf(!HAS_PROC)(
    'SIGTERM while metrics reads a large export with worker threads: exit 143, no output file',
    async () => {
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
        signals: ['SIGTERM'],
      });
      expect(result.sent).toBe(true);
      expect(result.status).toBe(143);
      expect(readdirSync(dir)).toEqual(['big.csv']);
    },
    60_000,
  );
});

/**
 * Signals end the real bin: at once while nothing needs cleaning up (even in a long synchronous
 * parse, even with a thread stuck opening a FIFO), after the cleanup otherwise; and the rendering
 * browser leaves nothing behind, in TMPDIR or in the process table, even when journeykit is killed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/io/browser.js';
import { REPO_ROOT, workspace } from './harness.js';
import { HAS_PROC, commandName, privateTmp, processesWithArg, processesWithEnv, sleep, startBin, until } from './processes.js';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
/** How long a signal may take to end the process: generous, the suite runs tests in parallel. */
const PROMPT_MS = 1_500;

/** Makes a FIFO; false where the machine does not allow it. */
function mkfifo(file: string): boolean {
  try {
    execFileSync('mkfifo', [file], { stdio: 'ignore' });
    return existsSync(file);
  } catch {
    return false;
  }
}
const canFifo = process.platform !== 'win32' && mkfifo(path.join(workspace(), 'probe'));
// eslint-disable-next-line no-console -- the skip must be visible in the test output
if (!canFifo) console.warn('signal tests with a FIFO skipped: mkfifo is not available here.');

/** A valid map of about 5 MB (under the 5 MB and 100,000-node limits): seconds of synchronous parsing. */
function bigMap(id: string): string {
  const words = 'the customer opens the app and looks for the usual items then checks the delivery slot '.repeat(5);
  const lines = ['version: 1', `id: ${id}`, 'title: Big map', 'personas:', '  - id: p', '    name: P', 'stages:'];
  for (let s = 0, n = 0; s < 89; s++) {
    lines.push(`  - id: stage-${s}`, `    name: Stage ${s}`, '    touchpoints:');
    for (let t = 0; t < 100; t++, n++) {
      lines.push(
        `      - id: tp-${n}`,
        `        name: Touchpoint ${n}`,
        '        channel: web',
        `        description: Touchpoint ${n} ${words}`,
        '        emotion: 1',
        '        effort: 2',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

const BIG_MAPS = ['big-1.journey.yaml', 'big-2.journey.yaml', 'big-3.journey.yaml'];

describe('a signal ends journeykit within a second or so', () => {
  // Written once for these tests (a workspace() is removed after each test).
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'journeykit-test-'));
    // Three, so that the run lasts seconds even on a fast machine.
    for (const name of BIG_MAPS) writeFileSync(path.join(dir, name), bigMap(name.replace('.journey.yaml', '')));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // The parse keeps the main thread busy for seconds, where a JavaScript signal handler cannot run
  // (a Ctrl-C used to wait for the parse, and one caught in its last moments was lost: exit 0).
  it.each([
    ['SIGINT', 300, 130],
    ['SIGTERM', 300, 143],
    ['SIGINT', 700, 130],
    ['SIGHUP', 700, 129],
  ] as const)(
    '%s %i ms into validating 5 MB maps: ended by the signal (exit %i in a shell) at once, no result printed',
    async (signal, delayMs, status) => {
      const started = startBin(['validate', ...BIG_MAPS], { cwd: dir });
      await sleep(delayMs);
      expect(started.running()).toBe(true);
      const sentAt = Date.now();
      started.child.kill(signal);
      const result = await started.ended;
      expect(result.signal).toBe(signal);
      expect(result.status).toBe(status);
      expect(result.stdout).toBe('');
      expect(result.endedAt - sentAt).toBeLessThan(PROMPT_MS);
    },
    30_000,
  );

  // Opening a FIFO blocks one of libuv's threads until a writer comes; process.exit() then waits
  // for that thread forever (the first SIGTERM used to print "interrupted" and hang). Naming a FIFO
  // may instead be refused at once (exit 2): either way the process must not outlive the signal.
  it.skipIf(!canFifo).each([
    ['metrics', ['metrics', 'fifo.csv']],
    ['render', ['render', 'fifo.journey.yaml', '--view', 'journey', '--format', 'mmd']],
  ])(
    'SIGTERM while %s waits on a FIFO named as its input: the process ends, once',
    async (_name, argv) => {
      const fifoDir = workspace();
      expect(mkfifo(path.join(fifoDir, argv[1]!))).toBe(true);
      const started = startBin(argv, { cwd: fifoDir });
      await sleep(800);
      if (!started.running()) {
        // Refused before the signal: a one-line diagnostic and exit 2, no hang.
        const result = await started.ended;
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/^journey: error: .*fifo/m);
        expect(result.stderr).not.toMatch(/\n\s+at /);
        return;
      }
      const sentAt = Date.now();
      started.child.kill('SIGTERM');
      const ended = await Promise.race([started.ended, sleep(PROMPT_MS * 2).then(() => undefined)]);
      if (ended === undefined) started.child.kill('SIGKILL');
      expect(ended?.signal).toBe('SIGTERM');
      expect(ended!.status).toBe(143);
      expect(ended!.endedAt - sentAt).toBeLessThan(PROMPT_MS);
    },
    30_000,
  );

  // The same with a cleanup pending, so that the handler runs: it must not end in process.exit(),
  // which waits for the stuck thread. Through the module the bin uses, as no command reads an input
  // while it has something to clean up.
  it.skipIf(!canFifo)(
    'SIGTERM with a cleanup pending and a thread stuck opening a FIFO: the cleanup runs, then the process ends by the signal',
    async () => {
      const fifoDir = workspace();
      expect(mkfifo(path.join(fifoDir, 'fifo'))).toBe(true);
      const script = `
      import { readFile, writeFile } from 'node:fs/promises';
      import { rmSync, writeFileSync } from 'node:fs';
      import { handleInterrupts, onInterrupt } from ${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'dist', 'io', 'interrupt.js')).href)};
      handleInterrupts();
      writeFileSync('partial.tmp', 'half');
      onInterrupt(() => rmSync('partial.tmp'));
      void readFile('fifo');
      await writeFile('ready', '');
      setInterval(() => {}, 1000);
    `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: fifoDir, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const ended = new Promise<{ signal: NodeJS.Signals | null; at: number }>((resolve) => child.on('close', (_code, signal) => resolve({ signal, at: Date.now() })));
      expect(await until(() => existsSync(path.join(fifoDir, 'ready')), 10_000)).toBe(true);
      await sleep(100);
      const sentAt = Date.now();
      child.kill('SIGTERM');
      const result = await Promise.race([ended, sleep(PROMPT_MS * 2).then(() => undefined)]);
      if (result === undefined) child.kill('SIGKILL');
      expect(result?.signal).toBe('SIGTERM');
      expect(result!.at - sentAt).toBeLessThan(PROMPT_MS);
      expect(stderr).toContain('journey: interrupted (SIGTERM).');
      expect(readdirSync(fifoDir).sort()).toEqual(['fifo', 'ready']);
    },
    30_000,
  );
});

const browser = HAS_PROC ? await findBrowser(undefined, process.env) : undefined;
if (!browser && process.env.CI) throw new Error('CI=true but no Chrome/Chromium was found: the browser signal tests cannot run.');
// eslint-disable-next-line no-console -- the skip must be visible in the test output
if (!browser) console.warn('browser signal tests skipped: no Chrome or Chromium found, or no /proc (Linux) to find its processes.');

const RENDER_PNG = ['render', 'retail/online-order.journey.yaml', '--view', 'journey', '--format', 'png'];

describe('the rendering browser leaves nothing behind', () => {
  it.skipIf(!browser)(
    'render --format png: the image, TMPDIR as empty as before, nothing written under ~/.config',
    async () => {
      const out = workspace();
      const tmp = privateTmp();
      const home = workspace();
      const result = await startBin([...RENDER_PNG, '--output', path.join(out, 'journey.png')], {
        cwd: EXAMPLES,
        env: { ...process.env, JOURNEYKIT_BROWSER: browser!, TMPDIR: tmp, HOME: home, XDG_CONFIG_HOME: undefined },
      }).ended;
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(readdirSync(out)).toEqual(['journey.png']);
      expect(readdirSync(tmp)).toEqual([]);
      // Chromium's crash handler keeps its database in the profile, not in ~/.config/chromium.
      expect(existsSync(path.join(home, '.config'))).toBe(false);
    },
    60_000,
  );

  // SIGKILL cannot be caught: the browser must end by itself when journeykit dies (its DevTools
  // pipe closes; it used to run on, orphaned), and with it the crash handlers Chromium starts
  // outside its process group.
  it.skipIf(!browser)(
    'SIGKILL of journeykit while it renders: Chromium and its chrome_crashpad_handler processes end within seconds',
    async () => {
      const out = workspace();
      const tmp = privateTmp();
      const marker = `JOURNEYKIT_TEST_MARKER=${path.basename(tmp)}`;
      const started = startBin([...RENDER_PNG, '--output', path.join(out, 'journey.png')], {
        cwd: EXAMPLES,
        env: { ...process.env, JOURNEYKIT_BROWSER: browser!, TMPDIR: tmp, JOURNEYKIT_TEST_MARKER: path.basename(tmp) },
      });
      const profileFlag = `--user-data-dir=${path.join(tmp, 'journeykit-chrome-')}`;
      expect(await until(() => processesWithArg(profileFlag).length > 0 || !started.running(), 20_000)).toBe(true);
      expect(started.running()).toBe(true);
      // Chromium starts its crash handlers (outside its process group) within a second or so; a
      // browser that starts none (another build) still has to end with journeykit.
      const crashHandlers = () => processesWithEnv(marker).filter((pid) => commandName(pid)?.startsWith('chrome_crashpad'));
      // eslint-disable-next-line no-console -- the weaker test must be visible in the output
      if (!(await until(() => crashHandlers().length > 0, 3_000))) console.warn(`${browser} started no chrome_crashpad_handler: only the browser's own processes are checked.`);
      expect(started.running()).toBe(true);
      started.child.kill('SIGKILL');
      expect((await started.ended).signal).toBe('SIGKILL');
      expect(await until(() => processesWithEnv(marker).length === 0, 5_000)).toBe(true);
      expect(processesWithArg(profileFlag)).toEqual([]);
      expect(readdirSync(out)).toEqual([]);
    },
    60_000,
  );
});

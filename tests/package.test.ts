/**
 * Installable as documented: the package as `npm pack` makes it, installed into an empty project
 * with the machine's npm and its default settings (a fresh HOME, so no user .npmrc; the npm
 * registry is the only network it needs), runs `journey` there, and nothing downloads a browser
 * (images always use the system's Chrome or Chromium).
 *
 * Slow (an `npm install` of the whole dependency tree, 15-60 s): generous timeouts. Skips, saying
 * so, only when the npm registry cannot be reached; under CI=true that is a failure instead.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/io/browser.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeout: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) + (error && code === -1 ? `\n${error.message}` : '') });
    });
  });
}

/**
 * The environment of a new user's shell: this process's, without the npm_* variables an `npm test`
 * run passes down (npm_config_local_prefix, npm_config_userconfig, ... would point the inner npm at
 * this repository and its settings), with a fresh HOME and an empty puppeteer cache directory.
 */
function userEnv(home: string, puppeteerCache: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD' || /^PUPPETEER_/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, HOME: home, USERPROFILE: home, PUPPETEER_CACHE_DIR: puppeteerCache, NO_COLOR: '1' };
}

/** Every file and directory under `dir` (relative paths), for "this stayed empty" checks. */
function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

/** The package.json of every installed package, by path under node_modules. */
function installedPackages(nodeModules: string): { at: string; name: string; scripts: Record<string, string> }[] {
  const found: { at: string; name: string; scripts: Record<string, string> }[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === '.bin' || entry.name === '.cache') continue;
      const at = path.join(dir, entry.name);
      if (entry.name.startsWith('@')) {
        visit(at);
        continue;
      }
      const manifest = path.join(at, 'package.json');
      if (existsSync(manifest)) {
        const json = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; scripts?: Record<string, string> };
        found.push({ at: path.relative(nodeModules, at), name: json.name ?? '', scripts: json.scripts ?? {} });
      }
      if (existsSync(path.join(at, 'node_modules'))) visit(path.join(at, 'node_modules'));
    }
  };
  visit(nodeModules);
  return found;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'journeykit-package-'));
const home = path.join(scratch, 'home');
const puppeteerCache = path.join(scratch, 'puppeteer-cache');
mkdirSync(home);
mkdirSync(puppeteerCache);
const env = userEnv(home, puppeteerCache);

// Is the npm registry reachable (the one network the install needs)?
// (--fetch-retries=0 for this probe only: an unreachable registry is told in seconds, not a minute.)
const ping = await run(NPM, ['ping', '--fetch-retries=0'], scratch, env, 60_000);
const registryReachable = ping.code === 0;
const unreachable = registryReachable
  ? ''
  : ((ping.stderr.split('\n').find((line) => line.includes('FetchError')) ?? ping.stderr.split('\n').find((line) => line.startsWith('npm error')))?.replace(/^npm error\s*/, '') ??
    `npm ping exited ${ping.code}`);
if (!registryReachable && process.env.CI !== 'true') {
  process.stderr.write(`tests/package.test.ts: skipping the install from the packed tarball: the npm registry is unreachable (${unreachable})\n`);
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }), 300_000);

describe('npm pack', () => {
  it('ships the CLI, its build and its assets, and no tests, fixtures, benchmarks, caches or coverage', async () => {
    // --ignore-scripts: the listing only; `prepare` (the build) is `npm test`'s first step.
    const dry = await run(NPM, ['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT, env, 120_000);
    expect(dry.stderr).not.toMatch(/npm error/);
    expect(dry.code).toBe(0);
    const files = (JSON.parse(dry.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/journey.js', 'dist/bundle/journey.mjs', 'dist/index.js', 'schemas/journey-map.schema.json']));
    const unwanted = files.filter((f) => /(^|\/)(tests?|__tests__|fixtures?|bench|coverage|\.cache|\.scratch|node_modules)(\/|$)|\.test\.[cm]?[jt]s$|\.tgz$/.test(f));
    expect(unwanted).toEqual([]);
  }, 120_000);
});

if (!registryReachable && process.env.CI === 'true') {
  it('reaches the npm registry (CI=true: the install test may not be skipped)', () => {
    throw new Error(`The npm registry is unreachable: ${unreachable}`);
  });
}

describe.skipIf(!registryReachable)(
  `installed from the packed tarball into an empty project${registryReachable ? '' : ` (skipped: the npm registry is unreachable: ${unreachable})`}`,
  () => {
    const project = path.join(scratch, 'project');
    let install: Run;

    beforeAll(async () => {
      mkdirSync(project);
      writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2)}\n`);
      // The tarball of the built tree (npm test builds first; --ignore-scripts so that packing does
      // not rebuild dist/ under the other test files' feet).
      expect(existsSync(path.join(ROOT, 'dist', 'index.js')), 'dist/ is missing: run `npm run build` first').toBe(true);
      const pack = await run(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], ROOT, env, 120_000);
      expect(pack.code, pack.stderr).toBe(0);
      const tarball = path.join(scratch, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);
      expect(path.basename(tarball)).toBe(`${PACKAGE.name}-${PACKAGE.version}.tgz`);
      install = await run(NPM, ['install', '--save-dev', tarball], project, env, 540_000);
      // The shipped example map, as a user's own map in their repository.
      mkdirSync(path.join(project, 'journeys'));
      copyFileSync(path.join(ROOT, 'examples', 'retail', 'online-order.journey.yaml'), path.join(project, 'journeys', 'online-order.journey.yaml'));
    }, 600_000);

    it('npm install --save-dev ./journeykit-<version>.tgz succeeds and downloads no browser', () => {
      expect(install.code, `npm install failed:\n${install.stderr}`).toBe(0);
      expect(`${install.stdout}\n${install.stderr}`).not.toMatch(/chrome|chromium|firefox|Failed to set up|Browser download/i);
      // Nothing in the puppeteer cache, no ~/.cache at all (puppeteer's default download place).
      expect(listTree(puppeteerCache)).toEqual([]);
      expect(listTree(path.join(home, '.cache'))).toEqual([]);
      const packages = installedPackages(path.join(project, 'node_modules'));
      expect(packages.map((p) => p.name)).toContain('journeykit');
      // The full `puppeteer` package and @puppeteer/browsers' installers are what download Chrome.
      const installScripts = (p: { scripts: Record<string, string> }): string => ['preinstall', 'install', 'postinstall'].map((k) => p.scripts[k] ?? '').join(' ');
      const downloaders = packages.filter((p) => p.name === 'puppeteer' || /puppeteer|install\.mjs|browsers install/.test(installScripts(p)));
      expect(downloaders.map((p) => p.at)).toEqual([]);
    });

    it('npx journey --version prints the packed version', async () => {
      const result = await run(NPX, ['journey', '--version'], project, env, 120_000);
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe(PACKAGE.version);
      expect(result.code).toBe(0);
    }, 120_000);

    it('npx journey validate checks a map, and reports a broken one at its line with exit 1 (findings)', async () => {
      const good = await run(NPX, ['journey', 'validate', 'journeys/online-order.journey.yaml'], project, env, 120_000);
      expect(good.stdout).toContain('1 file checked, no problems');
      expect(good.code).toBe(0);

      writeFileSync(path.join(project, 'journeys', 'broken.journey.yaml'), 'version: 1\nid: broken\ntitle: [unclosed\n');
      const bad = await run(NPX, ['journey', 'validate', 'journeys/broken.journey.yaml'], project, env, 120_000);
      expect(`${bad.stdout}${bad.stderr}`).toMatch(/broken\.journey\.yaml[\s\S]*\d+:\d+/);
      expect(`${bad.stdout}${bad.stderr}`).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
      expect(bad.code).toBe(1);
    }, 240_000);

    it('npx journey report --format html writes a self-contained report', async () => {
      const result = await run(NPX, ['journey', 'report', 'journeys/online-order.journey.yaml', '--format', 'html', '--output', 'report.html'], project, env, 180_000);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const html = readFileSync(path.join(project, 'report.html'), 'utf8');
      expect(html).toMatch(/^<!doctype html>/i);
      expect(html).toContain('Online grocery order, as-is');
    }, 180_000);

    it('draws the report images with the system browser through the installed puppeteer-core', async (context) => {
      const browser = await findBrowser(undefined, process.env);
      if (browser === undefined) {
        context.skip('no system Chrome or Chromium on this machine to draw images with');
        return;
      }
      const result = await run(
        NPX,
        ['journey', 'report', 'journeys/online-order.journey.yaml', '--format', 'html', '--images', 'svg', '--browser', browser, '--output', 'report-images.html'],
        project,
        env,
        240_000,
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const html = readFileSync(path.join(project, 'report-images.html'), 'utf8');
      expect(html.match(/<svg/g)?.length ?? 0).toBeGreaterThan(1);
      // Drawing did not fetch a browser either (Chromium itself may keep a font cache in ~/.cache).
      expect(listTree(puppeteerCache)).toEqual([]);
      expect(listTree(path.join(home, '.cache', 'puppeteer'))).toEqual([]);
    }, 240_000);
  },
);

// The git URL form (`npm install --save-dev github:OWNER/journeykit`), with this checkout's
// committed HEAD as the repository: npm clones it, installs its dependencies, runs `prepare` (the
// build) and installs the result. Uncommitted changes are not part of it.
const head = await run('git', ['rev-parse', 'HEAD'], ROOT, process.env, 30_000);
const gitCheckout = head.code === 0 && /^[0-9a-f]{40}$/.test(head.stdout.trim());

describe.skipIf(!registryReachable || !gitCheckout)(
  `installed from a git URL into an empty project${!registryReachable ? ' (skipped: the npm registry is unreachable)' : !gitCheckout ? ' (skipped: not a git checkout)' : ''}`,
  () => {
    const project = path.join(scratch, 'git-project');
    // Whoever owns the checkout, git may read it (git refuses repositories of other users).
    const gitEnv = { ...env, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'safe.directory', GIT_CONFIG_VALUE_0: '*' };

    it('npm install --save-dev git+file://<checkout>#<commit> builds it (prepare) and runs it, downloading no browser', async () => {
      mkdirSync(project);
      writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2)}\n`);
      const url = `git+${pathToFileURL(ROOT).href}#${head.stdout.trim()}`;
      const install = await run(NPM, ['install', '--save-dev', url], project, gitEnv, 540_000);
      expect(install.code, `npm install failed:\n${install.stderr}`).toBe(0);
      expect(existsSync(path.join(project, 'node_modules', 'journeykit', 'dist', 'index.js'))).toBe(true);
      const version = await run(NPX, ['journey', '--version'], project, gitEnv, 120_000);
      expect(version.stdout.trim()).toBe(PACKAGE.version);
      expect(version.code).toBe(0);
      const example = path.join(project, 'node_modules', 'journeykit', 'examples', 'retail', 'online-order.journey.yaml');
      copyFileSync(example, path.join(project, 'online-order.journey.yaml'));
      const validate = await run(NPX, ['journey', 'validate', 'online-order.journey.yaml'], project, gitEnv, 120_000);
      expect(validate.stdout).toContain('1 file checked, no problems');
      expect(validate.code).toBe(0);
      expect(listTree(puppeteerCache)).toEqual([]);
      expect(listTree(path.join(home, '.cache', 'puppeteer'))).toEqual([]);
    }, 600_000);
  },
);

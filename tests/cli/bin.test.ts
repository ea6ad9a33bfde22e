import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, VALID_MAP, workspace } from './harness.js';

const exec = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'bin', 'journey.js');

/** Runs the real bin (built by `npm test` / `prepare`) in a subprocess. */
async function journey(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the real bin', () => {
  it('in a checkout that was not built: one line saying to build, exit 2, no stack trace', async () => {
    const root = workspace();
    mkdirSync(path.join(root, 'bin'));
    copyFileSync(BIN, path.join(root, 'bin', 'journey.js'));
    try {
      await exec(process.execPath, [path.join(root, 'bin', 'journey.js'), '--version'], { cwd: root });
      expect.unreachable('the bin ran without its bundle');
    } catch (error) {
      const e = error as { code: number; stderr: string };
      expect(e.code).toBe(2);
      expect(e.stderr).toBe('journey: error: journeykit is not built (dist/bundle/journey.mjs is missing).\n  hint: Run `npm run build` (npm ci and npm install run it).\n');
    }
  });

  // Node 20 has no compile cache (module.enableCompileCache): CI runs this on Node 22 and 24.
  it.skipIf((module as { enableCompileCache?: unknown }).enableCompileCache === undefined)(
    "Node 22+: the compile cache goes beside the package, else to the user's cache directory, never to TMPDIR",
    async () => {
      // journeykit installed in ROOT/node_modules/journeykit: its bin copied, the rest linked.
      const install = (root: string): string => {
        const pkg = path.join(root, 'node_modules', 'journeykit');
        mkdirSync(path.join(pkg, 'bin'), { recursive: true });
        copyFileSync(BIN, path.join(pkg, 'bin', 'journey.js'));
        for (const entry of ['dist', 'schemas', 'package.json', 'node_modules']) symlinkSync(path.join(REPO_ROOT, entry), path.join(pkg, entry));
        return path.join(pkg, 'bin', 'journey.js');
      };
      const home = workspace();
      const tmp = workspace();
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, TMPDIR: tmp, TMP: tmp, TEMP: tmp };
      delete env.XDG_CACHE_HOME;
      delete env.NODE_COMPILE_CACHE;
      delete env.NODE_DISABLE_COMPILE_CACHE;
      const root = workspace();
      await exec(process.execPath, [install(root), '--version'], { cwd: root, env });
      expect(readdirSync(path.join(root, 'node_modules', '.cache', 'journeykit')).length).toBeGreaterThan(0);
      // node_modules/.cache cannot be made (a file is in the way here; a global install refuses it).
      const blocked = workspace({ 'node_modules/.cache': 'not a directory' });
      await exec(process.execPath, [install(blocked), '--version'], { cwd: blocked, env });
      expect(readdirSync(path.join(home, '.cache', 'journeykit')).length).toBeGreaterThan(0);
      expect(readdirSync(tmp)).toEqual([]);
    },
  );

  it('--version and --help', async () => {
    const cwd = workspace();
    const version = await journey(['--version'], cwd);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await journey(['validate', '--help'], cwd);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('--fail-on');
    const bare = await journey([], cwd);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: journey');
  });

  it('validates the shipped examples clean with their config', async () => {
    const result = await journey(['validate', '--config', 'examples/journeykit.config.yaml', 'examples'], REPO_ROOT);
    expect(result.stdout).toContain('5 files checked, no problems');
    expect(result.code).toBe(0);
  });

  it('the bundle checks maps and configs with the precompiled validators it carries: the same findings as the sources', async () => {
    // The bundle imports dist/schemas/*.validate.cjs in place of src/io/schema-code.ts (which
    // checks them against the schemas' hashes, or compiles): a stale or broken build differs here.
    const args = ['validate', '--format', 'json', '--config', 'tests/fixtures/maps/journeykit.config.yaml', 'tests/fixtures/maps'];
    const bundled = await journey(args, REPO_ROOT);
    const sources = await runCli(args, { cwd: REPO_ROOT });
    expect(bundled.code).toBe(1);
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(sources.stdout));
    const report = JSON.parse(bundled.stdout) as { files: { diagnostics: { code: string }[] }[] };
    expect(report.files.flatMap((f) => f.diagnostics.map((d) => d.code)).filter((code) => code.startsWith('schema/')).length).toBeGreaterThan(5);
    const badConfig = workspace({ 'journeykit.config.yaml': 'rules:\n  unknown-channel: loud\n', 'a.journey.yaml': VALID_MAP });
    const configRun = await journey(['validate', '--format', 'json'], badConfig);
    expect(configRun.code).toBe(2);
    expect(configRun.stderr).toContain("The config file 'journeykit.config.yaml' is not valid");
    expect(configRun.stdout + configRun.stderr).toMatch(/journeykit\.config\.yaml\n\s+2:20\s+error/);
  });

  it('sets the exit code: 1 for findings, 2 for usage errors, no stack traces', async () => {
    const cwd = workspace({ 'a.journey.yaml': VALID_MAP.replace('channel: web', 'channel: 42') });
    const bad = await journey(['validate', '--format', 'github'], cwd);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^::error file=a\.journey\.yaml,line=13,col=18,/);
    const usage = await journey(['validate', '--nope'], cwd);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("unknown option '--nope'");
    expect(usage.stderr).not.toMatch(/\n\s+at /);
  });

  it('survives a closed stdout pipe', async () => {
    const { stdout } = await exec('bash', ['-c', `node ${JSON.stringify(BIN)} --help | head -1; echo "status=\${PIPESTATUS[0]}"`]);
    expect(stdout).toMatch(/status=0/);
  });
});

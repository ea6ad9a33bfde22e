import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, rmSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputFile } from '../../src/io/read.js';
import { REPO_ROOT, VALID_MAP, runCli, workspace } from './harness.js';

/**
 * Issue 11: what a pull request from a stranger can put in the repository (links out of it,
 * FIFOs, devices) is never read, and `--output` never replaces a special file.
 */

const SECRET = 'NPM_TOKEN=npm_AbCdEfSecretValue\nDB_PASSWORD=hunter2\n';
const SURVEY = readFileSync(path.join(REPO_ROOT, 'examples/surveys/online-order-survey.csv'));
const BIN = path.join(REPO_ROOT, 'bin', 'journey.js');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

/** A secret file outside the repository, and a repository that commits links to it. */
function hostileRepository(): { repo: string; secret: string } {
  const outside = workspace({ '.env': SECRET, 'valid.journey.yaml': VALID_MAP });
  const secret = path.join(outside, '.env');
  const repo = workspace({ 'maps/good.journey.yaml': VALID_MAP, 'survey.csv': SURVEY });
  git(repo, 'init', '-q');
  for (const name of ['maps/leak.journey.yaml', 'survey-link.csv', 'metrics.json', 'weights.yaml']) symlinkSync(secret, path.join(repo, name));
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'links out of the repository');
  return { repo, secret };
}

/** A skipped case must be visible in the test output. */
function skipNote(text: string): void {
  // eslint-disable-next-line no-console -- the skip must be visible in the test output
  console.warn(text);
}

const leaked = (text: string) => /npm_AbCd|hunter2|NPM_TOKEN/.test(text);

describe('the workspace boundary', () => {
  it.each([
    [['validate', 'maps/leak.journey.yaml']],
    [['validate', 'maps/leak.journey.yaml', '--format', 'github']],
    [['report', 'maps/leak.journey.yaml']],
    [['score', 'maps/leak.journey.yaml']],
    [['render', 'maps/leak.journey.yaml', '--view', 'journey']],
    [['diff', 'maps/good.journey.yaml', 'maps/leak.journey.yaml', '--format', 'markdown']],
    [['metrics', 'survey-link.csv']],
    [['score', 'maps/good.journey.yaml', '--metrics', 'metrics.json']],
    [['score', 'maps/good.journey.yaml', '--weights', 'weights.yaml']],
    [['report', 'maps/good.journey.yaml', '--survey', 'survey-link.csv']],
  ])('%j: a committed link out of the repository is refused (exit 2), its target never printed', async (argv) => {
    const { repo } = hostileRepository();
    const result = await runCli(argv, { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/lies outside the workspace/);
    expect(result.stderr.trim().split('\n')).toHaveLength(2);
    expect(leaked(result.stdout + result.stderr)).toBe(false);
  });

  it('a linked workspace config, found by walking up or named, is refused', async () => {
    const { repo, secret } = hostileRepository();
    symlinkSync(secret, path.join(repo, 'journeykit.config.yaml'));
    for (const argv of [
      ['validate', 'maps/good.journey.yaml'],
      ['validate', '--config', 'journeykit.config.yaml', 'maps/good.journey.yaml'],
    ]) {
      const result = await runCli(argv, { cwd: path.join(repo, argv.length > 2 ? '' : 'maps').replace(/\/$/, '') });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/Config file '(\.\.\/)?journeykit\.config\.yaml' lies outside the workspace/);
      expect(leaked(result.stderr)).toBe(false);
    }
  });

  it('the workspace is the git top level: a subdirectory reads the whole repository, not beyond', async () => {
    const { repo } = hostileRepository();
    const fromSub = await runCli(['validate', 'good.journey.yaml', '../survey.csv', '--format', 'json'], { cwd: path.join(repo, 'maps') });
    // ../survey.csv is inside the repository: read (and not a valid map), not refused.
    expect(fromSub.code).toBe(1);
    const outside = workspace({ 'x.journey.yaml': VALID_MAP });
    const beyond = await runCli(['validate', path.join(outside, 'x.journey.yaml')], { cwd: repo });
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toContain('lies outside the workspace');
  });

  it('--allow-outside reads outside files for a person who means it', async () => {
    const outside = workspace({ 'x.journey.yaml': VALID_MAP });
    const repo = workspace({ 'a.journey.yaml': VALID_MAP });
    git(repo, 'init', '-q');
    const result = await runCli(['validate', path.join(outside, 'x.journey.yaml'), '--allow-outside'], { cwd: repo });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('outside git, the nearest folder with a journeykit config is the workspace; else the working directory', async () => {
    const project = workspace({
      'journeykit.config.yaml': 'rules:\n  opportunity-addresses-nothing: error\n',
      'maps/a.journey.yaml': VALID_MAP,
      'other/b.journey.yaml': VALID_MAP,
    });
    expect((await runCli(['validate', '../other/b.journey.yaml'], { cwd: path.join(project, 'maps') })).code).toBe(0);
    const bare = workspace({ 'maps/a.journey.yaml': VALID_MAP, 'other/b.journey.yaml': VALID_MAP });
    const refused = await runCli(['validate', '../other/b.journey.yaml'], { cwd: path.join(bare, 'maps') });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('lies outside the workspace');
  });

  it('diff --git reports committed links on either side as "a symbolic link, not read", never following them', async () => {
    const outside = workspace({ '.env': SECRET, 'map.journey.yaml': VALID_MAP });
    const repo = workspace({ 'maps/change.journey.yaml': VALID_MAP, 'maps/gone.journey.yaml': VALID_MAP });
    git(repo, 'init', '-q');
    symlinkSync(path.join(outside, '.env'), path.join(repo, 'maps/base-link.journey.yaml'));
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    // The pull request: the base's link now points at a map; a map becomes a link; a new link.
    execFileSync('rm', [path.join(repo, 'maps/base-link.journey.yaml'), path.join(repo, 'maps/change.journey.yaml')]);
    symlinkSync(path.join(outside, 'map.journey.yaml'), path.join(repo, 'maps/base-link.journey.yaml'));
    symlinkSync(path.join(outside, '.env'), path.join(repo, 'maps/change.journey.yaml'));
    symlinkSync(path.join(outside, '.env'), path.join(repo, 'maps/new-link.journey.yaml'));
    git(repo, 'add', '.');
    const result = await runCli(['diff', '--git', 'HEAD', '--format', 'json'], { cwd: repo });
    expect(leaked(result.stdout + result.stderr)).toBe(false);
    const report = JSON.parse(result.stdout) as { files: { base?: string; head?: string; diagnostics?: Record<string, { code: string; message: string }[]> }[] };
    const messages = report.files.flatMap((f) =>
      Object.values(f.diagnostics ?? {})
        .flat()
        .map((d) => `${d.code} ${d.message}`),
    );
    // base-link: both sides links; change: head a link; new-link: head a link.
    expect(messages.filter((m) => m === 'io/symlink The file is a symbolic link, not read.')).toHaveLength(4);
    expect(result.code).toBe(1);
    const markdown = await runCli(['diff', '--git', 'HEAD', '--format', 'markdown'], { cwd: repo });
    expect(leaked(markdown.stdout)).toBe(false);
  });

  it('a file that is not a journey map at all is not quoted: no value in the message, no code frame', async () => {
    const cwd = workspace({ 'env.journey.yaml': SECRET.split('\n')[0]! });
    for (const format of ['stylish', 'github', 'json', 'sarif', 'markdown', 'junit']) {
      const result = await runCli(['validate', 'env.journey.yaml', '--format', format], { cwd });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/must be a mapping/);
      expect(leaked(result.stdout)).toBe(false);
    }
  });
});

/** Makes a FIFO in `dir`; false where the machine does not allow it. */
function fifo(file: string): boolean {
  return spawnSync('mkfifo', [file]).status === 0 && lstatSync(file).isFIFO();
}

const probe = mkdtempSync(path.join(tmpdir(), 'journeykit-probe-'));
const canFifo = fifo(path.join(probe, 'fifo'));
rmSync(probe, { recursive: true, force: true });
if (!canFifo) skipNote('mkfifo is not available here: the FIFO tests are skipped.');

describe('regular files only', () => {
  it
    .skipIf(!canFifo)
    .each([
      [['validate', 'p.journey.yaml']],
      [['validate', '--config', 'p.yaml', 'a.journey.yaml']],
      [['metrics', 'p.csv']],
      [['score', 'p.journey.yaml']],
      [['score', 'a.journey.yaml', '--weights', 'p.yaml']],
      [['score', 'a.journey.yaml', '--metrics', 'p.json']],
      [['render', 'p.journey.yaml', '--view', 'journey']],
      [['report', 'p.journey.yaml']],
      [['report', 'a.journey.yaml', '--survey', 'p.csv']],
      [['diff', 'a.journey.yaml', 'p.journey.yaml']],
    ])(
    '%j: a FIFO is refused at once with exit 2, never waited on',
    (argv) => {
      const cwd = workspace({ 'a.journey.yaml': VALID_MAP });
      for (const name of ['p.journey.yaml', 'p.yaml', 'p.csv', 'p.json']) fifo(path.join(cwd, name));
      // Through the real bin: a hang would be a timeout here, not a pass.
      const result = spawnSync(process.execPath, [BIN, ...argv], { cwd, encoding: 'utf8', timeout: 20_000 });
      expect(result.signal).toBeNull();
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/is a FIFO \(named pipe\), not a regular file/);
      expect(result.stderr.trim().split('\n')).toHaveLength(2);
      expect(result.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    },
    30_000,
  );

  it.skipIf(!canFifo)(
    'diff --git: a FIFO in the working tree is no change (git does not list it), not a hang',
    () => {
      const cwd = workspace({ 'a.journey.yaml': VALID_MAP });
      git(cwd, 'init', '-q');
      git(cwd, 'add', '.');
      git(cwd, 'commit', '-q', '-m', 'base');
      fifo(path.join(cwd, 'p.journey.yaml'));
      const result = spawnSync(process.execPath, [BIN, 'diff', '--git', 'HEAD', '--format', 'json'], { cwd, encoding: 'utf8', timeout: 20_000 });
      expect(result.signal).toBeNull();
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ files: [] });
    },
    30_000,
  );

  it('a device is refused without being read: /dev/zero through a link (with --allow-outside) and a device node', async () => {
    const cwd = workspace({ 'a.journey.yaml': VALID_MAP });
    symlinkSync('/dev/zero', path.join(cwd, 'zero.journey.yaml'));
    symlinkSync('/dev/zero', path.join(cwd, 'zero.csv'));
    symlinkSync('/dev/zero', path.join(cwd, 'zero.yaml'));
    for (const argv of [
      ['validate', 'zero.journey.yaml'],
      ['report', 'zero.journey.yaml'],
      ['metrics', 'zero.csv'],
      ['validate', '--config', 'zero.yaml', 'a.journey.yaml'],
      ['score', 'a.journey.yaml', '--weights', 'zero.yaml'],
    ]) {
      const result = await runCli([...argv, '--allow-outside'], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/is a character device, not a regular file/);
    }
    const node = path.join(cwd, 'node.journey.yaml');
    if (spawnSync('mknod', [node, 'c', '1', '5']).status === 0) {
      const result = await runCli(['validate', 'node.journey.yaml'], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/is a character device/);
    } else {
      skipNote('mknod is not allowed here: the device-node case is covered by the /dev/zero link only.');
    }
  });

  it('the size limit holds on the bytes read, not on the size the file system reports', async () => {
    // /proc files report a size of 0 but hold text: the reader counts what it reads.
    const limit = { maxBytes: 16, what: 'a test file', hint: 'test' };
    const input = await readInputFile('/proc/self/status', 'status', limit);
    expect(statSync('/proc/self/status').size).toBe(0);
    expect('diagnostic' in input && input.diagnostic.code).toBe('io/file-too-large');
    const small = await readInputFile('/proc/self/status', 'status', { ...limit, maxBytes: 1 << 20 });
    expect('bytes' in small && Buffer.from(small.bytes).toString('utf8')).toMatch(/^Name:/);
  });
});

describe('outputs', () => {
  it('--output through a symbolic link writes the target and keeps the link', async () => {
    const cwd = workspace({ 'a.journey.yaml': VALID_MAP, 'out/real.json': 'old' });
    symlinkSync('out/real.json', path.join(cwd, 'link.json'));
    symlinkSync('out/new.json', path.join(cwd, 'dangling.json'));
    for (const name of ['link.json', 'dangling.json']) {
      const result = await runCli(['validate', 'a.journey.yaml', '--format', 'json', '--output', name], { cwd });
      expect(result.code).toBe(0);
      expect(lstatSync(path.join(cwd, name)).isSymbolicLink()).toBe(true);
    }
    expect(JSON.parse(readFileSync(path.join(cwd, 'out/real.json'), 'utf8'))).toMatchObject({ summary: { files: 1 } });
    expect(JSON.parse(readFileSync(path.join(cwd, 'out/new.json'), 'utf8'))).toMatchObject({ summary: { files: 1 } });
    expect(readdirSync(path.join(cwd, 'out')).sort()).toEqual(['new.json', 'real.json']);
  });

  it('--output through a link onto an input is refused', async () => {
    const cwd = workspace({ 'a.journey.yaml': VALID_MAP });
    symlinkSync('a.journey.yaml', path.join(cwd, 'out.txt'));
    const result = await runCli(['validate', 'a.journey.yaml', '--output', 'out.txt'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('it is one of this command');
    expect(readFileSync(path.join(cwd, 'a.journey.yaml'), 'utf8')).toBe(VALID_MAP);
  });

  it('--output onto a device, through a link or named, is refused and the node is left alone', async () => {
    const cwd = workspace({ 'a.journey.yaml': VALID_MAP });
    symlinkSync('/dev/null', path.join(cwd, 'null.txt'));
    for (const target of ['null.txt', '/dev/null', '/dev/zero']) {
      const result = await runCli(['validate', 'a.journey.yaml', '--output', target], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/it is a character device, not a regular file/);
    }
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(lstatSync(path.join(cwd, 'null.txt')).isSymbolicLink()).toBe(true);
  });

  it.skipIf(!canFifo)(
    '--output onto a FIFO is refused without blocking',
    () => {
      const cwd = workspace({ 'a.journey.yaml': VALID_MAP });
      fifo(path.join(cwd, 'out.fifo'));
      const result = spawnSync(process.execPath, [BIN, 'validate', 'a.journey.yaml', '--output', 'out.fifo'], { cwd, encoding: 'utf8', timeout: 20_000 });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/it is a FIFO \(named pipe\), not a regular file/);
      expect(lstatSync(path.join(cwd, 'out.fifo')).isFIFO()).toBe(true);
    },
    30_000,
  );

  it("'-' and /dev/stdout mean standard output, for every command with --output", async () => {
    const cwd = workspace({ 'a.journey.yaml': VALID_MAP, 'survey.csv': SURVEY });
    for (const target of ['-', '/dev/stdout']) {
      for (const argv of [
        ['validate', 'a.journey.yaml', '--format', 'json'],
        ['schema'],
        ['score', 'a.journey.yaml', '--format', 'json'],
        ['render', 'a.journey.yaml', '--view', 'journey'],
        ['report', 'a.journey.yaml'],
        ['metrics', 'survey.csv', '--format', 'json'],
      ]) {
        const result = await runCli([...argv, '--output', target], { cwd });
        expect(result.code, `${argv.join(' ')} --output ${target}: ${result.stderr}`).toBe(0);
        expect(result.stdout.length).toBeGreaterThan(50);
      }
    }
    expect(readdirSync(cwd).sort()).toEqual(['a.journey.yaml', 'survey.csv']);
  });

  it('a long output name: the longest the file system takes is written, a longer one is one line, exit 2', async () => {
    const cwd = workspace({ 'a.journey.yaml': VALID_MAP });
    const longest = `${'r'.repeat(250)}.json`;
    expect((await runCli(['validate', 'a.journey.yaml', '--format', 'json', '--output', longest], { cwd })).code).toBe(0);
    expect(existsSync(path.join(cwd, longest))).toBe(true);
    const tooLong = await runCli(['validate', 'a.journey.yaml', '--output', `${'r'.repeat(300)}.json`], { cwd });
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toMatch(/the name is too long/);
    expect(tooLong.stderr).not.toMatch(/internal error/);
    expect(readdirSync(cwd).sort()).toEqual(['a.journey.yaml', longest]);
  });
});

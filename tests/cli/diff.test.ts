import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { diffDiagram } from '../../src/core/diff/mermaid.js';
import { diffFile } from '../../src/core/diff/model.js';
import type { DiffReport } from '../../src/core/diff/types.js';
import type { JourneyMap } from '../../src/core/model.js';
import { DEFAULT_SCORING } from '../../src/core/score/settings.js';
import { withRenderer } from '../../src/io/render.js';
import { expectGolden } from '../golden.js';
import { REPO_ROOT, VALID_MAP, browserForTests, runCli, workspace } from './harness.js';

const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'diff');
const BASE = path.join(FIXTURES, 'checkout.base.journey.yaml');
const HEAD = path.join(FIXTURES, 'checkout.head.journey.yaml');

const mapWith = (id: string, effort = 4) => VALID_MAP.replace('id: online-order', `id: ${id}`).replace('effort: 4', `effort: ${effort}`);

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

/** A repository with four committed maps and a text file, on `main`. */
function repository(): string {
  const cwd = workspace({
    'maps/rename-me.journey.yaml': mapWith('rename-me'),
    'maps/delete-me.journey.yaml': mapWith('delete-me'),
    'maps/change-me.journey.yaml': mapWith('change-me'),
    'maps/keep-me.journey.yaml': mapWith('keep-me'),
    'notes.txt': 'not a map\n',
  });
  git(cwd, 'init', '-q');
  git(cwd, 'add', '.');
  git(cwd, 'commit', '-q', '-m', 'base');
  return cwd;
}

describe('journey diff BASE HEAD', () => {
  it('prints the changes and the summary, exit 0', async () => {
    const result = await runCli(['diff', BASE, HEAD], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('checkout.head.journey.yaml (checkout-flow): 2 journey fields changed');
    // Items and stages by name, the id in brackets to find it in the YAML.
    expect(result.stdout).toContain('> touchpoint “Basket review” (basket) moved: Browse -> Pay');
    expect(result.stdout).toMatch(/1 map compared: 1 changed, .*largest friction rise: Product search \+12\.5 points\n$/);
  });

  it('as-is against to-be example maps, as a pull-request comment (golden)', async () => {
    const result = await runCli(
      ['diff', 'retail/online-order.journey.yaml', 'retail/online-order-future.journey.yaml', '--config', 'journeykit.config.yaml', '--format', 'markdown'],
      { cwd: path.join(REPO_ROOT, 'examples') },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| removed | touchpoint |');
    expectGolden('diff/online-order-as-is-to-be.md', result.stdout);
  });

  it('--fail-on-increase gates on the largest friction rise', async () => {
    const over = await runCli(['diff', BASE, HEAD, '--fail-on-increase', '10'], { cwd: FIXTURES });
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('friction of “Product search” (search) in checkout.head.journey.yaml rose by 12.5 points, more than --fail-on-increase 10');
    expect((await runCli(['diff', BASE, HEAD, '--fail-on-increase', '12.5'], { cwd: FIXTURES })).code).toBe(0);
    // A drop never fails the gate: reversed, the same pair only has checkout's friction rise.
    const reversed = await runCli(['diff', HEAD, BASE, '--fail-on-increase', '0', '--format', 'json'], { cwd: FIXTURES });
    expect((JSON.parse(reversed.stdout) as DiffReport).summary.maxFrictionIncrease).toEqual({ file: 'checkout.base.journey.yaml', touchpoint: 'checkout', delta: 38.5 });
  });

  it('writes markdown to --output, never over an input', async () => {
    const cwd = workspace({ 'a.journey.yaml': mapWith('x', 4), 'b.journey.yaml': mapWith('x', 1) });
    expect((await runCli(['diff', 'a.journey.yaml', 'b.journey.yaml', '--format', 'markdown', '--output', 'diff.md'], { cwd })).code).toBe(0);
    expect(readFileSync(path.join(cwd, 'diff.md'), 'utf8')).toMatch(/^<!-- journeykit-diff -->\n/);
    const refused = await runCli(['diff', 'a.journey.yaml', 'b.journey.yaml', '--output', 'b.journey.yaml'], { cwd });
    expect(refused.code).toBe(2);
    expect(readFileSync(path.join(cwd, 'b.journey.yaml'), 'utf8')).toBe(mapWith('x', 1));
  });

  it('an invalid head map yields its located diagnostics and exit 1; an invalid base is reported, exit 0', async () => {
    const broken = 'version: 1\nid: x\ntitle: [unclosed\n';
    const cwd = workspace({ 'good.journey.yaml': mapWith('x'), 'bad.journey.yaml': broken });
    const head = await runCli(['diff', 'good.journey.yaml', 'bad.journey.yaml'], { cwd });
    expect(head.code).toBe(1);
    expect(head.stdout).toMatch(/bad\.journey\.yaml \(x\)?.*head map is not valid/);
    expect(head.stdout).toMatch(/! head bad\.journey\.yaml:\d+:\d+ /);
    expect(head.stderr).toContain('not valid and could not be compared: bad.journey.yaml');
    expect(head.stderr).not.toMatch(/\n\s+at /);
    const base = await runCli(['diff', 'bad.journey.yaml', 'good.journey.yaml', '--format', 'json'], { cwd });
    expect(base.code).toBe(0);
    const file = (JSON.parse(base.stdout) as DiffReport).files[0]!;
    expect(file.status).toBe('invalid');
    const first = file.diagnostics?.base?.[0];
    expect(first?.severity).toBe('error');
    expect(first?.line).toBeGreaterThan(1);
  });

  it.each([
    [['diff', 'only-one.journey.yaml'], 'compares two files'],
    [['diff', 'a.journey.yaml', 'missing.journey.yaml'], "Head map 'missing.journey.yaml' does not exist"],
    [['diff', 'a.journey.yaml', 'a.journey.yaml', '--fail-on-increase', 'ten'], '--fail-on-increase must be a number'],
    [['diff', 'a.journey.yaml', 'a.journey.yaml', '--format', 'html'], "argument 'html' is invalid"],
  ])('%j: exit 2', async (argv, message) => {
    const cwd = workspace({ 'a.journey.yaml': mapWith('a') });
    const result = await runCli(argv, { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('journey diff --git REV', () => {
  it('finds renamed, deleted, changed and new (untracked) maps; unchanged maps and other files are left out', async () => {
    const cwd = repository();
    renameSync(path.join(cwd, 'maps/rename-me.journey.yaml'), path.join(cwd, 'maps/renamed.journey.yaml'));
    git(cwd, 'add', '-A');
    rmSync(path.join(cwd, 'maps/delete-me.journey.yaml'));
    writeFileSync(path.join(cwd, 'maps/change-me.journey.yaml'), mapWith('change-me', 1));
    writeFileSync(path.join(cwd, 'maps/new.journey.yml'), mapWith('new'));
    writeFileSync(path.join(cwd, 'notes.txt'), 'changed\n');
    const result = await runCli(['diff', '--git', 'main', '--format', 'json'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as DiffReport;
    expect(report.base).toBe('main');
    expect(report.files.map((f) => [f.base, f.head, f.status, f.renamed ?? false])).toEqual([
      ['main:maps/change-me.journey.yaml', 'maps/change-me.journey.yaml', 'changed', false],
      ['main:maps/delete-me.journey.yaml', null, 'removed', false],
      [null, 'maps/new.journey.yml', 'added', false],
      ['main:maps/rename-me.journey.yaml', 'maps/renamed.journey.yaml', 'unchanged', true],
    ]);
    expect(report.files[0]!.summary).toMatch(/^1 touchpoint changed, friction of checkout \d+ -> \d+$/);
  });

  it('limits the comparison to PATHS, relative to the working directory', async () => {
    const cwd = repository();
    mkdirSync(path.join(cwd, 'other'));
    writeFileSync(path.join(cwd, 'other/elsewhere.journey.yaml'), mapWith('elsewhere'));
    writeFileSync(path.join(cwd, 'maps/change-me.journey.yaml'), mapWith('change-me', 1));
    const result = await runCli(['diff', '--git', 'HEAD', 'change-me.journey.yaml', '--format', 'json'], { cwd: path.join(cwd, 'maps') });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as DiffReport).files.map((f) => f.head)).toEqual(['change-me.journey.yaml']);
  });

  it('says so when no map changed', async () => {
    const cwd = repository();
    const result = await runCli(['diff', '--git', 'HEAD', '--format', 'markdown'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No journey map changed.');
  });

  it('compares against a base version that did not validate, without failing', async () => {
    const cwd = repository();
    writeFileSync(path.join(cwd, 'maps/change-me.journey.yaml'), 'version: 1\nid: change-me\ntitle: [broken\n');
    git(cwd, 'commit', '-q', '-am', 'broken');
    writeFileSync(path.join(cwd, 'maps/change-me.journey.yaml'), mapWith('change-me'));
    const result = await runCli(['diff', '--git', 'HEAD'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/base map is not valid \(1 error\)/);
    expect(result.stdout).toMatch(/! base HEAD:maps\/change-me\.journey\.yaml:\d+:\d+ .* yaml\/syntax/);
  });

  it.each([
    [['diff', '--git', 'no-such-branch'], "Unknown git revision 'no-such-branch'", true],
    [['diff', '--git', '--output=x'], 'is not a git revision', true],
    [['diff', '--git', 'main'], 'Not inside a git work tree', false],
  ])('%j: exit 2', async (argv, message, inRepo) => {
    const cwd = inRepo ? repository() : workspace();
    const result = await runCli(argv, { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('through the real bin: --fail-on-increase fails the job when friction rises', () => {
    const cwd = repository();
    writeFileSync(path.join(cwd, 'maps/keep-me.journey.yaml'), mapWith('keep-me', 5).replace('emotion: -1', 'emotion: -2'));
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'journey.js'), 'diff', '--git', 'HEAD', '--fail-on-increase', '5'], { cwd, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('maps/keep-me.journey.yaml (keep-me): 1 touchpoint changed, friction of “Checkout”');
    expect(result.stderr).toMatch(/friction of “Checkout” \(checkout\) in maps\/keep-me\.journey\.yaml rose by [\d.]+ points/);
  });
});

const browser = await browserForTests('the diff diagram in a real browser');

describe.skipIf(!browser)('the diff diagram in a real browser', () => {
  it('renders hostile touchpoint names as text, without an error diagram', async () => {
    const hostile = parseYaml(readFileSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'mermaid', 'hostile.journey.yaml'), 'utf8')) as JourneyMap;
    const base = structuredClone(hostile);
    base.stages = base.stages.slice(2);
    const diff = diffFile({ file: 'a', map: base }, { file: 'b', map: hostile }, DEFAULT_SCORING);
    const source = diffDiagram(diff);
    expect(source).toBeDefined();
    const svg = await withRenderer(browser!, async (render) => Buffer.from(await render(source!, 'svg')).toString('utf8'), 'shared-page');
    expect(svg).not.toMatch(/Syntax error|<script|<img/i);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  }, 60_000);
});

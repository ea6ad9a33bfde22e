import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TEMPLATE_NAMES, WORKSPACE_TEMPLATES } from '../../src/core/workspace-templates.js';
import { STANDARD_CHANNELS } from '../../src/core/model.js';
import { runCli, workspace } from './harness.js';

/** Every value of `key` anywhere in a parsed YAML document. */
function valuesOf(node: unknown, key: string, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) valuesOf(item, key, into);
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key && typeof v === 'string') into.add(v);
      else valuesOf(v, key, into);
    }
  }
  return into;
}

interface Config {
  owners: string[];
  channels: string[];
  survey?: { columns?: Record<string, string> };
}

const readYaml = <T>(file: string): T => parse(readFileSync(file, 'utf8')) as T;
const created = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('created'))
    .map((l) => l.replace(/^created\s+/, ''));
/** Every file under `dir`, relative to it. */
const filesUnder = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => !e.isDirectory())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
        .sort()
    : [];

describe('journey init', () => {
  it.each(TEMPLATE_NAMES)('the %s template writes a workspace that validates clean and names only its own owners and channels', async (template) => {
    const cwd = workspace();
    const result = await runCli(['init', 'cx', '--template', template], { cwd });
    expect(result.code).toBe(0);
    const files = created(result.stdout);
    expect(files).toEqual(expect.arrayContaining(['cx/journeykit.config.yaml', 'cx/.github/workflows/journeykit.yml', 'cx/.gitignore']));
    const map = files.find((f) => f.endsWith('.journey.yaml'))!;
    expect(map).toMatch(/^cx\/journeys\//);
    const text = readFileSync(path.join(cwd, map), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/journeykit/schemas/journey-map.schema.json');
    expect(readFileSync(path.join(cwd, 'cx/journeykit.config.yaml'), 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=node_modules/journeykit/schemas/journeykit-config.schema.json',
    );

    const validated = await runCli(['validate', '--format', 'json'], { cwd: path.join(cwd, 'cx') });
    expect(validated.code).toBe(0);
    expect((JSON.parse(validated.stdout) as { summary: unknown }).summary).toEqual({ files: 1, errors: 0, warnings: 0, infos: 0 });

    // The config declares exactly what the map uses: no other industry's owners or channels.
    const config = readYaml<Config>(path.join(cwd, 'cx/journeykit.config.yaml'));
    const mapDoc = parse(text) as unknown;
    expect(new Set(config.owners)).toEqual(valuesOf(mapDoc, 'owner'));
    expect(config.owners).toHaveLength(new Set(config.owners).size);
    expect(new Set(config.channels)).toEqual(new Set([...valuesOf(mapDoc, 'channel')].filter((c) => !STANDARD_CHANNELS.includes(c))));

    const gitignore = readFileSync(path.join(cwd, 'cx/.gitignore'), 'utf8').split('\n');
    expect(gitignore).toEqual(expect.arrayContaining(['node_modules/', 'reports/', 'journeykit.sarif']));
  });

  it('lists no owner or channel of another industry in a template that does not use it', async () => {
    const cwd = workspace();
    await runCli(['init', '--template', 'saas'], { cwd });
    const config = readFileSync(path.join(cwd, 'journeykit.config.yaml'), 'utf8');
    for (const foreign of ['kiosk', 'patient-portal', 'fulfilment-ops', 'financial-crime', 'booking-centre', 'field-operations']) expect(config).not.toContain(foreign);
    expect(readYaml<Config>(path.join(cwd, 'journeykit.config.yaml')).owners.length).toBeLessThan(10);
  });

  const withExport = TEMPLATE_NAMES.filter((t) => 'survey' in WORKSPACE_TEMPLATES[t]);
  const withoutExport = TEMPLATE_NAMES.filter((t) => !('survey' in WORKSPACE_TEMPLATES[t]));

  it('ships at least one template with an example export', () => {
    expect(withExport.length).toBeGreaterThan(0);
  });

  it.each(withExport)('the %s template binds only columns its example export has, and journey metrics runs on it', async (template) => {
    const cwd = workspace();
    const result = await runCli(['init', '--template', template], { cwd });
    const files = created(result.stdout);
    const survey = files.find((f) => f.startsWith('surveys/'))!;
    const map = files.find((f) => f.endsWith('.journey.yaml'))!;
    expect(survey).toBeDefined();
    expect(result.stdout).toContain(`journey metrics ${survey} --map ${map}`);
    const header = readFileSync(path.join(cwd, survey), 'utf8').split('\n')[0]!.split(',');
    const columns = readYaml<Config>(path.join(cwd, 'journeykit.config.yaml')).survey?.columns ?? {};
    expect(Object.keys(columns).length).toBeGreaterThan(0);
    for (const column of Object.values(columns)) expect(header).toContain(column);

    const metrics = await runCli(['metrics', survey, '--map', map, '--format', 'json'], { cwd });
    expect(metrics.stderr).toBe('');
    expect(metrics.code).toBe(0);
    const byStage = await runCli(['metrics', survey, '--by', 'stage,touchpoint,channel'], { cwd });
    expect(byStage.code).toBe(0);
  });

  it.each(withoutExport)('the %s template binds no survey column, so journey metrics works on an export without them', async (template) => {
    const cwd = workspace();
    await runCli(['init', '--template', template], { cwd });
    expect(readYaml<Config>(path.join(cwd, 'journeykit.config.yaml')).survey?.columns).toBeUndefined();
    expect(existsSync(path.join(cwd, 'surveys'))).toBe(false);
    const rows = Array.from({ length: 40 }, (_, i) => `${i % 11},${(i % 5) + 1}`);
    writeFileSync(path.join(cwd, 'export.csv'), ['How likely are you to recommend us?,Overall satisfaction', ...rows].join('\n') + '\n');
    const metrics = await runCli(['metrics', 'export.csv', '--column', 'nps=How likely are you to recommend us?'], { cwd });
    expect(metrics.stderr).not.toContain('error');
    expect(metrics.code).toBe(0);
  });

  it('the blank template is a skeleton: one stage, one touchpoint, no owners or channels yet', async () => {
    const cwd = workspace();
    const result = await runCli(['init', '--template', 'blank'], { cwd });
    expect(result.code).toBe(0);
    const config = readYaml<Config>(path.join(cwd, 'journeykit.config.yaml'));
    expect(config.owners).toEqual([]);
    expect(config.channels).toEqual([]);
    const map = readYaml<{ stages: { touchpoints: unknown[] }[] }>(path.join(cwd, 'journeys/blank.journey.yaml'));
    expect(map.stages).toHaveLength(1);
    expect(map.stages[0]!.touchpoints).toHaveLength(1);
    // The comments are the documentation: they show the optional fields.
    const text = readFileSync(path.join(cwd, 'journeys/blank.journey.yaml'), 'utf8');
    for (const field of ['# owner:', '# pain_points:', '# opportunities:', '# kpis:']) expect(text).toContain(field);
    const validated = await runCli(['validate'], { cwd });
    expect(validated.code).toBe(0);
    expect(validated.stdout).toContain('no problems');
  });

  it('the telecom template covers an installation, a move and a fault repair', async () => {
    const cwd = workspace();
    expect((await runCli(['init', '--template', 'telecom'], { cwd })).code).toBe(0);
    const map = readYaml<{ stages: { id: string }[] }>(path.join(cwd, 'journeys/home-broadband.journey.yaml'));
    expect(map.stages.map((s) => s.id)).toEqual(expect.arrayContaining(['installation', 'move-home', 'fault-repair']));
  });

  it('the workflow validates with annotations and uploads SARIF', async () => {
    const cwd = workspace();
    await runCli(['init'], { cwd });
    const workflow = parse(readFileSync(path.join(cwd, '.github/workflows/journeykit.yml'), 'utf8')) as {
      jobs: { validate: { steps: { run?: string; uses?: string; with?: Record<string, string> }[]; permissions: Record<string, string> } };
    };
    const steps = workflow.jobs.validate.steps;
    expect(steps.some((s) => s.run?.includes('journey validate --format github'))).toBe(true);
    expect(steps.some((s) => s.run?.includes('--format sarif --output journeykit.sarif'))).toBe(true);
    expect(steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))?.with?.sarif_file).toBe('journeykit.sarif');
    expect(workflow.jobs.validate.permissions['security-events']).toBe('write');
  });

  it('prints a directory name holding control characters without letting them drive the terminal', async () => {
    const cwd = workspace();
    const result = await runCli(['init', 'cx\u001b[31m'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('created  cx␛[31m/journeykit.config.yaml');
    expect(result.stdout).not.toContain('\u001b');
    expect(readFileSync(path.join(cwd, 'cx\u001b[31m', 'journeykit.config.yaml'), 'utf8')).toContain('version: 1');
  });

  it('refuses to overwrite a file with exit 2, naming it, and writes nothing at all', async () => {
    const cwd = workspace({ 'journeykit.config.yaml': 'owners: [mine]\n' });
    const result = await runCli(['init'], { cwd });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe("journey: error: 'journeykit.config.yaml' already exists; journey init writes nothing over a file.");
    expect(lines[1]).toContain('--force');
    expect(lines).toHaveLength(2);
    expect(result.stdout).toBe('');
    expect(readFileSync(path.join(cwd, 'journeykit.config.yaml'), 'utf8')).toBe('owners: [mine]\n');
    // Not even the directories of the other files.
    expect(readdirSync(cwd)).toEqual(['journeykit.config.yaml']);
  });

  it('names the first file in the way and counts the others', async () => {
    const cwd = workspace({ 'journeys/online-order.journey.yaml': 'mine', '.github/workflows/journeykit.yml': 'mine too' });
    const result = await runCli(['init'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      "journey: error: 'journeys/online-order.journey.yaml' and 1 other file this template writes already exist; journey init writes nothing over a file.",
    );
    expect(filesUnder(cwd)).toEqual(['.github/workflows/journeykit.yml', 'journeys/online-order.journey.yaml']);
    expect(readFileSync(path.join(cwd, 'journeys/online-order.journey.yaml'), 'utf8')).toBe('mine');
  });

  it('counts a dangling symbolic link as a file in the way', async (context) => {
    const cwd = workspace();
    const { symlinkSync } = await import('node:fs');
    try {
      symlinkSync('nowhere.yaml', path.join(cwd, 'journeykit.config.yaml'));
    } catch {
      context.skip('this machine does not allow symbolic links');
    }
    const result = await runCli(['init'], { cwd });
    expect(result.code).toBe(2);
    expect(existsSync(path.join(cwd, 'nowhere.yaml'))).toBe(false);
  });

  it('replaces the files it writes with --force, and says so', async () => {
    const cwd = workspace({ 'journeykit.config.yaml': 'owners: [mine]\n', 'journeys/mine.journey.yaml': 'kept' });
    const result = await runCli(['init', '--template', 'saas', '--force'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^replaced journeykit\.config\.yaml$/m);
    expect(result.stdout).toMatch(/^created {2}journeys\/trial-onboarding\.journey\.yaml$/m);
    expect(readYaml<Config>(path.join(cwd, 'journeykit.config.yaml')).owners).toContain('growth');
    // Files init does not write are not its business.
    expect(readFileSync(path.join(cwd, 'journeys/mine.journey.yaml'), 'utf8')).toBe('kept');
    const again = await runCli(['init', '--template', 'saas', '--force'], { cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^replaced journeys\/trial-onboarding\.journey\.yaml$/m);
  });

  it("adds its entries to an existing .gitignore, keeping the user's, once", async () => {
    const cwd = workspace({ '.gitignore': 'dist/\nnode_modules/' });
    const result = await runCli(['init'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^updated {2}\.gitignore/m);
    const text = readFileSync(path.join(cwd, '.gitignore'), 'utf8');
    expect(text.startsWith('dist/\nnode_modules/\n')).toBe(true);
    expect(text.split('\n').filter((l) => l === 'node_modules/')).toHaveLength(1);
    expect(text.split('\n')).toEqual(expect.arrayContaining(['reports/', 'journeykit.sarif']));
    const again = await runCli(['init', '--force'], { cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('.gitignore');
    expect(readFileSync(path.join(cwd, '.gitignore'), 'utf8')).toBe(text);
  });

  it('refuses a .gitignore that is a directory with exit 2 and writes nothing', async () => {
    const cwd = workspace();
    mkdirSync(path.join(cwd, '.gitignore'));
    const result = await runCli(['init'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe("journey: error: Cannot add to '.gitignore': it is a directory, not a regular file.");
    expect(readdirSync(cwd)).toEqual(['.gitignore']);
  });

  it('leaves nothing behind when a directory cannot be created part-way', async () => {
    // `surveys` is a file, so the retail template's export cannot be placed; the other
    // directories would be created first.
    const cwd = workspace({ surveys: 'a file' });
    const result = await runCli(['init', '--template', 'retail'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(/^journey: error: Cannot create/);
    expect(readdirSync(cwd)).toEqual(['surveys']);
  });

  it('refuses an unknown template with exit 2 and writes nothing', async () => {
    const cwd = workspace();
    const result = await runCli(['init', '--template', 'airline'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'airline'");
    expect(existsSync(path.join(cwd, 'journeykit.config.yaml'))).toBe(false);
  });

  it('exits 2 when the directory cannot be created', async () => {
    const cwd = workspace({ 'file.txt': 'x' });
    const result = await runCli(['init', 'file.txt/sub'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(/^journey: error: Cannot create/);
  });
});

describe('journey init: the CI workflow needs a pinned journeykit', () => {
  it('says to install journeykit and commit the lockfile when the folder has no package.json, and not when it has one', async () => {
    const bare = workspace();
    const without = await runCli(['init', '--template', 'blank'], { cwd: bare });
    expect(without.code).toBe(0);
    expect(without.stdout).toContain(
      'The CI workflow runs the journeykit this repository pins: install it as a dev dependency (README, Install) and commit package.json and package-lock.json.',
    );
    const pinned = workspace({ 'package.json': '{ "devDependencies": { "journeykit": "file:../journeykit-0.1.0.tgz" } }\n' });
    const withPackage = await runCli(['init', '--template', 'blank'], { cwd: pinned });
    expect(withPackage.code).toBe(0);
    expect(withPackage.stdout).not.toContain('The CI workflow runs the journeykit');
  });
});

describe('journey init: the retail workspace reports with its survey export', () => {
  it('names the copied export in survey.export, so that journey report reads it without --survey', async () => {
    const cwd = workspace();
    expect((await runCli(['init', '--template', 'retail'], { cwd })).code).toBe(0);
    const config = parse(readFileSync(path.join(cwd, 'journeykit.config.yaml'), 'utf8')) as { survey: { export: string } };
    expect(config.survey.export).toBe('surveys/online-order-survey.csv');
    const report = await runCli(['report', 'journeys/online-order.journey.yaml', '--output', 'report.md'], { cwd });
    expect(report.code).toBe(0);
    expect(report.stderr).toBe("journey: survey figures from 'surveys/online-order-survey.csv', the export journeykit.config.yaml names (survey.export)\n");
    const text = readFileSync(path.join(cwd, 'report.md'), 'utf8');
    expect(text).toContain('What customers said about Checkout');
    // --survey or --metrics given: the configured export is not read.
    const other = await runCli(['report', 'journeys/online-order.journey.yaml', '--survey', 'surveys/online-order-survey.csv'], { cwd });
    expect(other.code).toBe(0);
    expect(other.stderr).toBe('');
  });

  it('refuses a configured export that is not there, naming it (exit 2)', async () => {
    const cwd = workspace();
    expect((await runCli(['init', '--template', 'retail'], { cwd })).code).toBe(0);
    const file = path.join(cwd, 'journeykit.config.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('export: surveys/online-order-survey.csv', 'export: surveys/missing.csv'));
    const report = await runCli(['report', 'journeys/online-order.journey.yaml'], { cwd });
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('surveys/missing.csv');
  });
});

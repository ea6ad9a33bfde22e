import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TEMPLATE_NAMES } from '../../src/commands/init.js';
import { runCli, workspace } from './harness.js';

describe('journey init', () => {
  it.each(TEMPLATE_NAMES)('the %s template writes a config, a map and a workflow that validate clean', async (template) => {
    const cwd = workspace();
    const result = await runCli(['init', 'cx', '--template', template], { cwd });
    expect(result.code).toBe(0);
    const created = result.stdout.split('\n').filter((l) => l.startsWith('created')).map((l) => l.replace(/^created\s+/, ''));
    expect(created).toHaveLength(3);
    expect(created).toContain('cx/journeykit.config.yaml');
    expect(created).toContain('cx/.github/workflows/journeykit.yml');
    const map = created.find((f) => f.endsWith('.journey.yaml'))!;
    const text = readFileSync(path.join(cwd, map), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/journeykit/schemas/journey-map.schema.json');
    expect(readFileSync(path.join(cwd, 'cx/journeykit.config.yaml'), 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=node_modules/journeykit/schemas/journeykit-config.schema.json',
    );
    const validated = await runCli(['validate', '--format', 'json'], { cwd: path.join(cwd, 'cx') });
    expect((JSON.parse(validated.stdout) as { summary: unknown }).summary).toEqual({ files: 1, errors: 0, warnings: 0, infos: 0 });
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

  it('never overwrites an existing file', async () => {
    const cwd = workspace({ 'journeykit.config.yaml': 'owners: [mine]\n' });
    const result = await runCli(['init'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/skipped\s+journeykit.config.yaml \(exists/);
    expect(readFileSync(path.join(cwd, 'journeykit.config.yaml'), 'utf8')).toBe('owners: [mine]\n');
    const again = await runCli(['init'], { cwd });
    expect(again.stdout).toContain('Nothing to do');
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

  it('writes the map under journeys/ even when the workspace has maps already', async () => {
    const cwd = workspace({ 'journeys/online-order.journey.yaml': 'mine' });
    await runCli(['init'], { cwd });
    expect(readFileSync(path.join(cwd, 'journeys/online-order.journey.yaml'), 'utf8')).toBe('mine');
    writeFileSync(path.join(cwd, 'x'), '');
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScoreReport } from '../../src/core/score/types.js';
import { REPO_ROOT, runCli, VALID_MAP, workspace } from './harness.js';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const json = (stdout: string) => JSON.parse(stdout) as ScoreReport;

describe('journey score', () => {
  it('ranks the SaaS example: the OAuth integration first, with its reasons', async () => {
    const result = await runCli(['score', 'saas/trial-onboarding.journey.yaml', '--config', 'journeykit.config.yaml', '--format', 'json'], { cwd: EXAMPLES });
    expect(result.code).toBe(0);
    const report = json(result.stdout);
    expect(report.journey).toBe('trial-onboarding');
    expect(report.touchpoints[0]!.id).toBe('connect-integration');
    expect(report.touchpoints[0]!.explanation).toContain('effort 5/5');
    expect(report.touchpoints[0]!.explanation).toContain('“Microsoft 365 tenants that block user consent show…” (severity 5, frequency 4)');
    const priorities = report.touchpoints.map((t) => t.priority);
    expect([...priorities].sort((a, b) => b - a)).toEqual(priorities);
    for (const t of report.touchpoints) {
      expect(t.friction).toBeGreaterThanOrEqual(0);
      expect(t.friction).toBeLessThanOrEqual(100);
      expect(t.missing).toContain('survey');
    }
  });

  it('joins survey evidence by survey_segment and says where none matched', async () => {
    const result = await runCli(
      ['score', 'retail/online-order.journey.yaml', '--config', 'journeykit.config.yaml', '--survey', 'surveys/online-order-survey.csv', '--format', 'json'],
      { cwd: EXAMPLES },
    );
    expect(result.code).toBe(0);
    const report = json(result.stdout);
    const checkout = report.touchpoints.find((t) => t.id === 'checkout')!;
    expect(checkout.missing).not.toContain('survey');
    expect(checkout.survey).toMatchObject({ segment: 'Checkout' });
    const leaflet = report.touchpoints.find((t) => t.id === 'in-store-leaflet')!;
    expect(leaflet.missing).toContain('survey');
    expect(JSON.stringify(leaflet.survey)).toMatch(/no matching responses|no responses/i);
    expect(report.evidence).toMatchObject({ source: 'surveys/online-order-survey.csv' });
  });

  it('takes the figures of journey metrics --format json', async () => {
    const cwd = EXAMPLES;
    const dir = workspace();
    const metricsFile = path.join(dir, 'm.json');
    expect((await runCli(['metrics', 'surveys/online-order-survey.csv', '--by', 'touchpoint', '--format', 'json', '--output', metricsFile], { cwd })).code).toBe(0);
    const viaSurvey = json(
      (
        await runCli(['score', 'retail/online-order.journey.yaml', '--config', 'journeykit.config.yaml', '--survey', 'surveys/online-order-survey.csv', '--format', 'json'], {
          cwd,
        })
      ).stdout,
    );
    const viaMetrics = json(
      (await runCli(['score', 'retail/online-order.journey.yaml', '--config', 'journeykit.config.yaml', '--metrics', metricsFile, '--format', 'json', '--allow-outside'], { cwd }))
        .stdout,
    );
    expect(viaMetrics.touchpoints.find((t) => t.id === 'checkout')!.friction).toBe(viaSurvey.touchpoints.find((t) => t.id === 'checkout')!.friction);
  });

  it('--top limits the lists', async () => {
    const result = await runCli(['score', 'saas/trial-onboarding.journey.yaml', '--config', 'journeykit.config.yaml', '--top', '2', '--format', 'json'], { cwd: EXAMPLES });
    const report = json(result.stdout);
    expect(report.touchpoints).toHaveLength(2);
    expect(report.opportunities.length).toBeLessThanOrEqual(2);
  });

  it('weights from --weights change the ranking inputs and are validated with positions', async () => {
    const cwd = workspace({ 'm.journey.yaml': VALID_MAP, 'w.yaml': 'weights:\n  effort: 0\n', 'bad.yaml': 'weights:\n  efort: 2\n  emotion: 11\n' });
    const ok = await runCli(['score', 'm.journey.yaml', '--weights', 'w.yaml', '--format', 'json'], { cwd });
    expect(ok.code).toBe(0);
    expect(json(ok.stdout).settings.weights.effort).toBe(0);
    const bad = await runCli(['score', 'm.journey.yaml', '--weights', 'bad.yaml'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.yaml');
    expect(bad.stderr).toContain("Did you mean 'effort'?");
    expect(bad.stderr).toMatch(/3:12/);
  });

  it('refuses an empty or oversized weights file in the words of a weights file', async () => {
    const cwd = workspace({ 'm.journey.yaml': VALID_MAP, 'empty.yaml': '', 'big.yaml': `# ${'x'.repeat(1024 * 1024)}\n` });
    const empty = await runCli(['score', 'm.journey.yaml', '--weights', 'empty.yaml'], { cwd });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/yaml\/empty[\s\S]*hint: A weights file holds the keys of the config's `scoring:`/);
    const big = await runCli(['score', 'm.journey.yaml', '--weights', 'big.yaml'], { cwd });
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('over the 1.0 MB limit for a weights file');
    expect(`${empty.stderr}${big.stderr}`).not.toContain('journey map');
  });

  it('refuses a map that does not validate with its diagnostics, exit 1', async () => {
    const cwd = workspace({ 'm.journey.yaml': VALID_MAP.replace('effort: 4', 'effort: 9') });
    const result = await runCli(['score', 'm.journey.yaml'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('m.journey.yaml');
    expect(result.stderr).toContain('above the maximum 5');
    expect(result.stdout).toBe('');
  });

  it.each([
    [['score', 'm.journey.yaml', '--metrics', 'x.json', '--survey', 'y.csv'], 'cannot be used together'],
    [['score', 'm.journey.yaml', '--top', '0'], '--top must be'],
    [['score', 'nope.journey.yaml'], 'does not exist'],
    [['score', 'm.journey.yaml', '--metrics', 'missing.json'], 'does not exist'],
    [['score', 'm.journey.yaml', '--metrics', 'not-json.json'], 'not-json.json\n  1:2  error  Flow map'],
    [['score', 'm.journey.yaml', '--metrics', 'other.json'], "Metrics file 'other.json' is not the JSON that `journey metrics --format json` writes"],
    [['score', 'm.journey.yaml', '--weights', 'missing.yaml'], 'does not exist'],
  ])('%j: exit 2', async (argv, message) => {
    const cwd = workspace({ 'm.journey.yaml': VALID_MAP, 'not-json.json': '{', 'other.json': '{"files": []}' });
    const result = await runCli(argv, { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes every format, and --output atomically', async () => {
    const cwd = workspace({ 'm.journey.yaml': VALID_MAP });
    for (const format of ['table', 'json', 'csv', 'markdown']) {
      const result = await runCli(['score', 'm.journey.yaml', '--format', format, '--output', `out.${format}`], { cwd });
      expect(result.code).toBe(0);
      // The table names the touchpoint; JSON, CSV and Markdown (as a code span after the name) carry its id.
      expect(readFileSync(path.join(cwd, `out.${format}`), 'utf8')).toContain(format === 'table' ? 'Checkout' : 'checkout');
    }
    // The human formats name the stage (the command hands the map's stage names to them); CSV keeps the id.
    expect(readFileSync(path.join(cwd, 'out.table'), 'utf8')).toMatch(/Checkout +Purchase /);
    expect(readFileSync(path.join(cwd, 'out.markdown'), 'utf8')).toMatch(/\| Checkout `checkout`( ★)? \| Purchase \|/);
    expect(readFileSync(path.join(cwd, 'out.csv'), 'utf8')).toContain(',checkout,purchase,checkout,');
  });
});

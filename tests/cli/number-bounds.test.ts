import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VIEW_NAMES } from '../../src/core/mermaid/index.js';
import { REPO_ROOT, runCli, workspace } from './harness.js';

/**
 * Untrusted pull requests (issue 11): every number that feeds a view's arithmetic is bounded by
 * the schema, so an extreme value is a located schema error rather than `NaN` in a diagram, and a
 * map at the bounds still draws every view with finite numbers.
 */

const EXAMPLE = readFileSync(path.join(REPO_ROOT, 'examples', 'retail', 'online-order.journey.yaml'), 'utf8');

function edit(text: string, from: string, to: string, count = 1): string {
  expect(text.split(from), from).toHaveLength(count + 1);
  return text.replaceAll(from, to);
}

describe('number ranges in the map schema', () => {
  it.each([
    [
      'an emotion scale of ±1.7e308',
      '  emotion: {min: -2, max: 2}',
      '  emotion: {min: -1.7e308, max: 1.7e308}',
      /19:18 +error +'min' is -1\.7e\+308, below the minimum -1000\. +schema\/range/,
    ],
    [
      'an emotion of 1e300',
      '        emotion: -2\n',
      '        emotion: 1e300\n',
      /305:18 +error +'emotion' of touchpoint 'refund-chat' is 1e\+300, above the maximum 1000\. +schema\/range/,
    ],
    [
      'a custom KPI target of 1e300',
      '            target: 0.95\n',
      '            target: 1e300\n',
      /293:21 +error +'target' of KPI 'x-on-time-delivery' is 1e\+300, above the maximum 1000000000000\. +schema\/range/,
    ],
  ])('rejects %s with a located diagnostic, and render refuses the invalid map (exit 1)', async (_, from, to, expected) => {
    const cwd = workspace({ 'extreme.journey.yaml': edit(EXAMPLE, from, to) });
    const validate = await runCli(['validate', 'extreme.journey.yaml'], { cwd });
    expect(validate.code).toBe(1);
    expect(validate.stdout).toMatch(expected);
    const render = await runCli(['render', 'extreme.journey.yaml', '--view', 'emotion'], { cwd });
    expect(render.code).toBe(1);
    expect(render.stdout).toBe('');
    expect(render.stdout + render.stderr).not.toMatch(/NaN|Infinity/);
  });

  it('a map at the bounds is valid and draws every view, and the report, without NaN or Infinity', async () => {
    let map = edit(EXAMPLE, '  emotion: {min: -2, max: 2}', '  emotion: {min: -1000, max: 1000}');
    map = edit(map, '        emotion: -2\n', '        emotion: -1000\n');
    map = edit(map, '        emotion: 1\n', '        emotion: 1000\n', 3);
    map = edit(map, '            target: 0.95\n            threshold: 0.9\n', '            target: 1000000000000\n            threshold: -1000000000000\n');
    const cwd = workspace({ 'bounds.journey.yaml': map });
    const validate = await runCli(['validate', 'bounds.journey.yaml', '--format', 'json'], { cwd });
    expect(validate.code).toBe(0);
    expect(validate.stdout).not.toMatch(/"severity": ?"error"/);
    for (const view of VIEW_NAMES) {
      const render = await runCli(['render', 'bounds.journey.yaml', '--view', view], { cwd });
      expect(render.code, `${view}: ${render.stderr}`).toBe(0);
      expect(render.stdout.length).toBeGreaterThan(50);
      expect(render.stdout, view).not.toMatch(/NaN|Infinity/);
    }
    expect((await runCli(['render', 'bounds.journey.yaml', '--view', 'emotion'], { cwd })).stdout).toMatch(/y-axis "Emotion#44; #45;1000 to 1000" -1000 --> 1000/);
    const report = await runCli(['report', 'bounds.journey.yaml', '--output', 'report.md'], { cwd });
    expect(report.code, report.stderr).toBe(0);
    const text = readFileSync(path.join(cwd, 'report.md'), 'utf8');
    expect(text).not.toMatch(/NaN|Infinity/);
    const score = await runCli(['score', 'bounds.journey.yaml', '--format', 'json'], { cwd });
    expect(score.code, score.stderr).toBe(0);
    expect(score.stdout).not.toMatch(/NaN|Infinity|null/);
  });

  it('gives a share KPI of 1.7e308 one diagnostic, its own range, not a second for the general bound', async () => {
    const cwd = workspace({
      'share.journey.yaml': edit(EXAMPLE, '            target: 0.85\n            threshold: 0.75\n', '            target: 1.7e308\n            threshold: 0.75\n'),
    });
    const validate = await runCli(['validate', 'share.journey.yaml', '--format', 'json'], { cwd });
    expect(validate.code).toBe(1);
    const messages = (validate.stdout.match(/"message": ?"[^"]*"/g) ?? []).filter((m) => m.includes('target'));
    expect(messages).toEqual([expect.stringMatching(/above the maximum 1\./)]);
  });

  it('bounds a custom KPI default in the workspace config', async () => {
    const cwd = workspace({ 'journeykit.config.yaml': 'version: 1\nkpis:\n  x-refund-rate: {target: 1e300}\n' });
    writeFileSync(path.join(cwd, 'm.journey.yaml'), EXAMPLE);
    const validate = await runCli(['validate', 'm.journey.yaml'], { cwd });
    expect(validate.code).toBe(2);
    expect(validate.stdout + validate.stderr).toMatch(/'target'[^\n]* is 1e\+300, above the maximum 1000000000000/);
  });

  it('bounds survey answer scales in the workspace config the same way', async () => {
    const cwd = workspace({ 'journeykit.config.yaml': 'version: 1\nsurvey:\n  scales:\n    csat: {min: -1e308, max: 1e308}\n' });
    writeFileSync(path.join(cwd, 'm.journey.yaml'), EXAMPLE);
    const validate = await runCli(['validate', 'm.journey.yaml'], { cwd });
    expect(validate.code).toBe(2);
    expect(validate.stdout + validate.stderr).toMatch(/journeykit\.config\.yaml:?\s*\n?.*4:\d+.*'min' is -1e\+308, below the minimum -1000/s);
  });
});

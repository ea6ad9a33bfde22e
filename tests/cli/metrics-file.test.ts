import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, VALID_MAP, runCli, workspace } from './harness.js';

/**
 * `--metrics FILE.json` (score, render, report): the file is checked against
 * schemas/metrics-report.schema.json before any figure is used. A hand-edited, truncated or
 * foreign file stops the run with each problem at its line and column (exit 2), never an
 * internal error in the scoring or the report.
 */
const EXAMPLE_MAP = readFileSync(path.join(REPO_ROOT, 'examples/retail/online-order.journey.yaml'), 'utf8');
const EXAMPLE_SURVEY = readFileSync(path.join(REPO_ROOT, 'examples/surveys/online-order-survey.csv'));

async function writtenMetrics(): Promise<{ cwd: string; text: string }> {
  const cwd = workspace({ 'map.journey.yaml': EXAMPLE_MAP, 'export.csv': EXAMPLE_SURVEY });
  const written = await runCli(
    ['metrics', 'export.csv', '--map', 'map.journey.yaml', '--by', 'touchpoint,channel', '--period', 'month', '--format', 'json', '--output', 'm.json'],
    { cwd },
  );
  expect(written.code, written.stderr).toBe(0);
  return { cwd, text: readFileSync(path.join(cwd, 'm.json'), 'utf8') };
}

describe('--metrics FILE.json', () => {
  it('reads what `journey metrics --format json` wrote, in every command that takes it', async () => {
    const { cwd } = await writtenMetrics();
    for (const argv of [
      ['score', 'map.journey.yaml', '--metrics', 'm.json', '--format', 'json'],
      ['render', 'map.journey.yaml', '--view', 'emotion', '--metrics', 'm.json'],
      ['report', 'map.journey.yaml', '--metrics', 'm.json'],
    ]) {
      const result = await runCli(argv, { cwd });
      expect(result.code, `${argv.join(' ')}\n${result.stderr}`).toBe(0);
      expect(result.stdout).not.toBe('');
    }
  });

  it('also reads it as YAML (JSON is YAML): a file converted by hand is checked the same way', async () => {
    const { cwd, text } = await writtenMetrics();
    const { stringify } = await import('yaml');
    const yamlCwd = workspace({ 'map.journey.yaml': EXAMPLE_MAP, 'm.yaml': stringify(JSON.parse(text)) });
    const fromJson = await runCli(['score', 'map.journey.yaml', '--metrics', 'm.json', '--format', 'json'], { cwd });
    const fromYaml = await runCli(['score', 'map.journey.yaml', '--metrics', 'm.yaml', '--format', 'json'], { cwd: yamlCwd });
    expect(fromYaml.code, fromYaml.stderr).toBe(0);
    const figures = (stdout: string) => (JSON.parse(stdout) as { touchpoints: unknown }).touchpoints;
    expect(figures(fromYaml.stdout)).toEqual(figures(fromJson.stdout));
  });

  const edits: [string, (text: string) => string, RegExp][] = [
    // A score typed as text: found at its line and column, with the path.
    ['a score written as text', (t) => t.replace(/"score": -7\.8,/, '"score": "-7.8",'), /m\.json\n {2}\d+:\d+ {2}error {2}.*must be a number.* {2}schema\/type/],
    ['a count that is negative', (t) => t.replace(/"promoters": 163,/, '"promoters": -1,'), /m\.json\n {2}\d+:\d+ {2}error .*promoters/],
    ['an unknown metric key', (t) => t.replace(/"overall": \{/, '"overall": {\n    "nsp": {},'), /nsp.*schema\/unknown-key|schema\/unknown-key.*/],
    ['overall missing', (t) => t.replace(/"overall": \{[\s\S]*?\n {2}\},\n {2}"segments"/, '"segments"'), /overall/],
    ['a segment that is not an object of figures', (t) => t.replace(/"segments": \{/, '"segments": {\n    "x": [1, 2],'), /segments\/x|'x'/],
    ['a truncated file', (t) => t.slice(0, Math.floor(t.length / 2)), /yaml\/syntax/],
    ['a number too large for a double (Infinity once parsed)', (t) => t.replace(/"score": -7\.8,/, '"score": 1e400,'), /score/],
    ['nesting past every limit', (t) => t.replace(/"warnings": \[\]/, `"warnings": ${'['.repeat(5000)}${']'.repeat(5000)}`), /yaml\/too-deep/],
  ];

  it.each(edits)('%s: exit 2 with the problem located, no stack trace', async (_name, edit, pattern) => {
    const { cwd, text } = await writtenMetrics();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(cwd, 'bad.json'), edit(text));
    expect(edit(text)).not.toBe(text);
    for (const command of ['score', 'report']) {
      const result = await runCli([command, 'map.journey.yaml', '--metrics', 'bad.json'], { cwd });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^bad\.json\n {2}\d+:\d+ {2}error /);
      expect(result.stderr.replace(/bad\.json/g, 'm.json')).toMatch(pattern);
      expect(result.stderr).toMatch(/journey: error: Metrics file 'bad\.json' is not the JSON that `journey metrics --format json` writes \(\d+ problems?\)\./);
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });

  it.each([
    ['an empty file', '', /yaml\/empty[\s\S]*hint: Write one with `journey metrics/],
    ["another tool's JSON", '{"files": []}', /schema\/required|schema\/unknown-key/],
    ['a JSON array', '[1, 2, 3]', /must be an object|schema\/type/],
    ['binary bytes', '\u0000\u0001\u0002', /io\/binary-file/],
  ])('%s: exit 2 with its diagnostic', async (_name, content, pattern) => {
    const cwd = workspace({ 'm.journey.yaml': VALID_MAP, 'x.json': content });
    const result = await runCli(['score', 'm.journey.yaml', '--metrics', 'x.json'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('refuses a file over 20 MB before reading it, naming the metrics limit', async () => {
    const cwd = workspace({ 'm.journey.yaml': VALID_MAP, 'big.json': `{"pad": "${'x'.repeat(21 * 1024 * 1024)}"}` });
    const result = await runCli(['score', 'm.journey.yaml', '--metrics', 'big.json'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('over the 20.0 MB limit for a metrics file');
    expect(result.stderr).toContain('io/file-too-large');
  });
});

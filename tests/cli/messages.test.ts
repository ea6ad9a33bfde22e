import { describe, expect, it } from 'vitest';
import { expectGolden } from '../golden.js';
import { VALID_MAP, runCli, workspace } from './harness.js';

interface Json {
  files: { file: string; diagnostics: { code: string; severity: string; message: string; hint?: string; line: number; column: number }[] }[];
}

async function validate(files: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cwd = workspace(files);
  return runCli(['validate', ...args], { cwd });
}

async function diagnostics(map: string, config?: string): Promise<Json['files'][number]['diagnostics']> {
  const result = await validate({ 'a.journey.yaml': map, ...(config ? { 'journeykit.config.yaml': config } : {}) }, '--format', 'json');
  expect(result.stderr).toBe('');
  return (JSON.parse(result.stdout) as Json).files[0]!.diagnostics;
}

const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

describe('journey validate: YAML mistakes in plain words, at the line with the mistake', () => {
  it('one extra space of indentation', async () => {
    const map = VALID_MAP.replace('        channel: web', '         channel: web');
    const result = await validate({ 'a.journey.yaml': map });
    expect(result.code).toBe(1);
    const line = lineOf(map, 'channel: web');
    expect(result.stdout).toContain(`${line}:9  error  This line is indented one space more than the keys above it.  yaml/syntax`);
    expect(result.stdout).toContain(`> ${line} |          channel: web`);
    expect(result.stdout).not.toContain('Nested mappings');
    expect(result.stdout).toContain('✖ 1 problem (1 error, 0 warnings, 0 infos)');
    expectGolden('validate/yaml-indentation.txt', result.stdout);
  });

  it('a tab: one clear error and no follow-on errors from the same block', async () => {
    const map = VALID_MAP.replace('        name: Checkout', '\tname: Checkout');
    const found = await diagnostics(map);
    expect(found).toEqual([
      expect.objectContaining({ code: 'yaml/tab-indent', line: lineOf(map, '\tname'), message: 'This line is indented with a tab; YAML indents with spaces only.' }),
    ]);
  });
});

describe('journey validate: numbers written the way a consultant writes them', () => {
  const withKpi = (metric: string, target: string, threshold?: string): string =>
    VALID_MAP.replace(
      '          - metric: abandonment-rate\n            target: 0.1\n            threshold: 0.15\n',
      `          - metric: ${metric}\n            target: ${target}\n${threshold === undefined ? '' : `            threshold: ${threshold}\n`}`,
    );

  it('an NPS target written as a fraction is a warning that suggests the points', async () => {
    const map = withKpi('nps', '0.45', '0.3');
    const found = await diagnostics(map);
    expect(found.map((d) => [d.code, d.severity, d.line])).toEqual([
      ['lint/kpi-unit', 'warning', lineOf(map, 'target: 0.45')],
      ['lint/kpi-unit', 'warning', lineOf(map, 'threshold: 0.3')],
    ]);
    expect(found[0]!.message).toContain('NPS targets are points from -100 to 100: did you mean 45?');
    expect(found[1]!.message).toContain('did you mean 30?');
    // A warning does not fail the run.
    expect((await validate({ 'a.journey.yaml': map })).code).toBe(0);
  });

  it.each([
    ['nps', "'45%'", 'Write 45:'],
    ['csat', "'85 %'", 'Write 0.85:'],
    ['completion-rate', '"90%"', 'Write 0.9:'],
  ])('%s target %s: the hint says what to write', async (metric, target, hint) => {
    const found = await diagnostics(withKpi(metric, target));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'schema/type' });
    expect(found[0]!.hint).toContain(hint);
  });

  it('an unquoted 45% is also answered with the number to write', async () => {
    const found = await diagnostics(withKpi('nps', '45%'));
    expect(found.map((d) => d.hint)).toEqual([expect.stringContaining('Write 45:')]);
  });

  it('a whole-number field says so with an example', async () => {
    const found = await diagnostics(VALID_MAP.replace('effort: 4', 'effort: 3.5'));
    expect(found.map((d) => d.code)).toEqual(['schema/type']);
    expect(found[0]!.message).toContain('must be a whole number');
    expect(found[0]!.hint).toBe('Write a whole number such as 3 here.');
  });
});

describe('journey validate: references to an item of another kind', () => {
  it('links_to naming a touchpoint says it is a touchpoint, not a journey', async () => {
    const map =
      VALID_MAP.replace('        moment_of_truth: true\n', '        moment_of_truth: true\n        links_to: checkout-2\n') +
      '      - id: checkout-2\n        name: Pay\n        channel: web\n';
    const found = await diagnostics(map);
    const reference = found.find((d) => d.code === 'lint/unresolved-journey-reference');
    expect(reference?.message).toBe("Touchpoint 'checkout' links to 'checkout-2', which is a touchpoint of this map, not a journey: `links_to` names another journey map's id.");
  });
});

describe('journey validate: the stylish summary', () => {
  it('a run with only infos ends in a neutral line and exit 0', async () => {
    // The pain point left unaddressed is an info (unaddressed-pain-point), nothing else is reported.
    const map = VALID_MAP.replace(
      '        opportunities:\n          - id: show-fee-early\n            description: Show the fee on the product page\n            addresses: [surprise-fee]\n',
      '',
    );
    const result = await validate({ 'a.journey.yaml': map }, '--color');
    expect(result.code).toBe(0);
    const last = result.stdout.trimEnd().split('\n').at(-1)!;
    expect(last).toBe('1 info, no errors or warnings in 1 of 1 file');
    expect(result.stdout).not.toContain('✖');
  });

  it('15 unknown-owner warnings collapse into one line and leave the errors visible', async () => {
    const touchpoints = Array.from(
      { length: 15 },
      (_, i) => `      - id: step-${i}\n        name: Step ${i}\n        channel: web\n        owner: sales\n        personas: [${i < 2 ? 'nobody' : 'busy-parent'}]\n`,
    ).join('');
    const map = VALID_MAP + touchpoints;
    const result = await validate({ 'a.journey.yaml': map, 'journeykit.config.yaml': 'owners: [cx-team]\n' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/unknown owner 'sales' in 15 places: \d+:\d+(, \d+:\d+){7} and 7 more/);
    expect(result.stdout.match(/lint\/unknown-owner/g)).toHaveLength(1);
    expect(result.stdout.match(/lint\/unknown-persona/g)).toHaveLength(2);
    expect(result.stdout).toContain('✖ 17 problems (2 errors, 15 warnings, 0 infos)');
    expectGolden('validate/stylish-grouped.txt', result.stdout);
    // Machine formats keep one finding per place.
    const json = await validate({ 'a.journey.yaml': map, 'journeykit.config.yaml': 'owners: [cx-team]\n' }, '--format', 'json');
    expect((JSON.parse(json.stdout) as Json).files[0]!.diagnostics.filter((d) => d.code === 'lint/unknown-owner')).toHaveLength(15);
  });
});

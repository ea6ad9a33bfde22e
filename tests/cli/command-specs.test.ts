import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../../src/core/formatters/index.js';
import { DIFF_FORMAT_NAMES } from '../../src/core/diff/formatters/index.js';
import { VIEW_NAMES } from '../../src/core/mermaid/index.js';
import { SCORE_FORMAT_NAMES } from '../../src/core/score/formatters/index.js';
import { METRICS_FORMAT_NAMES } from '../../src/core/survey/formatters/index.js';
import { PLATFORMS } from '../../src/core/survey/types.js';
import { TEMPLATE_NAMES } from '../../src/core/workspace-templates.js';
import type { AnyCommandSpec } from '../../src/commands/command.js';
import { loadChoices } from '../../src/commands/command.js';
import { diff } from '../../src/commands/diff/index.js';
import { init } from '../../src/commands/init/index.js';
import { metrics } from '../../src/commands/metrics/index.js';
import { render } from '../../src/commands/render/index.js';
import { report } from '../../src/commands/report/index.js';
import { schema } from '../../src/commands/schema/index.js';
import { score } from '../../src/commands/score/index.js';
import { validate } from '../../src/commands/validate/index.js';
import { runCli, workspace } from './harness.js';

const SPECS: readonly AnyCommandSpec[] = [validate, metrics, score, render, report, diff, schema, init];

/** Placeholder operands so a command's required arguments are there: the bad choice must be what fails. */
const OPERANDS: Record<string, string[]> = { metrics: ['export.csv'], score: ['m.journey.yaml'], render: ['m.journey.yaml'], report: ['m.journey.yaml'] };

describe('every command declares its own help', () => {
  it.each(SPECS.map((spec) => [spec.name, spec] as const))('journey %s --help lists its examples and its flags, exit 0', async (name, spec) => {
    const result = await runCli([name, '--help'], { cwd: workspace() });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(spec.examples.length).toBeGreaterThan(0);
    expect(result.stdout).toContain(`Examples:\n${spec.examples.map((example) => `  $ ${example}`).join('\n')}`);
    for (const option of spec.options) expect(result.stdout).toContain(option.flags);
    // `journey help CMD` shows the same help, choices included.
    const viaHelp = await runCli(['help', name], { cwd: workspace() });
    expect(viaHelp.stdout).toBe(result.stdout);
  });

  it('journey --help lists every command', async () => {
    const result = await runCli(['--help'], { cwd: workspace() });
    expect(result.code).toBe(0);
    for (const spec of SPECS) expect(result.stdout).toMatch(new RegExp(`^  ${spec.name} `, 'm'));
  });
});

describe('choices come from the modules that define them', () => {
  it.each([
    ['validate', '--format', FORMAT_NAMES],
    ['metrics', '--format', METRICS_FORMAT_NAMES],
    ['score', '--format', SCORE_FORMAT_NAMES],
    ['diff', '--format', DIFF_FORMAT_NAMES],
    ['render', '--view', ['canvas', ...VIEW_NAMES]],
    ['init', '--template', TEMPLATE_NAMES],
    ['metrics', '--platform', ['auto', ...PLATFORMS]],
    ['report', '--platform', ['auto', ...PLATFORMS]],
  ] as const)('journey %s %s offers exactly the defined names', async (name, flag, names) => {
    const result = await runCli([name, '--help'], { cwd: workspace() });
    const choices = names.map((n) => `"${n}"`).join(', ');
    const line = result.stdout.split(/\n(?= {2}-)/).find((entry) => entry.includes(`${flag} <`));
    expect(line?.replace(/\s+/g, ' ')).toContain(`(choices: ${choices}`);
  });
});

describe('an invalid choice is refused by the command line, exit 2', () => {
  const cases = SPECS.flatMap((spec) => {
    // Choices kept with heavy modules are loaded as the CLI loads them for a named command.
    return spec.options.map((option) => ({ spec, option }));
  });

  it('every option with choices is covered', async () => {
    await Promise.all(SPECS.map((spec) => loadChoices(spec)));
    const withChoices = cases.filter(({ option }) => option.argChoices !== undefined).map(({ spec, option }) => `${spec.name} ${option.long!}`);
    expect(withChoices).toEqual([
      'validate --format',
      'validate --fail-on',
      'metrics --platform',
      'metrics --period',
      'metrics --format',
      'metrics --dialect',
      'score --format',
      'score --platform',
      'render --view',
      'render --format',
      'render --theme',
      'render --page',
      'render --platform',
      'report --format',
      'report --images',
      'report --platform',
      'diff --format',
      'init --template',
    ]);
  });

  it.each(
    SPECS.flatMap((spec) =>
      spec.options.filter((option) => option.long !== undefined && /<\w+/.test(option.flags)).map((option) => [spec.name, option.long!, option] as const),
    ).filter(([, , option]) => option.argChoices !== undefined || ['--format', '--view', '--template'].includes(option.long!)),
  )('journey %s %s no-such-choice: exit 2, the allowed choices named, nothing written', async (name, flag, option) => {
    const cwd = workspace();
    const result = await runCli([name, ...(OPERANDS[name] ?? []), flag, 'no-such-choice'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`error: option '${option.flags}' argument 'no-such-choice' is invalid. Allowed choices are ${option.argChoices!.join(', ')}.`);
    expect(result.stderr).toContain('(run with --help for usage)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

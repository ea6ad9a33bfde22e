import { describe, expect, it } from 'vitest';
import type { Diagnostic, ValidationReport } from '../../../src/core/diagnostics.js';
import { summarize } from '../../../src/core/diagnostics.js';
import { formatters } from '../../../src/core/formatters/index.js';
import { options } from './report-fixture.js';

const HINT = "Owners declared: cx-team. If 'sales' is a real team or person, add it under `owners:` in journeykit.config.yaml.";

function owner(line: number, touchpoint: string, name = 'sales', hint = HINT): Diagnostic {
  return {
    code: 'lint/unknown-owner',
    severity: 'warning',
    message: `Touchpoint '${touchpoint}' has owner '${name}', which is not among the owners declared in journeykit.config.yaml.`,
    hint,
    path: `/stages/0/touchpoints/${line}/owner`,
    line,
    column: 16,
    endLine: line,
    endColumn: 21,
  };
}

function error(line: number): Diagnostic {
  return { code: 'lint/unknown-persona', severity: 'error', message: `Touchpoint 't${line}' names persona 'shoppr'.`, path: '', line, column: 9, endLine: line, endColumn: 15 };
}

function reportOf(diagnostics: Diagnostic[]): ValidationReport {
  const files = [{ file: 'maps/a.journey.yaml', diagnostics }];
  return { files, summary: summarize(files) };
}

describe('stylish: many findings of one rule', () => {
  const fifteen = Array.from({ length: 15 }, (_, i) => owner(10 + i * 4, `t${i}`));
  const diagnostics = [...fifteen, error(12), error(40)].sort((a, b) => a.line - b.line);

  it('collapse into one row per distinct value with its count and places; the errors stay visible', () => {
    const out = formatters.stylish(reportOf(diagnostics), options());
    const rows = out.split('\n').filter((line) => /^ {2}\s*\d+:\d+/.test(line));
    expect(rows).toHaveLength(3);
    expect(out).toContain("unknown owner 'sales' in 15 places: 10:16, 14:16, 18:16, 22:16, 26:16, 30:16, 34:16, 38:16 and 7 more  lint/unknown-owner");
    expect(out.match(/names persona 'shoppr'/g)).toHaveLength(2);
    // The fix is said once.
    expect(out.split(HINT)).toHaveLength(2);
    // The summary still counts every finding.
    expect(out.trimEnd().split('\n').at(-1)).toBe('✖ 17 problems (2 errors, 15 warnings, 0 infos) in 1 of 1 file');
  });

  it('keep one row per distinct value', () => {
    const other = "Owners declared: cx-team. If 'ops' is a real team or person, add it under `owners:` in journeykit.config.yaml.";
    const mixed = [owner(3, 'a'), owner(5, 'b'), owner(7, 'c'), owner(9, 'd', 'ops', other), owner(11, 'e', 'ops', other), owner(13, 'f', 'ops', other)];
    const out = formatters.stylish(reportOf(mixed), options());
    expect(out).toContain("unknown owner 'sales' in 3 places: 3:16, 5:16, 7:16");
    expect(out).toContain("unknown owner 'ops' in 3 places: 9:16, 11:16, 13:16");
  });

  it('leave two findings of a kind as they are', () => {
    const out = formatters.stylish(reportOf([owner(3, 'a'), owner(5, 'b')]), options());
    expect(out).not.toContain('in 2 places');
    expect(out).toContain("Touchpoint 'a' has owner 'sales'");
    expect(out).toContain("Touchpoint 'b' has owner 'sales'");
  });

  it.each(['json', 'sarif', 'github', 'junit'] as const)('stay one finding per location in %s', (format) => {
    const out = formatters[format](reportOf(diagnostics), options());
    // Every one of the 15 findings is its own result, named by its touchpoint.
    for (let i = 0; i < 15; i++) expect(out).toMatch(new RegExp(`Touchpoint (&apos;|&#39;|')t${i}(&apos;|&#39;|') has owner`));
    expect(out).not.toContain('in 15 places');
  });
});

describe('stylish: a run with only infos', () => {
  it('ends in a neutral line: no ✖ and no colour', () => {
    const info: Diagnostic = {
      code: 'lint/unaddressed-pain-point',
      severity: 'info',
      message: "Pain point 'fee' is not addressed.",
      path: '',
      line: 3,
      column: 1,
      endLine: 3,
      endColumn: 2,
    };
    const out = formatters.stylish(reportOf([info, { ...info, line: 5 }, { ...info, line: 7 }]), options(true));
    const last = out.trimEnd().split('\n').at(-1)!;
    expect(last).toBe('3 infos, no errors or warnings in 1 of 1 file');
    expect(out).not.toContain('✖');
  });
});

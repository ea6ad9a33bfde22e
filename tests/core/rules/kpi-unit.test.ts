import { describe, expect, it } from 'vitest';
import { rule } from '../../../src/core/rules/kpi-unit.js';
import { kpi, mapWith, runRule, touchpoint } from './helpers.js';

describe('kpi-unit', () => {
  it('warns about an NPS target or threshold written as a fraction and suggests the points', () => {
    const map = mapWith([touchpoint('checkout', { kpis: [kpi('nps', 0.45, 0.3)] })]);
    const findings = runRule(rule, map);
    expect(findings.map((f) => [f.path, f.message])).toEqual([
      [
        ['stages', 0, 'touchpoints', 0, 'kpis', 0, 'target'],
        "NPS target 0.45 of touchpoint 'checkout' looks like a fraction; NPS targets are points from -100 to 100: did you mean 45?",
      ],
      [
        ['stages', 0, 'touchpoints', 0, 'kpis', 0, 'threshold'],
        "NPS threshold 0.3 of touchpoint 'checkout' looks like a fraction; NPS thresholds are points from -100 to 100: did you mean 30?",
      ],
    ]);
    expect(rule.meta.severity).toBe('warning');
    expect(findings[0]!.hint).toContain('Write target: 45.');
  });

  it('takes negative fractions too, and keeps a fraction of a point', () => {
    const map = mapWith([touchpoint('checkout', { kpis: [kpi('nps', 0.455, -0.2)] })]);
    expect(runRule(rule, map).map((f) => /did you mean (-?[\d.]+)\?/.exec(f.message)?.[1])).toEqual(['45.5', '-20']);
  });

  it.each([
    ['points', kpi('nps', 45, 30)],
    ['zero, and the bounds -1 and 1', kpi('nps', 1, 0)],
    ['-1', kpi('nps', 20, -1)],
    ['a share metric written as a fraction', kpi('csat', 0.8, 0.7)],
    ['a custom metric', kpi('x-rating', 0.5)],
  ])('accepts %s', (_name, value) => {
    expect(runRule(rule, mapWith([touchpoint('checkout', { kpis: [value] })]))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { rule } from '../../../src/core/rules/moment-of-truth-without-kpi.js';
import type { RuleCase } from './helpers.js';
import { checkCase, kpi, mapWith, touchpoint } from './helpers.js';

describe('moment-of-truth-without-kpi', () => {
  it.each<RuleCase>([
    { name: 'valid: a moment of truth with a KPI', map: mapWith([touchpoint('checkout', { moment_of_truth: true, kpis: [kpi('csat', 0.8)] })]), expected: [] },
    { name: 'valid: not a moment of truth', map: mapWith([touchpoint('checkout', { moment_of_truth: false })]), expected: [] },
    { name: 'valid: no flag', map: mapWith([touchpoint('checkout')]), expected: [] },
    {
      name: 'invalid: no kpis key and an empty list',
      map: mapWith([touchpoint('checkout', { moment_of_truth: true }), touchpoint('delivery'), touchpoint('unboxing', { moment_of_truth: true, kpis: [] })]),
      expected: [
        {
          path: ['stages', 0, 'touchpoints', 0, 'moment_of_truth'],
          message: "Touchpoint 'checkout' is a moment of truth but has no KPI.",
          hint: ['under `kpis:`', '`moment_of_truth: false`'],
        },
        { path: ['stages', 0, 'touchpoints', 2, 'moment_of_truth'], message: "Touchpoint 'unboxing' is a moment of truth but has no KPI." },
      ],
    },
  ])('$name', (testCase) => {
    expect(checkCase(rule, testCase)).toHaveLength(testCase.expected.length);
  });
});

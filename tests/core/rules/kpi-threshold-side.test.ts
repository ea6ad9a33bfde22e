import { describe, expect, it } from 'vitest';
import type { Kpi } from '../../../src/core/model.js';
import { rule } from '../../../src/core/rules/kpi-threshold-side.js';
import type { RuleCase } from './helpers.js';
import { checkCase, kpi, mapWith, touchpoint } from './helpers.js';

const withKpis = (...kpis: Kpi[]) => mapWith([touchpoint('checkout', { kpis })]);
const at = (i: number) => ['stages', 0, 'touchpoints', 0, 'kpis', i, 'threshold'];

describe('kpi-threshold-side', () => {
  it.each<RuleCase>([
    {
      name: 'valid: thresholds on the worse side under the default directions',
      map: withKpis(
        kpi('csat', 0.8, 0.7),
        kpi('nps', 30, 10),
        kpi('abandonment-rate', 0.1, 0.15),
        kpi('response-time', 2, 4, { unit: 'hours' }),
        kpi('ces', 2, 2.5),
        kpi('x-reorder-rate', 0.3, 0.2),
      ),
      expected: [],
    },
    { name: 'valid: no threshold', map: withKpis(kpi('csat', 0.8)), expected: [] },
    {
      name: 'valid: explicit direction overrides the default',
      map: withKpis(kpi('ces', 5.5, 4.5, { direction: 'higher-is-better' })),
      expected: [],
    },
    {
      name: 'valid: the workspace default direction for the metric applies',
      map: withKpis(kpi('ces', 5.5, 4.5)),
      config: { kpis: { ces: { target: 5.5, direction: 'higher-is-better' } } },
      expected: [],
    },
    {
      name: 'invalid: threshold above the target, higher is better',
      map: withKpis(kpi('nps', 30, 10), kpi('csat', 0.8, 0.9)),
      expected: [
        {
          path: at(1),
          message: "KPI 'csat' threshold 0.9 is above its target 0.8, but higher is better, so the action threshold must be below the target.",
          hint: "Set a threshold below 0.8, the value at which the team must act (higher is better: that is the default for 'csat'); if the metric's scale runs the other way, set `direction: lower-is-better` on the KPI.",
        },
      ],
    },
    {
      name: 'invalid: threshold equal to the target leaves no watch band',
      map: withKpis(kpi('csat', 0.8, 0.8)),
      expected: [
        {
          path: at(0),
          message: "KPI 'csat' threshold 0.8 equals its target 0.8, but higher is better, so the action threshold must be below the target.",
          hint: ['Set the threshold below 0.8', 'watch band'],
        },
      ],
    },
    {
      name: 'invalid: threshold below the target, lower is better',
      map: withKpis(kpi('abandonment-rate', 0.1, 0.05)),
      expected: [
        {
          path: at(0),
          message: "KPI 'abandonment-rate' threshold 0.05 is below its target 0.1, but lower is better, so the action threshold must be above the target.",
          hint: ['`direction: higher-is-better`'],
        },
      ],
    },
    {
      name: 'invalid: a 1-7 CES scale without direction',
      map: withKpis(kpi('ces', 5.5, 4.5)),
      expected: [{ path: at(0), message: ["'ces'", 'lower is better'], hint: ["the default for 'ces'", '`direction: higher-is-better`'] }],
    },
    {
      name: 'invalid: explicit direction, named as the source',
      map: withKpis(kpi('nps', 30, 10, { direction: 'lower-is-better' })),
      expected: [{ path: at(0), message: ["'nps'", 'is below its target 30'], hint: ['this KPI says so in `direction`'] }],
    },
    {
      name: 'invalid: workspace default direction, named as the source',
      map: withKpis(kpi('ces', 2, 2.5)),
      config: { file: 'journeykit.config.yaml', kpis: { ces: { target: 5.5, direction: 'higher-is-better' } } },
      expected: [{ path: at(0), message: ["'ces'", 'higher is better'], hint: ['`kpis.ces.direction` in journeykit.config.yaml'] }],
    },
  ])('$name', (testCase) => {
    expect(checkCase(rule, testCase)).toHaveLength(testCase.expected.length);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../../src/core/survey/aggregate.js';
import { detectLayout } from '../../../src/core/survey/layout.js';
import { buildPlan } from '../../../src/core/survey/plan/index.js';
import { buildReport } from '../../../src/core/survey/report.js';
import type { MetricSet } from '../../../src/core/survey/types.js';

const HEADER = ['id', 'date', 'channel', 'How likely are you to recommend us?', 'How satisfied were you?', 'Was your issue resolved on first contact?'];

const answer = (values: fc.Arbitrary<string>) => fc.oneof({ weight: 6, arbitrary: values }, { weight: 1, arbitrary: fc.constantFrom('', 'N/A', '-99', "Don't know") });
const row = fc.tuple(
  fc.constantFrom('web', 'store', 'phone', 'chat'),
  fc.integer({ min: 1, max: 12 }),
  answer(fc.integer({ min: 0, max: 10 }).map(String)),
  answer(fc.constantFrom('1', '2', '3', '4', '5', 'Very satisfied', 'Dissatisfied')),
  answer(fc.constantFrom('Yes', 'No', '1', '0')),
);

function run(rows: string[][]) {
  const records = rows.map((r, i) => [`r${i}`, `2026-${String(r[1]).padStart(2, '0')}-15 10:00`, r[0]!, r[2]!, r[3]!, r[4]!]);
  // Keep the sample decisive whatever the generated rows: the scale and columns come from the headers.
  const layout = detectLayout([HEADER]);
  const planned = buildPlan(layout, records, { columns: {}, scales: { csat: { min: 1, max: 5 } }, by: ['channel'], period: 'month', completeOnly: false }, false);
  const aggregator = new Aggregator(planned.plan, 'x.csv');
  records.forEach((r, i) => aggregator.add(r, i + 2));
  return buildReport(aggregator.state, planned, { files: ['x.csv'], encoding: 'utf-8', delimiter: ',' });
}

function checkSet(set: MetricSet): void {
  for (const name of ['nps', 'csat', 'ces', 'fcr', 'completion'] as const) {
    const metric = set[name];
    if (!metric) continue;
    const [low, high] = name === 'nps' ? [-100, 100] : [0, 100];
    expect(metric.score).toBeGreaterThanOrEqual(low);
    expect(metric.score).toBeLessThanOrEqual(high);
    expect(metric.ci95[0]).toBeLessThanOrEqual(metric.score);
    expect(metric.ci95[1]).toBeGreaterThanOrEqual(metric.score);
    expect(metric.n).toBeGreaterThan(0);
  }
}

describe('metrics pipeline properties', () => {
  const rowsArb = fc.array(row, { minLength: 1, maxLength: 120 }).map((rows) => rows.map((r) => r.map(String)));
  const params = { seed: 20261124, numRuns: 60 };

  it('row order does not change any figure', () => {
    fc.assert(
      fc.property(rowsArb, fc.func(fc.integer()), (rows, key) => {
        const shuffled = rows
          .map((r, i) => ({ r, k: key(i) }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.r);
        // Ids follow the position, so shuffle rows, not ids: figures must not depend on order.
        expect(JSON.stringify({ ...run(shuffled), source: null, warnings: null })).toBe(JSON.stringify({ ...run(rows), source: null, warnings: null }));
      }),
      params,
    );
  });

  it('segments and periods add up to the total; scores within range; no NaN or Infinity', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const report = run(rows);
        const json = JSON.stringify(report);
        expect(json).not.toMatch(/NaN|Infinity|null/);
        for (const metric of ['nps', 'csat', 'fcr'] as const) {
          const total = report.overall[metric]?.n ?? 0;
          const bySegment = Object.values(report.segments.channel ?? {}).reduce((n, s) => n + (s[metric]?.n ?? 0), 0);
          const byPeriod = Object.values(report.periods).reduce((n, s) => n + (s[metric]?.n ?? 0), 0);
          expect(bySegment).toBe(total);
          expect(byPeriod).toBe(total);
        }
        checkSet(report.overall);
        for (const set of Object.values(report.segments.channel ?? {})) checkSet(set);
        for (const set of Object.values(report.periods)) checkSet(set);
      }),
      params,
    );
  });

  it('an empty export gives defined, empty results', () => {
    const layout = detectLayout([HEADER]);
    const planned = buildPlan(layout, [], { columns: {}, scales: {}, by: [], completeOnly: false }, false);
    const aggregator = new Aggregator(planned.plan, 'x.csv');
    const report = buildReport(aggregator.state, planned, { files: ['x.csv'], encoding: 'utf-8', delimiter: ',' });
    expect(report.overall).toEqual({});
    expect(report.source).toMatchObject({ rows: 0, included: 0 });
  });
});

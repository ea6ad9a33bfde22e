import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kpiStatus, statusOf } from '../../../src/core/survey/kpis.js';
import { completionRate, csatFromTally, fcrFromTally, npsFromTally } from '../../../src/core/survey/stats.js';
import type { MetricSet, MetricsReport, Tally } from '../../../src/core/survey/types.js';
import { pText } from '../../../src/core/survey/formatters/shared.js';

fc.configureGlobal({ seed: 20261206, numRuns: 300 });

const tally = (entries: Record<number, number>): Tally => new Map(Object.entries(entries).map(([v, c]) => [Number(v), c]));

function reportOf(overall: MetricSet): Omit<MetricsReport, 'kpis'> {
  return {
    source: {
      files: ['e.csv'],
      platform: 'generic',
      platformDetected: true,
      encoding: 'utf-8',
      delimiter: ',',
      rows: 0,
      included: 0,
      excluded: {},
      columns: {},
      inferred: [],
      scales: {},
    },
    overall,
    segments: {},
    periods: {},
    warnings: [],
  };
}

const statusFor = (overall: MetricSet, metric: string, options: { minN?: number } = {}, config = {}) =>
  kpiStatus(reportOf(overall), undefined, config, options).find((k) => k.metric === metric);

describe('KPI status', () => {
  it('at the target is met, on the threshold is watch, past it breach, for both directions', () => {
    expect(statusOf(50, 50, 30, 'higher-is-better')).toBe('met');
    expect(statusOf(30, 50, 30, 'higher-is-better')).toBe('watch');
    expect(statusOf(29.99, 50, 30, 'higher-is-better')).toBe('breach');
    expect(statusOf(2, 2, 3, 'lower-is-better')).toBe('met');
    expect(statusOf(3, 2, 3, 'lower-is-better')).toBe('watch');
    expect(statusOf(3.0001, 2, 3, 'lower-is-better')).toBe('breach');
  });

  it('is judged on the unrounded value, not the printed one', () => {
    // 1999 of 2500 satisfied: 79.96%, printed 80.0.
    const csat = csatFromTally(tally({ 5: 1999, 2: 501 }), { min: 1, max: 5 })!;
    expect(csat.score).toBe(80);
    expect(statusFor({ csat }, 'csat')).toMatchObject({ value: 80, status: 'watch' });
    // 2000 of 2500: exactly 80%, met.
    const exact = csatFromTally(tally({ 5: 2000, 2: 500 }), { min: 1, max: 5 })!;
    expect(statusFor({ csat: exact }, 'csat')).toMatchObject({ value: 80, status: 'met' });
    // NPS (10000 - 2501) / 25000 = 29.996, printed 30.0: below the threshold 30, breach (30.0 itself is watch).
    const nps = npsFromTally(tally({ 10: 10000, 8: 12499, 0: 2501 }))!;
    expect(nps.score).toBe(30);
    expect(statusFor({ nps }, 'nps')).toMatchObject({ value: 30, status: 'breach' });
    // 49.996 printed 50.0: not at the target 50, watch.
    const under = npsFromTally(tally({ 10: 15000, 8: 7499, 0: 2501 }))!;
    expect(under.score).toBe(50);
    expect(statusFor({ nps: under }, 'nps')).toMatchObject({ value: 50, status: 'watch' });
    // FCR 69.96% against the default 70: watch.
    const fcr = fcrFromTally(tally({ 1: 1749, 0: 751 }))!;
    expect(fcr.score).toBe(70);
    expect(statusFor({ fcr }, 'fcr')).toMatchObject({ value: 70, status: 'watch' });
  });

  it('a figure read back from a JSON file (no unrounded value) is judged from its counts where it has them', () => {
    // NPS 29.996 printed 30.0, written to a file and read back: recomputed from its counts, breach.
    const fromFile = JSON.parse(JSON.stringify(npsFromTally(tally({ 10: 10000, 8: 12499, 0: 2501 }))!)) as NonNullable<MetricSet['nps']>;
    expect(fromFile.score).toBe(30);
    expect(statusFor({ nps: fromFile }, 'nps')).toMatchObject({ value: 30, status: 'breach' });
    // Completion 84.996% printed 85.0 against 85: watch, live and from a file.
    const completion = completionRate(16999, 20000)!;
    expect(completion.score).toBe(85);
    const config = { kpis: { 'completion-rate': { target: 0.85, threshold: 0.8 } } };
    expect(statusFor({ completion }, 'completion-rate', {}, config)!.status).toBe('watch');
    const copied = JSON.parse(JSON.stringify(completion)) as NonNullable<MetricSet['completion']>;
    expect(statusFor({ completion: copied }, 'completion-rate', {}, config)!.status).toBe('watch');
  });

  it('a low-sample figure is insufficient (value and n shown) unless the minimum n is lowered', () => {
    const nps = npsFromTally(tally({ 0: 12 }))!;
    expect(statusFor({ nps }, 'nps')).toMatchObject({ value: -100, n: 12, status: 'insufficient' });
    expect(statusFor({ nps }, 'nps', { minN: 12 })).toMatchObject({ status: 'breach' });
    expect(statusFor({ nps }, 'nps', { minN: 13 })).toMatchObject({ status: 'insufficient' });
    const big = npsFromTally(tally({ 0: 30 }))!;
    expect(statusFor({ nps: big }, 'nps')).toMatchObject({ status: 'breach' });
  });

  it('property: status is monotone in the unrounded value and insufficient exactly below the minimum n', () => {
    fc.assert(
      fc.property(fc.nat(400), fc.nat(400), fc.nat(400), fc.integer({ min: 1, max: 100 }), (p, pa, d, minN) => {
        fc.pre(p + pa + d > 0);
        const nps = npsFromTally(tally({ 10: p, 8: pa, 0: d }))!;
        const k = statusFor({ nps }, 'nps', { minN })!;
        const exact = (100 * (p - d)) / (p + pa + d);
        if (nps.n < minN) expect(k.status).toBe('insufficient');
        else expect(k.status).toBe(exact >= 50 ? 'met' : exact >= 30 ? 'watch' : 'breach');
      }),
    );
  });
});

describe('p-values as printed', () => {
  it('three significant digits; below 0.001 as "p < 0.001"; never "0.050" for a p below 0.05', () => {
    expect(pText(0.0123)).toBe('p 0.0123');
    expect(pText(0.41234)).toBe('p 0.412');
    expect(pText(0.0004)).toBe('p < 0.001');
    expect(pText(0.0499956)).toBe('p < 0.05');
    expect(pText(0.04994)).toBe('p 0.0499');
    expect(pText(0.05)).toBe('p 0.05');
    expect(pText(1)).toBe('p 1');
  });

  it('property: a p below 0.05 never prints as a number of 0.05 or more, nor one at or above it as less', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1, noNaN: true }), (p) => {
        const text = pText(p);
        if (text === 'p < 0.05') {
          expect(p).toBeLessThan(0.05);
          return;
        }
        const shown = Number(text.slice(2));
        expect(Number.isFinite(shown)).toBe(true);
        expect(shown < 0.05).toBe(p < 0.05);
      }),
    );
  });
});

import type { CesResult, CsatResult, FcrResult, MetricSet, MetricsReport, NpsResult } from '../../../src/core/survey/types.js';

export const nps = (score: number, n: number): NpsResult => ({
  score,
  n,
  promoters: 0,
  passives: 0,
  detractors: 0,
  ci95: [-100, 100],
  lowSample: n < 30,
});

export const csat = (score: number, n: number): CsatResult => ({ score, n, mean: 4, scale: [1, 5], ci95: [0, 100], lowSample: n < 30 });

export const fcr = (score: number, n: number): FcrResult => ({ score, n, ci95: [0, 100], lowSample: n < 30 });

export const ces = (mean: number, n: number, higherIsBetter: boolean, scale: [number, number]): CesResult => ({
  score: 50,
  n,
  ci95: [0, 100],
  scale,
  higherIsBetter,
  mean,
  meanCi95: [scale[0], scale[1]],
  lowSample: n < 30,
});

/** A `journey metrics` report holding only the segments the score joins on. */
export function metricsReport(segments: Record<string, Record<string, MetricSet>>): MetricsReport {
  return {
    source: {
      files: ['survey.csv'],
      platform: 'generic',
      platformDetected: false,
      encoding: 'utf-8',
      delimiter: ',',
      rows: 0,
      included: 0,
      excluded: {},
      columns: {},
      inferred: [],
      scales: {},
    },
    overall: {},
    segments,
    periods: {},
    kpis: [],
    warnings: [],
  };
}

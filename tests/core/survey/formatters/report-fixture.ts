import type { CesResult, CsatResult, FcrResult, Interval, KpiResult, MetricSet, MetricsReport, NpsResult, PeriodChange } from '../../../../src/core/survey/types.js';
import type { Diagnostic } from '../../../../src/core/diagnostics.js';
import type { MetricsJsonWarning } from '../../../../src/core/survey/warnings.js';
import { warningFromJson } from '../../../../src/core/survey/warnings.js';

/**
 * One fixed metrics report that every format's golden file is rendered from: two files (one
 * with a hostile name), every metric overall, two segment dimensions whose values try to break
 * out of each format (formulas, markup, delimiters, line breaks, CJK, emoji, `__proto__`), three
 * periods with one significant change, one KPI per status, low-sample figures and more warnings
 * than any format lists. The numbers are plausible, not computed: formatters never compute.
 */

const LOW = 30;

function nps(score: number, n: number, ci95: Interval): NpsResult {
  // Split n so that 100 (P - D) / n is close to the score; only the formatters read these.
  const detractors = Math.round(n * 0.25);
  const promoters = Math.min(n - detractors, Math.round(detractors + (score * n) / 100));
  return { score, n, promoters, passives: n - promoters - detractors, detractors, ci95, lowSample: n < LOW };
}

function csat(score: number, n: number, mean: number, ci95: Interval): CsatResult {
  return { score, n, mean, scale: [1, 5], ci95, lowSample: n < LOW };
}

function ces(score: number, n: number, mean: number, ci95: Interval, meanCi95: Interval): CesResult {
  return { score, n, ci95, scale: [1, 7], higherIsBetter: true, mean, meanCi95, lowSample: n < LOW };
}

function fcr(score: number, n: number, ci95: Interval): FcrResult {
  return { score, n, ci95, lowSample: n < LOW };
}

/** `tested` false: a period is a low sample, so the change is not flagged whatever its p. */
function change(from: string, delta: number, p: number, tested = true): PeriodChange {
  const significant = tested && p < 0.05;
  return { from, delta, p, significant, direction: significant ? (delta > 0 ? 'up' : 'down') : 'flat', tested };
}

/** Segment values a CSV export could carry, each aimed at one output format. */
export const HOSTILE_SEGMENTS = {
  formula: '=HYPERLINK("http://x")',
  plus: '+1',
  minus: '-2',
  at: '@cmd',
  pipe: 'a|b',
  script: '<script>alert(1)</script>',
  multiline: 'Berlin, "Mitte"\nFloor 2',
  cjk: '顧客サポート',
  emoji: 'store 🛒',
  proto: '__proto__',
} as const;

const H = HOSTILE_SEGMENTS;

const channel: Record<string, MetricSet> = Object.fromEntries<MetricSet>([
  [
    'web',
    { nps: nps(28.4, 612, [23.5, 33.1]), csat: csat(83.0, 605, 4.18, [79.8, 85.8]), ces: ces(76.1, 560, 5.71, [72.4, 79.4], [5.6, 5.82]), fcr: fcr(73.2, 410, [68.7, 77.3]) },
  ],
  ['phone', { nps: nps(17.9, 402, [11.9, 23.8]), csat: csat(79.1, 398, 4.02, [74.8, 82.8]), fcr: fcr(68.4, 380, [63.6, 72.9]) }],
  [H.emoji, { nps: nps(-12.5, 24, [-40.1, 17.3]), csat: csat(70.8, 24, 3.79, [50.8, 85.1]) }],
  [H.formula, { nps: nps(40.0, 5, [-20.4, 80.3]) }],
  [H.plus, { nps: nps(0.0, 12, [-33.6, 33.6]) }],
  [H.minus, { nps: nps(-50.0, 6, [-85.2, 6.9]) }],
  [H.at, { nps: nps(10.0, 10, [-29.1, 47.5]) }],
  [H.pipe, { nps: nps(33.3, 15, [-2.4, 61.8]) }],
  [H.script, { nps: nps(25.0, 8, [-21.8, 64.8]) }],
  [H.multiline, { nps: nps(-4.0, 25, [-33.7, 27.0]) }],
  [H.cjk, { nps: nps(21.4, 14, [-15.1, 52.9]), csat: csat(85.7, 14, 4.29, [60.1, 96.0]) }],
  // Object.fromEntries makes this an own key, as a CSV reader must; a literal would set the prototype.
  [H.proto, { fcr: fcr(50.0, 2, [9.5, 90.5]) }],
]);

const channelRegion: Record<string, MetricSet> = {
  'web / north': { nps: nps(31.0, 300, [24.1, 37.6]), csat: csat(84.2, 297, 4.21, [79.6, 87.9]) },
  'web / south': { nps: nps(25.9, 312, [19.0, 32.5]), csat: csat(81.9, 308, 4.15, [77.2, 85.8]) },
  [`${H.emoji} / 北`]: { nps: nps(-12.5, 24, [-40.1, 17.3]), csat: csat(70.8, 24, 3.79, [50.8, 85.1]) },
};

const warnings: Diagnostic[] = [
  ...(
    [
      {
        code: 'csv/recoded-nps',
        message: 'Column Q1 holds values 1..11 and no 0: read as a 0..10 scale recoded +1; pass --column nps=Q1 to confirm.',
        column: 'Q1',
      },
      { code: 'csv/bad-value', message: "Value 'eleven' in Q2 is not a number or a known label; the answer is skipped.", line: 57, column: 'Q2' },
      {
        code: 'csv/bad-value',
        message: "Value '<img src=x onerror=alert(1)>| @here \u001b[2J' in Q4 is not a known label;\nthe answer is skipped.",
        line: 58,
        column: 'Q4',
        file: 'exports/store #2, "final".csv',
      },
      { code: 'csv/unknown-status', message: "Status 'Imported Spam' is excluded as spam.", line: 91, column: 'Status' },
      ...Array.from({ length: 19 }, (_, i): MetricsJsonWarning => ({
        code: 'csv/bad-date',
        message: `RecordedDate '31/02/2026 ${String(i).padStart(2, '0')}:00' is not a date; the response has no period.`,
        line: 100 + i * 7,
        column: 'RecordedDate',
      })),
    ] satisfies MetricsJsonWarning[]
  ).map(warningFromJson),
];

const kpis: KpiResult[] = [
  { metric: 'nps', source: 'map', touchpoint: 'checkout', target: 50, threshold: 30, direction: 'higher-is-better', value: 23.5, n: 1100, status: 'breach' },
  { metric: 'csat', source: 'config', target: 80, threshold: 70, direction: 'higher-is-better', value: 81.2, n: 1090, status: 'met' },
  { metric: 'fcr', source: 'default', touchpoint: 'phone-support', target: 75, threshold: 65, direction: 'higher-is-better', value: 68.4, n: 380, status: 'watch' },
  { metric: 'ces', source: 'map', touchpoint: '返品 🔁', target: 2, threshold: 3, direction: 'lower-is-better', value: null, n: 0, status: 'no-data' },
  { metric: 'fcr', source: 'map', touchpoint: 'chat', target: 75, threshold: 65, direction: 'higher-is-better', value: 25, n: 4, status: 'insufficient' },
];

export const report: MetricsReport = {
  source: {
    files: ['exports/cx-2026-q1.csv', 'exports/store #2, "final".csv'],
    platform: 'qualtrics',
    platformDetected: true,
    encoding: 'utf-8',
    delimiter: ';',
    rows: 1200,
    included: 1130,
    excluded: { preview: 12, spam: 3, incomplete: 55 },
    columns: { nps: 'Q1', csat: 'Q2', ces: 'Q4', fcr: 'Q5', channel: 'channel', region: 'Region ✈', period: 'RecordedDate' },
    inferred: [
      'CES: "The company made it easy for me to handle my issue" reads as CES 2.0 (1-7 agreement, higher is better).',
      'Dates read day first (31/01/2026), from values above 12 in the first field.',
    ],
    scales: { nps: { min: 0, max: 10 }, csat: { min: 1, max: 5 }, ces: { min: 1, max: 7, higherIsBetter: true } },
    timeZone: 'America/Denver',
  },
  overall: {
    nps: { score: 23.5, n: 1100, promoters: 480, passives: 399, detractors: 221, ci95: [19.9, 27.1], lowSample: false },
    csat: csat(81.2, 1090, 4.1, [78.8, 83.4]),
    ces: ces(74.0, 1000, 5.6, [71.2, 76.6], [5.5, 5.7]),
    fcr: fcr(71.0, 900, [68.0, 73.9]),
    completion: { score: 95.4, n: 1185, finished: 1130, ci95: [94.0, 96.5], lowSample: false },
  },
  segments: { channel, 'channel × region': channelRegion },
  periods: {
    '2026-01': { nps: nps(15.0, 380, [8.0, 21.9]), csat: csat(80.5, 376, 4.06, [76.2, 84.2]), fcr: fcr(70.1, 301, [64.7, 75.0]) },
    '2026-02': {
      nps: nps(18.2, 360, [11.0, 25.2]),
      csat: csat(82.4, 355, 4.12, [78.1, 86.0]),
      fcr: fcr(71.9, 299, [66.6, 76.7]),
      change: { nps: change('2026-01', 3.2, 0.53), csat: change('2026-01', 1.9, 0.5), fcr: change('2026-01', 1.8, 0.63) },
    },
    '2026-03': {
      nps: nps(36.0, 360, [29.0, 42.6]),
      csat: csat(80.7, 359, 4.11, [76.3, 84.4]),
      fcr: fcr(25.0, 4, [4.6, 69.9]),
      change: { nps: change('2026-02', 17.8, 0.0004), csat: change('2026-02', -1.7, 0.55), fcr: change('2026-02', -46.9, 0.03, false) },
    },
  },
  kpis,
  warnings,
};

/** A report with nothing measured: no metric columns, no segments, periods, KPIs or warnings. */
export const emptyReport: MetricsReport = {
  source: {
    files: ['empty.csv'],
    platform: 'generic',
    platformDetected: false,
    encoding: 'windows-1252',
    delimiter: '\t',
    rows: 0,
    included: 0,
    excluded: {},
    columns: {},
    inferred: [],
    scales: {},
  },
  overall: {},
  segments: {},
  periods: {},
  kpis: [],
  warnings: [],
};

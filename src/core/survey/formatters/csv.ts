import { csvRow } from '../../escape/csv.js';
import type { KpiResult, MetricSet } from '../types.js';
import { meanOf, metricsOf } from './shared.js';
import type { MetricsFormatter } from './types.js';

/**
 * Columns of the tidy CSV. The first eleven hold the metrics of every scope; the last three only
 * KPI rows fill (`score` holds a KPI's value). Add columns at the end only: spreadsheets and BI
 * imports address them by position as often as by name.
 */
export const CSV_HEADER = ['scope', 'dimension', 'segment', 'period', 'metric', 'score', 'ci_low', 'ci_high', 'n', 'mean', 'low_sample', 'status', 'target', 'threshold'] as const;

type Cell = string | number | null | undefined;

/**
 * One tidy table in long format for spreadsheets and BI tools: one row per metric and scope
 * (`overall`, then `segment` rows per dimension and value, then `period` rows in time order),
 * then one `kpi` row per KPI, whose touchpoint (if any) is in `segment` with `touchpoint` as the
 * dimension. Metric ids are the JSON ones (`nps`, `csat`, `ces`, `fcr`, `completion`); numbers
 * are the report's, unformatted, `.` as the decimal mark; `low_sample` is `true`/`false`.
 * Every cell goes through csvCell (RFC 4180 quoting, formula neutralisation); records end in
 * `\n`, which every spreadsheet and CSV reader accepts (RFC 4180 says CRLF).
 */
export const csv: MetricsFormatter = (report) => {
  const rows: Cell[][] = [[...CSV_HEADER]];
  rows.push(...metricRows(report.overall, 'overall', '', '', ''));
  for (const [dimension, segments] of Object.entries(report.segments)) {
    for (const [segment, set] of Object.entries(segments)) rows.push(...metricRows(set, 'segment', dimension, segment, ''));
  }
  for (const [period, set] of Object.entries(report.periods)) rows.push(...metricRows(set, 'period', '', '', period));
  rows.push(...report.kpis.map(kpiRow));
  return rows.map(csvRow).join('\n') + '\n';
};

function metricRows(set: MetricSet, scope: string, dimension: string, segment: string, period: string): Cell[][] {
  return metricsOf(set).map(([metric, r]) => [scope, dimension, segment, period, metric, r.score, r.ci95[0], r.ci95[1], r.n, meanOf(r), String(r.lowSample), '', '', '']);
}

function kpiRow(k: KpiResult): Cell[] {
  const touchpoint = k.touchpoint ?? '';
  return ['kpi', touchpoint === '' ? '' : 'touchpoint', touchpoint, '', k.metric, k.value, '', '', k.n, '', '', k.status, k.target, k.threshold];
}

import type { Painter } from '../../output/painter.js';
import { painter, sectionsText } from '../../output/painter.js';
import { escapeTerminal as t } from '../../escape/terminal.js';
import type { Cell, Column } from '../../output/table.js';
import { cell, label, left, renderTable, right } from '../../output/table.js';
import { displayWidth } from '../../output/text-width.js';
import type { KpiStatus, MetricSet, MetricsReport } from '../types.js';
import {
  METRIC_LABELS,
  PLATFORM_LABELS,
  deltaText,
  excludedCount,
  excludedReasons,
  hiddenPeriodsText,
  hiddenSegmentsText,
  intervalText,
  kpiNumber,
  meanText,
  metricLabel,
  metricsIn,
  metricsOf,
  pText,
  scoreMeaning,
  shownPeriods,
  shownSegments,
  significantChange,
  INSUFFICIENT_NOTE,
  changeCounts,
  chanceFlagsText,
  untestedText,
  STATUS_LABELS,
  warningPlace,
} from './shared.js';
import { delimiterName } from '../sniff.js';
import { scoreText } from '../../output/numbers.js';
import { pluralWord } from '../../output/plural.js';
import type { MetricResult, ReportMetric } from './shared.js';
import type { MetricsFormatter } from './types.js';

/** Warnings listed before `... and N more`. */
const MAX_WARNINGS = 20;
const INDENT = '  ';
const GAP = '  ';

/**
 * The human format of `journey metrics`: what was read and detected (files, platform, encoding,
 * delimiter, rows kept and dropped, the column behind each metric and dimension, what was
 * inferred, the time zone), then aligned tables: overall, one per segment dimension, periods
 * (▲/▼ only where the change is significant at 95%), KPI status, and the first warnings.
 *
 * Scores have one decimal, means two. `*` marks a figure whose n is below the low-sample limit.
 * Text from the CSV goes through escapeTerminal; columns are aligned on display width, so CJK and
 * emoji segment values line up.
 */
export const table: MetricsFormatter = (report, options) => {
  const c = painter(options.color);
  const sections = [
    sourceSection(report, c),
    overallSection(report, c),
    ...Object.entries(report.segments).map(([dimension, segments]) => segmentSection(dimension, segments, c)),
    periodSection(report, c),
    kpiSection(report, c),
    warningSection(report, c),
  ].filter((lines) => lines.length > 0);
  return sectionsText(sections);
};

// ---------------------------------------------------------------------------------------------
// Source

function sourceSection(report: MetricsReport, c: Painter): string[] {
  const s = report.source;
  const fields: [string, string[]][] = [];
  fields.push([pluralWord(s.files.length, 'File'), s.files.map(t)]);
  fields.push(['Platform', [`${PLATFORM_LABELS[s.platform] ?? t(s.platform)} (${s.platformDetected ? 'detected' : 'from --platform'})`]]);
  fields.push(['Encoding', [t(s.encoding)]]);
  fields.push(['Delimiter', [t(delimiterName(s.delimiter))]]);
  const reasons = excludedReasons(s.excluded).map(([reason, count]) => `${t(reason)} ${count}`);
  const excluded = `${excludedCount(report)} excluded${reasons.length > 0 ? ` (${reasons.join(', ')})` : ''}`;
  fields.push(['Rows', [`${s.rows} read, ${s.included} included, ${excluded}`]]);
  const columns = columnLines(report);
  if (columns.length > 0) fields.push(['Columns', columns]);
  if (s.timeZone !== undefined) fields.push(['Time zone', [t(s.timeZone)]]);
  if (s.inferred.length > 0) fields.push(['Inferred', s.inferred.map(t)]);

  const width = Math.max(...fields.map(([label]) => label.length)) + GAP.length;
  return fields.flatMap(([label, lines]) => lines.map((line, i) => (i === 0 ? c.dim(label) + ' '.repeat(width - label.length) : ' '.repeat(width)) + line));
}

/** `NPS  Q1 (0-10)`, `channel  Channel`: the column behind each metric and dimension. */
function columnLines(report: MetricsReport): string[] {
  const { columns, scales } = report.source;
  const rows = Object.entries(columns).map(([key, column]) => {
    const metric = Object.hasOwn(METRIC_LABELS, key) ? (key as ReportMetric) : undefined;
    const scale = metric !== undefined && metric !== 'completion' ? scales[metric] : undefined;
    const direction = scale?.higherIsBetter === undefined ? '' : `, ${scale.higherIsBetter ? 'higher' : 'lower'} is better`;
    const note = scale === undefined ? '' : ` (${scale.min}-${scale.max}${direction})`;
    return { key: metric !== undefined ? METRIC_LABELS[metric] : t(key), value: t(column) + note };
  });
  const width = Math.max(0, ...rows.map((row) => displayWidth(row.key)));
  return rows.map((row) => row.key + ' '.repeat(width - displayWidth(row.key)) + GAP + row.value);
}

// ---------------------------------------------------------------------------------------------
// Metrics

function overallSection(report: MetricsReport, c: Painter): string[] {
  const metrics = metricsOf(report.overall);
  if (metrics.length === 0) return [c.bold('Overall'), `${INDENT}No metric column was found; name one with --column METRIC=COLUMN.`];
  const rows = metrics.map(([metric, r]): Cell[] => [
    cell(METRIC_LABELS[metric]),
    cell(scoreText(r.score)),
    cell(intervalText(r.ci95)),
    cell(String(r.n)),
    r.lowSample ? cell('low n', c.yellow) : cell(''),
    cell(meanCell(r)),
    cell(scoreMeaning(metric, r)),
  ]);
  const columns: Column[] = [left('Metric'), right('Score'), left('95% CI'), right('n'), left(''), left('Mean'), left('Notes')];
  return [c.bold('Overall'), ...renderTable(columns, rows, c)];
}

function meanCell(r: MetricResult): string {
  if ('meanCi95' in r) return `${meanText(r.mean)} ${intervalText(r.meanCi95, 2)}`;
  if ('mean' in r) return meanText(r.mean);
  return '';
}

function segmentSection(dimension: string, segments: Readonly<Record<string, MetricSet>>, c: Painter): string[] {
  const { shown: entries, hidden } = shownSegments(segments);
  if (entries.length === 0) return [];
  const metrics = metricsIn(entries.map(([, set]) => set));
  const columns: Column[] = [left(label(dimension)), ...metrics.flatMap(metricColumns)];
  const rows = entries.map(([segment, set]): Cell[] => [cell(label(segment)), ...metrics.flatMap((metric) => metricCells(set[metric], c))]);
  return [
    c.bold(`By ${label(dimension)}`),
    ...renderTable(columns, rows, c),
    ...(hidden > 0 ? [INDENT + hiddenSegmentsText(hidden)] : []),
    ...lowSampleNote(
      entries.map(([, set]) => set),
      c,
    ),
  ];
}

function periodSection(report: MetricsReport, c: Painter): string[] {
  const { shown: entries, hidden } = shownPeriods(report.periods);
  if (entries.length === 0) return [];
  const metrics = metricsIn(entries.map(([, set]) => set));
  const arrows = new Set(metrics.filter((metric) => entries.some(([, period]) => significantChange(period, metric))));
  const columns: Column[] = [
    left('Period'),
    ...metrics.flatMap((metric) => {
      const [score, n] = metricColumns(metric);
      return arrows.has(metric) ? [score, { header: '', align: 'left', gap: ' ' } satisfies Column, n] : [score, n];
    }),
  ];
  const rows = entries.map(([key, period]): Cell[] => [
    cell(label(key)),
    ...metrics.flatMap((metric) => {
      const [score, n] = metricCells(period[metric], c);
      if (!arrows.has(metric)) return [score, n];
      const change = significantChange(period, metric);
      if (change === undefined) return [score, cell(''), n];
      const up = change.delta >= 0;
      return [score, cell(up ? '▲' : '▼', up ? c.green : c.red), n];
    }),
  ]);

  const changes = entries.flatMap(([key, period]) =>
    metrics.flatMap((metric) => {
      const change = significantChange(period, metric);
      return change === undefined ? [] : [`${INDENT}${METRIC_LABELS[metric]} ${label(key)}: ${deltaText(change.delta)} against ${label(change.from)} (${pText(change.p)})`];
    }),
  );
  const counted = changeCounts(entries, metrics);
  const legend = [
    ...(changes.length === 0
      ? []
      : [
          c.dim(`${INDENT}▲ ▼ significant change from the previous period (95%):`),
          ...changes.map((line) => c.dim(INDENT + line)),
          c.dim(`${INDENT}${chanceFlagsText(counted.tested)}`),
        ]),
    ...(counted.untested.length === 0 ? [] : [c.dim(`${INDENT}${untestedText(counted.untested, label, counted.tested)}`)]),
  ];
  return [
    c.bold('By period'),
    ...renderTable(columns, rows, c),
    ...(hidden > 0 ? [INDENT + hiddenPeriodsText(hidden)] : []),
    ...lowSampleNote(
      entries.map(([, set]) => set),
      c,
    ),
    ...legend,
  ];
}

function metricColumns(metric: ReportMetric): [Column, Column] {
  return [right(METRIC_LABELS[metric]), right('n')];
}

/** Score and n; the n of a low-sample figure carries `*` (the others a space, so digits align). */
function metricCells(r: MetricResult | undefined, c: Painter): [Cell, Cell] {
  if (r === undefined) return [cell('-', c.dim), cell('')];
  return [cell(scoreText(r.score)), r.lowSample ? cell(`${r.n}*`, c.yellow) : cell(`${r.n} `)];
}

function lowSampleNote(sets: readonly MetricSet[], c: Painter): string[] {
  const low = sets.some((set) => metricsOf(set).some(([, r]) => r.lowSample));
  return low ? [c.dim(`${INDENT}* low sample (n < 30): read with care`)] : [];
}

// ---------------------------------------------------------------------------------------------
// KPIs and warnings

const STATUS_COLORS: Readonly<Record<KpiStatus, (c: Painter) => (text: string) => string>> = {
  met: (c) => c.green,
  watch: (c) => c.yellow,
  breach: (c) => c.red,
  insufficient: (c) => c.dim,
  'no-data': (c) => c.dim,
};

function kpiSection(report: MetricsReport, c: Painter): string[] {
  if (report.kpis.length === 0) return [];
  const columns: Column[] = [left('Metric'), left('Touchpoint'), left('Better'), right('Target'), right('Threshold'), right('Value'), right('n'), left('Status'), left('Set in')];
  const rows = report.kpis.map((k): Cell[] => [
    cell(label(metricLabel(k.metric))),
    k.touchpoint === undefined ? cell('(all)', c.dim) : cell(label(k.touchpoint)),
    cell(k.direction === 'lower-is-better' ? 'lower' : 'higher'),
    cell(kpiNumber(k.target)),
    cell(kpiNumber(k.threshold)),
    cell(kpiNumber(k.value)),
    cell(String(k.n)),
    cell(STATUS_LABELS[k.status] ?? t(k.status), (STATUS_COLORS[k.status] ?? STATUS_COLORS['no-data'])(c)),
    cell(t(k.source)),
  ]);
  const insufficient = report.kpis.some((k) => k.status === 'insufficient') ? [c.dim(`${INDENT}${INSUFFICIENT_NOTE}`)] : [];
  return [c.bold('KPIs'), ...renderTable(columns, rows, c), ...insufficient];
}

function warningSection(report: MetricsReport, c: Painter): string[] {
  const { warnings } = report;
  if (warnings.length === 0) return [];
  const lines = warnings.slice(0, MAX_WARNINGS).map((w) => {
    const place = warningPlace(w, t);
    return `${INDENT}${place === '' ? '' : `${place}: `}${t(w.message)}${GAP}${c.dim(t(w.code))}`;
  });
  if (warnings.length > MAX_WARNINGS) lines.push(`${INDENT}... and ${warnings.length - MAX_WARNINGS} more`);
  return [c.bold.yellow(`Warnings (${warnings.length})`), ...lines];
}

// ---------------------------------------------------------------------------------------------
// Table layout

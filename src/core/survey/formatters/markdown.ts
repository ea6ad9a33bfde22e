import { markdownTable } from '../../output/markdown-table.js';
import { escapeMarkdownHeading, escapeMarkdownCell as md } from '../../escape/markdown.js';
import type { KpiStatus, MetricSet, MetricsReport, PeriodMetrics } from '../types.js';
import {
  METRIC_LABELS,
  PLATFORM_LABELS,
  STATUS_LABELS,
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
  warningPlace,
} from './shared.js';
import { delimiterName } from '../sniff.js';
import { plural } from '../../output/plural.js';
import { scoreText } from '../../output/numbers.js';
import type { MetricResult, ReportMetric } from './shared.js';
import type { MetricsFormatter } from './types.js';

/** Warnings listed in the comment; the rest are counted. */
const MAX_WARNINGS = 10;

const STATUS_EMOJI: Readonly<Record<KpiStatus, string>> = { met: '✅', watch: '⚠️', breach: '❌', insufficient: '⏳', 'no-data': '➖' };

/** Delimiters shown as code; anything else is user text like the rest. */
const KNOWN_DELIMITERS = new Set([',', ';', '|']);

/**
 * GitHub-flavoured Markdown for pull-request comments and job summaries: a heading, the source in
 * one line, then tables (overall, per segment dimension, per period with ▲/▼ where a change is
 * significant at 95%, KPIs with a status emoji) and the first warnings. Every piece of text from
 * the CSV (file names, column ids, segment values, period keys, messages) goes through
 * escapeMarkdownCell, so an export cannot inject markup, links, mentions or HTML.
 */
export const markdown: MetricsFormatter = (report) => {
  const blocks: string[][] = [['### journeykit metrics'], sourceBlock(report)];
  blocks.push(overallBlock(report));
  for (const [dimension, segments] of Object.entries(report.segments)) blocks.push(segmentBlock(dimension, segments));
  blocks.push(periodBlock(report), kpiBlock(report), warningBlock(report));
  return (
    blocks
      .filter((lines) => lines.length > 0)
      .map((lines) => lines.join('\n'))
      .join('\n\n') + '\n'
  );
};

function sourceBlock(report: MetricsReport): string[] {
  const s = report.source;
  const reasons = excludedReasons(s.excluded).map(([reason, count]) => `${md(reason)} ${count}`);
  const excluded = `${excludedCount(report)} excluded${reasons.length > 0 ? `: ${reasons.join(', ')}` : ''}`;
  const delimiter = KNOWN_DELIMITERS.has(s.delimiter) ? `\`${s.delimiter}\`` : md(delimiterName(s.delimiter));
  const summary = [
    `**${s.included} of ${plural(s.rows, 'row')} included** (${excluded}) from ${s.files.map(md).join(', ')}`,
    `${PLATFORM_LABELS[s.platform] ?? md(s.platform)} (${s.platformDetected ? 'detected' : 'from --platform'})`,
    md(s.encoding),
    `delimiter ${delimiter}`,
    ...(s.timeZone !== undefined ? [`time zone ${md(s.timeZone)}`] : []),
  ].join(' · ');
  const out = [summary];
  const columns = Object.entries(s.columns).map(([key, column]) => `${Object.hasOwn(METRIC_LABELS, key) ? METRIC_LABELS[key as ReportMetric] : md(key)} ← ${md(column)}`);
  if (columns.length > 0) out.push('', `Columns: ${columns.join(', ')}`);
  if (s.inferred.length > 0) out.push('', `Inferred: ${s.inferred.map(md).join(' ')}`);
  return out;
}

function overallBlock(report: MetricsReport): string[] {
  const metrics = metricsOf(report.overall);
  if (metrics.length === 0) return ['#### Overall', '', 'No metric column was found; name one with `--column METRIC=COLUMN`.'];
  const rows = metrics.map(([metric, r]) => [METRIC_LABELS[metric], scoreText(r.score), intervalText(r.ci95), nText(r), meanCell(r), md(scoreMeaning(metric, r))]);
  return [
    '#### Overall',
    '',
    ...markdownTable(['Metric', 'Score', '95% CI', 'n', 'Mean', 'Notes'], ['---', '---:', '---', '---:', '---', '---'], rows),
    ...notes([metricsOf(report.overall).some(([, r]) => r.lowSample) ? LOW_SAMPLE_NOTE : '']),
  ];
}

function segmentBlock(dimension: string, segments: Readonly<Record<string, MetricSet>>): string[] {
  const { shown: entries, hidden } = shownSegments(segments);
  if (entries.length === 0) return [];
  const sets = entries.map(([, set]) => set);
  const metrics = metricsIn(sets);
  const rows = entries.map(([segment, set]) => [md(segment), ...metrics.map((metric) => metricCell(set[metric]))]);
  return [
    `#### By ${escapeMarkdownHeading(dimension)}`,
    '',
    ...markdownTable([md(dimension), ...metrics.map((m) => METRIC_LABELS[m])], ['---', ...metrics.map(() => '---:')], rows),
    ...notes([hidden > 0 ? hiddenSegmentsText(hidden) : '', lowSample(sets) ? LOW_SAMPLE_NOTE : '']),
  ];
}

function periodBlock(report: MetricsReport): string[] {
  const { shown: entries, hidden } = shownPeriods(report.periods);
  if (entries.length === 0) return [];
  const sets = entries.map(([, set]) => set);
  const metrics = metricsIn(sets);
  const rows = entries.map(([key, period]) => [md(key), ...metrics.map((metric) => metricCell(period[metric], arrow(period, metric)))]);
  const changes = entries.flatMap(([key, period]) =>
    metrics.flatMap((metric) => {
      const change = significantChange(period, metric);
      return change === undefined ? [] : [`${METRIC_LABELS[metric]} ${md(key)} ${deltaText(change.delta)} against ${md(change.from)} (${pText(change.p)})`];
    }),
  );
  const counted = changeCounts(entries, metrics);
  return [
    '#### By period',
    '',
    ...markdownTable(['Period', ...metrics.map((m) => METRIC_LABELS[m])], ['---', ...metrics.map(() => '---:')], rows),
    ...notes([
      hidden > 0 ? hiddenPeriodsText(hidden) : '',
      lowSample(sets) ? LOW_SAMPLE_NOTE : '',
      changes.length > 0 ? `▲ ▼ significant change from the previous period (95%): ${changes.join('; ')}` : '',
      changes.length > 0 ? chanceFlagsText(counted.tested) : '',
      counted.untested.length > 0 ? untestedText(counted.untested, md, counted.tested) : '',
    ]),
  ];
}

function kpiBlock(report: MetricsReport): string[] {
  if (report.kpis.length === 0) return [];
  const rows = report.kpis.map((k) => [
    `${STATUS_EMOJI[k.status] ?? ''} ${STATUS_LABELS[k.status] ?? md(k.status)}`.trim(),
    md(metricLabel(k.metric)),
    k.touchpoint === undefined ? '(all)' : md(k.touchpoint),
    k.direction === 'lower-is-better' ? 'lower' : 'higher',
    kpiNumber(k.target),
    kpiNumber(k.threshold),
    kpiNumber(k.value),
    String(k.n),
    md(k.source),
  ]);
  return [
    '#### KPIs',
    '',
    ...markdownTable(
      ['Status', 'Metric', 'Touchpoint', 'Better', 'Target', 'Threshold', 'Value', 'n', 'Set in'],
      ['---', '---', '---', '---', '---:', '---:', '---:', '---:', '---'],
      rows,
    ),
    ...notes([report.kpis.some((k) => k.status === 'insufficient') ? INSUFFICIENT_NOTE : '']),
  ];
}

function warningBlock(report: MetricsReport): string[] {
  const { warnings } = report;
  if (warnings.length === 0) return ['No warnings.'];
  const shown = warnings.slice(0, MAX_WARNINGS);
  const rows = shown.map((w) => [md(warningPlace(w, (text) => text)), codeCell(w.code), md(w.message)]);
  const intro = warnings.length > shown.length ? `**${plural(warnings.length, 'warning')}**, the first ${shown.length}:` : `**${plural(warnings.length, 'warning')}**`;
  const rest = warnings.length - shown.length;
  return [
    '#### Warnings',
    '',
    intro,
    '',
    ...markdownTable(['Where', 'Code', 'Message'], ['---', '---', '---'], rows),
    ...notes([rest > 0 ? `… and ${rest} more; \`--format json\` lists them all.` : '']),
  ];
}

// ---------------------------------------------------------------------------------------------

const LOW_SAMPLE_NOTE = '† low sample (n < 30): read with care';

/** Footnotes under a table: one italic paragraph per non-empty note. */
function notes(lines: readonly string[]): string[] {
  return lines.filter((line) => line !== '').flatMap((line) => ['', `_${line}_`]);
}

function nText(r: MetricResult): string {
  return r.lowSample ? `${r.n} †` : String(r.n);
}

/** `23.5 (n=820)`, `12.0 ▲ (n=12 †)`, `-` when the segment has no answer for the metric. */
function metricCell(r: MetricResult | undefined, marker = ''): string {
  if (r === undefined) return '-';
  return `${scoreText(r.score)}${marker === '' ? '' : ` ${marker}`} (n=${nText(r)})`;
}

function meanCell(r: MetricResult): string {
  if ('meanCi95' in r) return `${meanText(r.mean)} ${intervalText(r.meanCi95, 2)}`;
  if ('mean' in r) return meanText(r.mean);
  return '';
}

function arrow(period: PeriodMetrics, metric: ReportMetric): string {
  const change = significantChange(period, metric);
  if (change === undefined) return '';
  return change.delta >= 0 ? '▲' : '▼';
}

function lowSample(sets: readonly MetricSet[]): boolean {
  return sets.some((set) => metricsOf(set).some(([, r]) => r.lowSample));
}

/** Codes are identifiers (`csv/bad-value`): shown as code unless they could break out. */
function codeCell(code: string): string {
  return /^[A-Za-z0-9/_.-]+$/.test(code) ? `\`${code}\`` : md(code);
}

/** The few words the canvas writes around user text: KPI values with units, statuses, quadrants. */
import { KPI_METRIC_LABELS, SHARE_METRICS } from '../model.js';
import type { Kpi } from '../model.js';
import type { KpiStatus } from '../survey/types.js';
import { pluralWord } from '../output/plural.js';

/**
 * A KPI's metric as the reports name it (kpiMetricLabel), except that on the canvas, read by
 * clients, first-contact resolution is spelt out and the other metrics read as words
 * (`response-time` -> `Response time`, `x-on-time-delivery` -> `On time delivery`).
 */
export function metricName(metric: string): string {
  if (metric === 'fcr') return 'First-contact resolution';
  if (Object.hasOwn(KPI_METRIC_LABELS, metric)) return KPI_METRIC_LABELS[metric]!;
  const words = metric.replace(/^x-/, '').replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function trimmed(value: number, digits: number): string {
  const text = value.toFixed(digits).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}

/**
 * A KPI figure as a client reads it: shares as percent (`45%`), NPS as signed points (`+32`),
 * CES as the mean on its scale (`2.4`), times with their unit (`2 hours`). `share` tells whether
 * a share metric's value is a fraction (the map's targets) or already percent (survey results).
 */
export function kpiFigure(metric: string, value: number, unit: Kpi['unit'], share: 'fraction' | 'percent'): string {
  if (SHARE_METRICS.includes(metric)) {
    const percent = share === 'fraction' ? value * 100 : value;
    return `${trimmed(percent, 1)}%`;
  }
  if (metric === 'nps') return `${value > 0 ? '+' : ''}${trimmed(value, 1)}`;
  if (unit !== undefined) return `${trimmed(value, 2)} ${pluralWord(value, unit.replace(/s$/, ''), unit)}`;
  if (metric === 'response-time') return `${trimmed(value, 2)} hours`;
  return trimmed(value, 2);
}

/** Status words and a symbol, so that status never rests on colour alone. */
export const KPI_STATUS_TEXT: Readonly<Record<KpiStatus, { symbol: string; text: string }>> = {
  met: { symbol: '✓', text: 'On target' },
  watch: { symbol: '!', text: 'Watch' },
  breach: { symbol: '✗', text: 'Breached' },
  insufficient: { symbol: '…', text: 'Too few answers' },
  'no-data': { symbol: '–', text: 'No survey figure' },
};

export const STATUS_NAMES: Readonly<Record<string, string>> = {
  idea: 'Idea',
  planned: 'Planned',
  'in-progress': 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

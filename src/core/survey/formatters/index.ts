import { csv } from './csv.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { table } from './table.js';
import type { MetricsFormatter } from './types.js';

export type { MetricsFormatter, MetricsFormatterOptions } from './types.js';

/** The `--format` values of `journey metrics`, in the order help lists them; `table` is the human one. */
export const METRICS_FORMAT_NAMES = ['table', 'json', 'csv', 'markdown'] as const;

export type MetricsFormatName = (typeof METRICS_FORMAT_NAMES)[number];

/** Every metrics formatter, by name: one explicit map, so a missing one fails the type check. */
export const metricsFormatters: Readonly<Record<MetricsFormatName, MetricsFormatter>> = {
  table,
  json,
  csv,
  markdown,
};

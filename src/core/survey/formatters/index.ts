import { formatterRegistry } from '../../output/formatter.js';
import type { FormatNameOf } from '../../output/formatter.js';
import { csv } from './csv.js';
import { github } from './github.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { table } from './table.js';

export type { MetricsFormatter, MetricsFormatterOptions } from './types.js';

/** The formatters of `journey metrics`, in the order help lists them; `table` is the human one. */
const registry = formatterRegistry({ table, json, csv, markdown, sarif, github });

export type MetricsFormatName = FormatNameOf<typeof registry>;
export const METRICS_FORMAT_NAMES = registry.names;
export const metricsFormatters = registry.formatters;

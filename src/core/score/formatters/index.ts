import { formatterRegistry } from '../../output/formatter.js';
import type { FormatNameOf } from '../../output/formatter.js';
import { csv } from './csv.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { table } from './table.js';

export type { ScoreFormatter, ScoreFormatterOptions } from './types.js';

/** The formatters of `journey score`, in the order help lists them; `table` is the human one. */
const registry = formatterRegistry({ table, json, csv, markdown });

export type ScoreFormatName = FormatNameOf<typeof registry>;
export const SCORE_FORMAT_NAMES = registry.names;
export const scoreFormatters = registry.formatters;

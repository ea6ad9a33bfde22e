import { csv } from './csv.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { table } from './table.js';
import type { ScoreFormatter } from './types.js';

export type { ScoreFormatter, ScoreFormatterOptions } from './types.js';

/** The `--format` values of `journey score`, in the order help lists them; `table` is the human one. */
export const SCORE_FORMAT_NAMES = ['table', 'json', 'csv', 'markdown'] as const;

export type ScoreFormatName = (typeof SCORE_FORMAT_NAMES)[number];

/** Every score formatter, by name: one explicit map, so a missing one fails the type check. */
export const scoreFormatters: Readonly<Record<ScoreFormatName, ScoreFormatter>> = {
  table,
  json,
  csv,
  markdown,
};

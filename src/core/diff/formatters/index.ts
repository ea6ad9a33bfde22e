import { json } from './json.js';
import { markdown } from './markdown.js';
import { text } from './text.js';
import type { DiffFormatter } from './types.js';

export type { DiffFormatter, DiffFormatterOptions } from './types.js';

/** The `--format` values of `journey diff`, in the order help lists them; `text` is the human one. */
export const DIFF_FORMAT_NAMES = ['text', 'json', 'markdown'] as const;

export type DiffFormatName = (typeof DIFF_FORMAT_NAMES)[number];

/** Every diff formatter, by name: one explicit map, so a missing one fails the type check. */
export const diffFormatters: Readonly<Record<DiffFormatName, DiffFormatter>> = { text, json, markdown };

import { formatterRegistry } from '../../output/formatter.js';
import type { FormatNameOf } from '../../output/formatter.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { text } from './text.js';

export type { DiffFormatter, DiffFormatterOptions } from './types.js';

/** The formatters of `journey diff`, in the order help lists them; `text` is the human one. */
const registry = formatterRegistry({ text, json, markdown });

export type DiffFormatName = FormatNameOf<typeof registry>;
export const DIFF_FORMAT_NAMES = registry.names;
export const diffFormatters = registry.formatters;

import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Formatter } from './types.js';

export type { Formatter, FormatterOptions } from './types.js';

/** The `--format` values of `journey validate`, in the order help lists them. */
export const FORMAT_NAMES = ['stylish', 'json', 'github', 'sarif', 'junit', 'markdown'] as const;

export type FormatName = (typeof FORMAT_NAMES)[number];

/** Every formatter, by name: one explicit map, so a missing one fails the type check. */
export const formatters: Readonly<Record<FormatName, Formatter>> = {
  stylish,
  json,
  github,
  sarif,
  junit,
  markdown,
};

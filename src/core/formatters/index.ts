import { formatterRegistry } from '../output/formatter.js';
import type { FormatNameOf } from '../output/formatter.js';
import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';

export type { Formatter, FormatterOptions } from './types.js';

/** The formatters of `journey validate`, in the order help lists them (`--format` values). */
const registry = formatterRegistry({ stylish, json, github, sarif, junit, markdown });

export type FormatName = FormatNameOf<typeof registry>;
export const FORMAT_NAMES = registry.names;
export const formatters = registry.formatters;

import type { ErrorObject } from 'ajv';
import type { Diagnostic, Range } from '../diagnostics.js';
import { fromPointer } from '../diagnostics.js';
import { SHARE_METRICS } from '../model.js';
import { didYouMean, joinOr } from '../suggest.js';
import type { Label } from './label.js';
import { TYPE_WORDS, show, typeName } from './label.js';
import { plural } from '../output/plural.js';

/*
 * One finding per ajv error, in a map author's words: one function per family of JSON Schema
 * keywords (keys, allowed values, types, numeric ranges, patterns and formats, sizes).
 */

export type Finding = Omit<Diagnostic, keyof Range | 'severity'> & { at: 'key' | 'value'; segments: string[] };

type Where = Pick<Finding, 'path' | 'segments' | 'at'>;
type Params = Record<string, unknown>;
type Describe = (error: ErrorObject, name: string, where: Where, label: Label) => Finding | undefined;

export function isBranchOf(error: ErrorObject, composite: ErrorObject): boolean {
  return error.schemaPath.startsWith(composite.schemaPath + '/') && (error.instancePath === composite.instancePath || error.instancePath.startsWith(composite.instancePath + '/'));
}

function base(error: ErrorObject): Where {
  return { path: error.instancePath, segments: fromPointer(error.instancePath), at: 'value' };
}

export function fromError(error: ErrorObject, label: Label): Finding | undefined {
  const where = base(error);
  const describe = KEYWORDS.get(error.keyword) ?? otherKeyword;
  return describe(error, label(where.segments), where, label);
}

const required: Describe = (error, name, where) => {
  const missing = String((error.params as Params).missingProperty);
  return {
    code: 'schema/required',
    message: `Required key '${missing}' is missing${where.segments.length ? ` in ${name}` : ''}.`,
    hint: `Add '${missing}:' to this mapping.`,
    path: where.path + '/' + missing,
    segments: [...where.segments, missing],
    at: 'value',
  };
};

const unknownKey: Describe = (error, name, where) => {
  const key = String((error.params as Params).additionalProperty);
  const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  const suggestion = didYouMean(key, allowed);
  return {
    code: 'schema/unknown-key',
    message: `Unknown key '${key}'${where.segments.length ? ` in ${name}` : ''}.`,
    hint: suggestion
      ? `${suggestion} Custom data goes under keys that start with 'x-'.`
      : `Allowed keys here: ${allowed.join(', ')}; custom data goes under keys that start with 'x-'.`,
    path: where.path + '/' + key.replace(/~/g, '~0').replace(/\//g, '~1'),
    segments: [...where.segments, key],
    at: 'key',
  };
};

const notAllowed: Describe = (error, name, where) => {
  const allowed = ((error.params as Params).allowedValues as unknown[]).map(String);
  const value = error.data;
  const suggestion = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
  return {
    code: 'schema/enum',
    message: `${show(value)} is not an allowed value for ${name}; allowed: ${allowed.join(', ')}.`,
    hint: suggestion ?? `Use one of: ${allowed.join(', ')}.`,
    ...where,
  };
};

const wrongType: Describe = (error, name, where, label) => {
  const expected = String((error.params as Params).type)
    .split(',')
    .map((t) => TYPE_WORDS[t] ?? t);
  const value = error.data;
  return {
    code: 'schema/type',
    // A whole document of the wrong type is not a journey map at all (a linked .env file, say):
    // its content is never quoted.
    message: `${name} must be ${joinOr(expected)}, not ${typeName(value)}${value !== null && typeof value !== 'object' && where.segments.length > 0 ? ` (${show(value)})` : ''}.`,
    hint: typeHint(value, expected, where.segments, label),
    ...where,
  };
};

/** What to write instead of a value of the wrong type: the number without quotes or %, a list, anything. */
function typeHint(value: unknown, expected: readonly string[], segments: readonly string[], label: Label): string {
  const wanted = expected.map((e) => (e === 'a whole number' ? 'a whole number such as 3' : e));
  const numeric = expected.some((e) => /number/.test(e));
  const percent = typeof value === 'string' ? /^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*%\s*$/.exec(value) : null;
  if (percent && numeric) return percentHint(Number(percent[1]), segments, label);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) && numeric) {
    return `Remove the quotes: write ${value.trim()} as a number.`;
  }
  if (value === null) return `The value is empty; write ${joinOr(wanted)} or remove the key.`;
  if (expected.includes('a list') && typeof value === 'string') return `Write a list: [${value}] or one '- ${value}' item per line.`;
  return `Write ${joinOr(wanted)} here.`;
}

const outOfRange: Describe = (error, name, where) => {
  const limit = Number((error.params as Params).limit);
  const below = error.keyword === 'minimum' || error.keyword === 'exclusiveMinimum';
  const inclusive = error.keyword === 'minimum' || error.keyword === 'maximum';
  const last = where.segments[where.segments.length - 1];
  // A share written as a percentage (80 for 0.8) gets the fraction to write; a number above
  // 100 is no percentage ("write Infinity for 1.7976931348623157e+308%" helps nobody).
  const shareHint =
    !below && limit === 1 && (last === 'target' || last === 'threshold') && typeof error.data === 'number' && error.data <= 100
      ? `Shares are fractions from 0 to 1: write ${formatShare(error.data)} for ${String(error.data)}%.`
      : undefined;
  return {
    code: 'schema/range',
    message: `${name} is ${show(error.data)}, ${below ? 'below the minimum' : 'above the maximum'} ${limit}${inclusive ? '' : ' (exclusive)'}.`,
    hint: shareHint ?? `Use a value ${below ? (inclusive ? 'of at least' : 'above') : inclusive ? 'of at most' : 'below'} ${limit}.`,
    ...where,
  };
};

const noMatch: Describe = (error, name, where) => {
  const pattern = String((error.params as Params).pattern);
  const value = String(error.data);
  const isSlug = pattern.startsWith('^[a-z0-9]');
  const isExtension = pattern.startsWith('^x-');
  return {
    code: 'schema/pattern',
    message: isSlug ? `${show(value)} is not a valid id for ${name}: ids are kebab-case slugs.` : `${show(value)} does not match the pattern ${pattern} required for ${name}.`,
    hint: isSlug
      ? `Use lowercase letters, digits and hyphens${slugify(value) ? `, e.g. '${slugify(value)}'` : ''}.`
      : isExtension
        ? 'Custom names start with x- followed by lowercase letters, digits and hyphens.'
        : `Write a value matching ${pattern}.`,
    ...where,
  };
};

const repeatedItem: Describe = (error, name, where) => {
  const params = error.params as Params;
  const list = Array.isArray(error.data) ? (error.data as unknown[]) : [];
  const j = Number(params.j);
  return {
    code: 'schema/unique-items',
    message: `${name} lists ${show(list[j])} more than once.`,
    hint: 'Remove the repeated item.',
    path: `${error.instancePath}/${Number(params.i)}`,
    segments: [...where.segments, String(params.i)],
    at: 'value',
  };
};

const otherKeyword: Describe = (error, name, where) => ({
  code: `schema/${error.keyword.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`,
  message: `${name} ${error.message ?? 'is not valid'}.`,
  hint: 'Check this value against the JSON Schema (journey schema prints it).',
  ...where,
});

/** A keyword whose finding is a code, a message and a hint, located at the value. */
function simple(code: string, message: (name: string, params: Params, data: unknown) => string, hint: (params: Params) => string): Describe {
  return (error, name, where) => {
    const params = error.params as Params;
    return { code, message: message(name, params, error.data), hint: hint(params), ...where };
  };
}

const KEYWORDS = new Map<string, Describe>([
  ['required', required],
  ['additionalProperties', unknownKey],
  ['enum', notAllowed],
  [
    'const',
    simple(
      'schema/const',
      (name, params, data) => `${name} must be ${show(params.allowedValue)}, not ${show(data)}.`,
      (params) => `Write ${String(params.allowedValue)}.`,
    ),
  ],
  ['type', wrongType],
  ['minimum', outOfRange],
  ['maximum', outOfRange],
  ['exclusiveMinimum', outOfRange],
  ['exclusiveMaximum', outOfRange],
  ['pattern', noMatch],
  [
    'format',
    simple(
      'schema/format',
      (name, params, data) => `${show(data)} is not a valid ${String(params.format)} for ${name}.`,
      (params) => (params.format === 'date' ? 'Write a calendar date as YYYY-MM-DD, e.g. 2026-03-31.' : `Write a valid ${String(params.format)}.`),
    ),
  ],
  [
    'minItems',
    simple(
      'schema/min-items',
      (name, params) => `${name} must list at least ${plural(Number(params.limit), 'item')}.`,
      () => 'Add an item, or remove the key if it is optional.',
    ),
  ],
  [
    'maxItems',
    simple(
      'schema/max-items',
      (name, params) => `${name} lists more than ${String(params.limit)} items.`,
      (params) => `Keep at most ${String(params.limit)} items.`,
    ),
  ],
  [
    'minLength',
    simple(
      'schema/min-length',
      (name) => `${name} must not be empty.`,
      () => 'Write a value, or remove the key if it is optional.',
    ),
  ],
  [
    'maxLength',
    simple(
      'schema/max-length',
      (name, params) => `${name} is longer than ${String(params.limit)} characters.`,
      (params) => `Shorten it to at most ${String(params.limit)} characters.`,
    ),
  ],
  ['uniqueItems', repeatedItem],
  [
    'minProperties',
    simple(
      'schema/min-properties',
      (name) => `${name} must not be empty.`,
      () => 'Add a key, or remove the mapping.',
    ),
  ],
  // Reported by the nested error on the name itself.
  ['propertyNames', () => undefined],
]);

/** One finding for a failed anyOf/oneOf: the alternatives listed, not every branch's error. */
export function fromAnyOf(error: ErrorObject, all: readonly ErrorObject[], label: Label): Finding {
  const where = base(error);
  const name = label(where.segments);
  const branchErrors = all.filter((e) => e !== error && isBranchOf(e, error));
  // A branch that failed deeper inside the value is the one the author meant: report its errors.
  const deeper = branchErrors.filter((e) => e.instancePath.length > error.instancePath.length);
  if (deeper.length > 0) {
    const first = fromError(deeper[0]!, label);
    if (first) return first;
  }
  const allowed: string[] = [];
  const patterns: string[] = [];
  const types: string[] = [];
  for (const e of branchErrors) {
    if (e.keyword === 'enum') allowed.push(...(e.params as { allowedValues: unknown[] }).allowedValues.map(String));
    else if (e.keyword === 'pattern') patterns.push(String((e.params as { pattern: string }).pattern));
    else if (e.keyword === 'type') types.push(TYPE_WORDS[String((e.params as { type: string }).type)] ?? '');
  }
  const value = error.data;
  const alternatives = [
    ...(allowed.length ? [allowed.join(', ')] : []),
    ...patterns.map((p) => (p.startsWith('^x-') ? "a custom name starting with 'x-'" : `a value matching ${p}`)),
    ...(allowed.length === 0 && patterns.length === 0 ? types.filter(Boolean) : []),
  ];
  const suggestion = typeof value === 'string' && allowed.length ? didYouMean(value, allowed) : undefined;
  return {
    code: allowed.length ? 'schema/enum' : 'schema/any-of',
    message: `${show(value)} is not allowed for ${name}; allowed: ${alternatives.join('; or ')}.`,
    hint: suggestion ?? `Use ${alternatives.join(', or ')}.`,
    ...where,
  };
}

function formatShare(value: unknown): string {
  return typeof value === 'number' ? String(Math.round(value * 10) / 1000) : '0.8';
}

/**
 * What to write for a percentage written as text (`45%`, `85 %`): the number in the field's own
 * unit. A KPI's target or threshold is a fraction for share metrics (write 0.85) and points for
 * NPS (write 45); elsewhere the number without the sign.
 */
function percentHint(percent: number, segments: readonly string[], label: Label): string {
  const last = segments[segments.length - 1];
  const kpi = label.valueAt(segments.slice(0, -1)) as { metric?: unknown } | undefined;
  const metric = (last === 'target' || last === 'threshold') && typeof kpi?.metric === 'string' ? kpi.metric : undefined;
  if (metric !== undefined && SHARE_METRICS.includes(metric)) {
    return `Write ${formatShare(percent)}: ${metric} is a share written as a fraction from 0 to 1, without quotes or %.`;
  }
  if (metric === 'nps') return `Write ${String(percent)}: NPS is in points from -100 to 100, without quotes or %.`;
  return `Write ${String(percent)} as a plain number, without quotes or %.`;
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

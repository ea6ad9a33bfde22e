import type { ErrorObject } from 'ajv';
import type { Diagnostic, Range } from '../diagnostics.js';
import { fromPointer } from '../diagnostics.js';
import { didYouMean, joinOr, suggest } from '../suggest.js';
import type { SourceMap } from '../yaml/source-map.js';
import { clip } from '../clip.js';
import { SHARE_METRICS } from '../model.js';

type Finding = Omit<Diagnostic, keyof Range | 'severity'> & { at: 'key' | 'value'; segments: string[] };

/**
 * Turns ajv's raw errors into one finding per real problem: `if` and composite noise dropped,
 * `anyOf` branches folded into one message, unknown keys reported at the key with suggestions,
 * a missing required key that matches a misspelt unknown key merged into that one finding.
 */
export function humanizeErrors(
  errors: readonly ErrorObject[],
  data: unknown,
  sourceMap: SourceMap,
  source: string,
): Diagnostic[] {
  const composites = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const isBranchError = (e: ErrorObject): boolean =>
    composites.some((c) => c !== e && isBranchOf(e, c));

  const label = labeller(data);
  const findings: Finding[] = [];
  for (const error of errors) {
    if (error.keyword === 'if' || error.keyword === 'allOf') continue;
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf' && isBranchError(error)) continue;
    const finding =
      error.keyword === 'anyOf' || error.keyword === 'oneOf'
        ? fromAnyOf(error, errors, label)
        : fromError(error, label);
    if (finding) findings.push(finding);
  }

  // An unknown key that is a misspelling of a missing required key is one problem, not two.
  const merged = findings.filter((f) => {
    if (f.code !== 'schema/required') return true;
    const missing = f.segments[f.segments.length - 1];
    const parent = f.segments.slice(0, -1).join('/');
    return !findings.some(
      (u) =>
        u.code === 'schema/unknown-key' &&
        u.segments.slice(0, -1).join('/') === parent &&
        missing !== undefined &&
        suggest(u.segments[u.segments.length - 1]!, [missing]).length > 0,
    );
  });

  // An empty id breaks both minLength and the slug pattern: "must not be empty" says it all.
  const empties = new Set(merged.filter((f) => f.code === 'schema/min-length').map((f) => f.path));
  const seen = new Set<string>();
  const lines = source.split(/\r\n|\r|\n/);
  const result: Diagnostic[] = [];
  for (const f of merged) {
    if (f.code === 'schema/pattern' && empties.has(f.path)) continue;
    const key = `${f.path}\u0000${f.code}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { at, segments, ...rest } = f;
    let range = sourceMap.locate(segments, at);
    if (f.code === 'schema/required' || range.endLine > range.line) {
      // A whole mapping spans many lines: underline its first line only.
      const lineText = lines[range.line - 1] ?? '';
      range = { ...range, endLine: range.line, endColumn: Math.max(range.column + 1, lineText.trimEnd().length + 1) };
    }
    result.push({ ...rest, severity: 'error', ...range });
  }
  return result;
}

function isBranchOf(error: ErrorObject, composite: ErrorObject): boolean {
  return (
    error.schemaPath.startsWith(composite.schemaPath + '/') &&
    (error.instancePath === composite.instancePath || error.instancePath.startsWith(composite.instancePath + '/'))
  );
}

const KINDS: Record<string, string> = {
  personas: 'persona',
  stages: 'stage',
  touchpoints: 'touchpoint',
  pain_points: 'pain point',
  opportunities: 'opportunity',
  kpis: 'KPI',
};

type Label = ((segments: readonly string[]) => string) & {
  /** The value of the document at `segments`, if any. */
  valueAt: (segments: readonly string[]) => unknown;
};

/** Names the offending node the way a map author thinks of it: "'effort' of touchpoint 'checkout'". */
function labeller(data: unknown): Label {
  const at = (segments: readonly string[]): unknown => {
    let node = data;
    for (const s of segments) {
      if (node === null || typeof node !== 'object') return undefined;
      node = Object.prototype.hasOwnProperty.call(node, s) ? (node as Record<string, unknown>)[s] : undefined;
    }
    return node;
  };
  const item = (segments: readonly string[], anonymous = false): string | undefined => {
    const index = segments[segments.length - 1];
    const parent = segments[segments.length - 2];
    if (index === undefined || !/^\d+$/.test(index) || parent === undefined) return undefined;
    const kind = KINDS[parent];
    const node = at(segments) as Record<string, unknown> | undefined;
    const name = anonymous ? undefined : typeof node?.id === 'string' ? node.id : typeof node?.metric === 'string' ? node.metric : undefined;
    if (kind) return name !== undefined && name !== '' ? `${kind} ${quoted(name)}` : `${kind} ${Number(index) + 1}`;
    return `item ${Number(index) + 1} of '${parent}'`;
  };
  const label = (segments: readonly string[]): string => {
    const last = segments[segments.length - 1];
    if (last === undefined) return 'the document';
    if (/^\d+$/.test(last)) return item(segments) ?? `item ${Number(last) + 1}`;
    // A bad id or metric cannot name its own owner ("'id' of touchpoint 'Bad Id'").
    const owner = item(segments.slice(0, -1), last === 'id' || last === 'metric');
    return owner ? `'${last}' of ${owner}` : `'${last}'`;
  };
  return Object.assign(label, { valueAt: at });
}

/** A string from the document in quotes, cut to 60 characters. */
function quoted(text: string): string {
  return `'${clip(text, 60)}'`;
}

function show(value: unknown): string {
  if (typeof value === 'string') return quoted(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'null',
};

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function base(error: ErrorObject): Pick<Finding, 'path' | 'segments' | 'at'> {
  return { path: error.instancePath, segments: fromPointer(error.instancePath), at: 'value' };
}

function fromError(error: ErrorObject, label: Label): Finding | undefined {
  const where = base(error);
  const name = label(where.segments);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const segments = [...where.segments, missing];
      return {
        code: 'schema/required',
        message: `Required key '${missing}' is missing${where.segments.length ? ` in ${name}` : ''}.`,
        hint: `Add '${missing}:' to this mapping.`,
        path: where.path + '/' + missing,
        segments,
        at: 'value',
      };
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}));
      const suggestion = didYouMean(key, allowed);
      const segments = [...where.segments, key];
      return {
        code: 'schema/unknown-key',
        message: `Unknown key '${key}'${where.segments.length ? ` in ${name}` : ''}.`,
        hint: suggestion
          ? `${suggestion} Custom data goes under keys that start with 'x-'.`
          : `Allowed keys here: ${allowed.join(', ')}; custom data goes under keys that start with 'x-'.`,
        path: where.path + '/' + key.replace(/~/g, '~0').replace(/\//g, '~1'),
        segments,
        at: 'key',
      };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const value = error.data;
      const suggestion = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      return {
        code: 'schema/enum',
        message: `${show(value)} is not an allowed value for ${name}; allowed: ${allowed.join(', ')}.`,
        hint: suggestion ?? `Use one of: ${allowed.join(', ')}.`,
        ...where,
      };
    }
    case 'const':
      return {
        code: 'schema/const',
        message: `${name} must be ${show(params.allowedValue)}, not ${show(error.data)}.`,
        hint: `Write ${String(params.allowedValue)}.`,
        ...where,
      };
    case 'type': {
      const expected = String(params.type)
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? t);
      const value = error.data;
      const wanted = expected.map((e) => (e === 'a whole number' ? 'a whole number such as 3' : e));
      let hint = `Write ${joinOr(wanted)} here.`;
      const percent = typeof value === 'string' ? /^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*%\s*$/.exec(value) : null;
      if (percent && expected.some((e) => /number/.test(e))) {
        hint = percentHint(Number(percent[1]), where.segments, label);
      } else if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) && expected.some((e) => /number/.test(e))) {
        hint = `Remove the quotes: write ${value.trim()} as a number.`;
      } else if (value === null) {
        hint = `The value is empty; write ${joinOr(wanted)} or remove the key.`;
      } else if (expected.includes('a list') && typeof value === 'string') {
        hint = `Write a list: [${value}] or one '- ${value}' item per line.`;
      }
      return {
        code: 'schema/type',
        // A whole document of the wrong type is not a journey map at all (a linked .env file, say):
        // its content is never quoted.
        message: `${name} must be ${joinOr(expected)}, not ${typeName(value)}${value !== null && typeof value !== 'object' && where.segments.length > 0 ? ` (${show(value)})` : ''}.`,
        hint,
        ...where,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const limit = Number(params.limit);
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
    }
    case 'pattern': {
      const value = String(error.data);
      const isSlug = String(params.pattern).startsWith('^[a-z0-9]');
      const isExtension = String(params.pattern).startsWith('^x-');
      return {
        code: 'schema/pattern',
        message: isSlug
          ? `${show(value)} is not a valid id for ${name}: ids are kebab-case slugs.`
          : `${show(value)} does not match the pattern ${String(params.pattern)} required for ${name}.`,
        hint: isSlug
          ? `Use lowercase letters, digits and hyphens${slugify(value) ? `, e.g. '${slugify(value)}'` : ''}.`
          : isExtension
            ? 'Custom names start with x- followed by lowercase letters, digits and hyphens.'
            : `Write a value matching ${String(params.pattern)}.`,
        ...where,
      };
    }
    case 'format':
      return {
        code: 'schema/format',
        message: `${show(error.data)} is not a valid ${String(params.format)} for ${name}.`,
        hint: params.format === 'date' ? 'Write a calendar date as YYYY-MM-DD, e.g. 2026-03-31.' : `Write a valid ${String(params.format)}.`,
        ...where,
      };
    case 'minItems':
      return {
        code: 'schema/min-items',
        message: `${name} must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}.`,
        hint: 'Add an item, or remove the key if it is optional.',
        ...where,
      };
    case 'maxItems':
      return {
        code: 'schema/max-items',
        message: `${name} lists more than ${String(params.limit)} items.`,
        hint: `Keep at most ${String(params.limit)} items.`,
        ...where,
      };
    case 'minLength':
      return {
        code: 'schema/min-length',
        message: `${name} must not be empty.`,
        hint: 'Write a value, or remove the key if it is optional.',
        ...where,
      };
    case 'maxLength':
      return {
        code: 'schema/max-length',
        message: `${name} is longer than ${String(params.limit)} characters.`,
        hint: `Shorten it to at most ${String(params.limit)} characters.`,
        ...where,
      };
    case 'uniqueItems': {
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
    }
    case 'minProperties':
      return {
        code: 'schema/min-properties',
        message: `${name} must not be empty.`,
        hint: 'Add a key, or remove the mapping.',
        ...where,
      };
    case 'propertyNames':
      return undefined; // reported by the nested error on the name itself
    default:
      return {
        code: `schema/${error.keyword.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`,
        message: `${name} ${error.message ?? 'is not valid'}.`,
        hint: 'Check this value against the JSON Schema (journey schema prints it).',
        ...where,
      };
  }
}

/** One finding for a failed anyOf/oneOf: the alternatives listed, not every branch's error. */
function fromAnyOf(error: ErrorObject, all: readonly ErrorObject[], label: Label): Finding {
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

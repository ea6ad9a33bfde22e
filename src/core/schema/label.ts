import { clip } from '../clip.js';

/*
 * How a schema finding names what it is about: the node the way a map author thinks of it, the
 * value found there, and the types the schema asks for.
 */
const KINDS: Record<string, string> = {
  personas: 'persona',
  stages: 'stage',
  touchpoints: 'touchpoint',
  pain_points: 'pain point',
  opportunities: 'opportunity',
  kpis: 'KPI',
};

export type Label = ((segments: readonly string[]) => string) & {
  /** The value of the document at `segments`, if any. */
  valueAt: (segments: readonly string[]) => unknown;
};

/** Names the offending node the way a map author thinks of it: "'effort' of touchpoint 'checkout'". */
export function labeller(data: unknown): Label {
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

export function show(value: unknown): string {
  if (typeof value === 'string') return quoted(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

export const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'null',
};

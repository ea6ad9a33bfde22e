/**
 * Small helpers shared by the lint rules: walking pain points and opportunities with their
 * paths, and phrasing lists in messages. Not a rule itself (the registry test knows this file).
 */
import type { ResolvedConfig } from '../config.js';
import type { JourneyMap, Opportunity, PainPoint, TouchpointRef } from '../model.js';
import { touchpointsOf } from '../model.js';
import type { PathSegment, RunMap } from './rule.js';

export interface PainPointRef {
  painPoint: PainPoint;
  index: number;
  parent: TouchpointRef;
  path: PathSegment[];
}

export interface OpportunityRef {
  opportunity: Opportunity;
  index: number;
  parent: TouchpointRef;
  path: PathSegment[];
}

/** Every pain point of the map with its touchpoint, in journey order. */
export function painPointsOf(map: JourneyMap): PainPointRef[] {
  return touchpointsOf(map).flatMap((parent) =>
    (parent.touchpoint.pain_points ?? []).map((painPoint, index) => ({
      painPoint,
      index,
      parent,
      path: [...parent.path, 'pain_points', index],
    })),
  );
}

/** Every opportunity of the map with its touchpoint, in journey order. */
export function opportunitiesOf(map: JourneyMap): OpportunityRef[] {
  return touchpointsOf(map).flatMap((parent) =>
    (parent.touchpoint.opportunities ?? []).map((opportunity, index) => ({
      opportunity,
      index,
      parent,
      path: [...parent.path, 'opportunities', index],
    })),
  );
}

/** "a, b, c" without repeats; long lists end with "and N more" so hints stay one line. */
export function listIds(ids: Iterable<string>, max = 10): string {
  // A part the schema rejected is an empty slot in the map the rules see: it has no id to list.
  const unique = [...new Set(ids)].filter((id) => typeof id === 'string' && id !== '');
  if (unique.length <= max) return unique.join(', ');
  return `${unique.slice(0, max).join(', ')} and ${unique.length - max} more`;
}

/** "'a'", "'a' and 'b'", "'a', 'b' and 'c'". */
export function joinAndQuoted(items: readonly string[]): string {
  const quoted = items.map((item) => `'${item}'`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** 1st, 2nd, 3rd, 4th, 11th, 21st... */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** Joins hint sentences, skipping the absent ones (e.g. no did-you-mean). */
export function sentences(...parts: (string | undefined)[]): string {
  return parts.filter((part): part is string => part !== undefined && part !== '').join(' ');
}

/** The config file to name in hints: the one in use, else the conventional name. */
export function configFileName(config: ResolvedConfig): string {
  return config.file ?? 'journeykit.config.yaml';
}

const filesById = new WeakMap<readonly RunMap[], Map<unknown, string[]>>();

/**
 * The files of the run that declare journey id `id`, in run order (indexed once per run: a rule
 * that looked through the whole run for every map took quadratic time on large runs).
 */
export function filesWithJourneyId(run: readonly RunMap[], id: unknown): readonly string[] {
  let index = filesById.get(run);
  if (index === undefined) {
    index = new Map();
    for (const other of run) {
      const files = index.get(other.map.id);
      if (files === undefined) index.set(other.map.id, [other.file]);
      else files.push(other.file);
    }
    filesById.set(run, index);
  }
  return index.get(id) ?? [];
}

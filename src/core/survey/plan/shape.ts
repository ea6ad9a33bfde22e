import { clip } from '../../clip.js';
import type { LabelInfo, Normalized, NormalizeOptions } from '../normalize.js';
import { normalizeAnswer } from '../normalize.js';
import type { AnswerKind, MetricName, Scale } from '../types.js';

/** How a column's sampled answers normalise for a metric, counted with their repeats. */
export interface Shape {
  /** Answers that are values. */
  n: number;
  invalid: number;
  /** A few distinct invalid answers, for the note. */
  invalidExamples: string[];
  /** value -> answers. */
  numbers: Map<number, number>;
  /** Distinct label sets the answers used. */
  labels: LabelInfo[];
  /** Distinct answers. */
  distinct: string[];
}

export function analyse(values: readonly string[], kind: AnswerKind, options: NormalizeOptions): Shape {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const shape: Shape = { n: 0, invalid: 0, invalidExamples: [], numbers: new Map(), labels: [], distinct: [...counts.keys()] };
  for (const [raw, count] of counts) {
    // Qualtrics' numeric FCR coding 1 = Yes, 2 = No is recognised per column (fcrOneTwo).
    // Other whole numbers are kept as numbers too, so that a note can say "holds 1-5".
    const normalized: Normalized = kind === 'fcr' && /^\d{1,3}$/.test(raw) ? { kind: 'value', value: Number(raw) } : normalizeAnswer(raw, kind, options);
    if (normalized.kind === 'value') {
      shape.n += count;
      shape.numbers.set(normalized.value, (shape.numbers.get(normalized.value) ?? 0) + count);
      const label = normalized.label;
      if (label && !shape.labels.some((l) => l.set === label.set)) shape.labels.push(label);
    } else if (normalized.kind === 'invalid') {
      shape.invalid += count;
      if (shape.invalidExamples.length < 3) shape.invalidExamples.push(raw);
    }
  }
  return shape;
}

/**
 * Answers outside a scale that still leave it the column's scale: none below 20 answers, else 2%
 * of them (at least one). One stray 6 does not make a 1-5 column 1-7, one stray 11 does not
 * shift a 0-10 one; the strays are reported and not counted.
 */
export function tolerance(n: number): number {
  return n >= 20 ? Math.max(1, Math.floor(n * 0.02)) : 0;
}

export function outside(shape: Shape, scale: Scale): [number, number][] {
  return [...shape.numbers].filter(([v]) => v < scale.min || v > scale.max).sort(([a], [b]) => a - b);
}

export const countOf = (pairs: readonly [number, number][]) => pairs.reduce((sum, [, c]) => sum + c, 0);

/** The lowest and highest answers once the strays (at most `tolerance`) at each end are set aside. */
export function core(shape: Shape): { min: number; max: number } | undefined {
  const sorted = [...shape.numbers].sort(([a], [b]) => a - b);
  if (sorted.length === 0) return undefined;
  const tol = tolerance(shape.n);
  const pick = (pairs: [number, number][]) => {
    let seen = 0;
    for (const [value, count] of pairs) {
      seen += count;
      if (seen > tol) return value;
    }
    return pairs[pairs.length - 1]![0];
  };
  return { min: pick(sorted), max: pick([...sorted].reverse()) };
}

export function range(shape: Shape): string {
  const c = core(shape);
  if (!c) return `answers such as ${shape.invalidExamples.map((v) => `'${clip(v, 30)}'`).join(', ')}`;
  return c.min === c.max ? `only ${c.min}` : `${c.min}-${c.max}`;
}

/** Known numeric scales of CSAT and CES, smallest first. */
export const RATING_SCALES: readonly Scale[] = [
  { min: 1, max: 5 },
  { min: 1, max: 7 },
  { min: 1, max: 10 },
  { min: 0, max: 10 },
];

/**
 * The smallest known scale that holds the answers but for a few strays, when the answers use it:
 * a larger scale is taken only for answers above the smaller ones (a column of 0-5 is not 0-10).
 */
export function numericScale(shape: Shape, scales: readonly Scale[]): Scale | undefined {
  const c = core(shape);
  if (!c) return undefined;
  const tol = tolerance(shape.n);
  for (const scale of scales) {
    if (countOf(outside(shape, scale)) > tol) continue;
    const smaller = scales.filter((s) => s.max < scale.max).map((s) => s.max);
    if (smaller.length > 0 && c.max <= Math.max(...smaller)) return undefined;
    return scale;
  }
  return undefined;
}

/** Qualtrics' recode of a 0-10 question as 1..11: no 0 at all and more 11s than strays, over a real sample. */
export function isNpsRecode(shape: Shape): boolean {
  return shape.n >= 20 && !shape.numbers.has(0) && (shape.numbers.get(11) ?? 0) > tolerance(shape.n) && countOf(outside(shape, { min: 1, max: 11 })) <= tolerance(shape.n);
}

export const isBinary = (shape: Shape): boolean => {
  const c = core(shape);
  return c !== undefined && ((c.min >= 0 && c.max <= 1) || (c.min >= 1 && c.max <= 2 && shape.n >= 10));
};

/**
 * Whether a column's answers fit a metric, whatever its header says: undefined when they do (or
 * when the sample holds none), else what the column holds, for the note.
 */
export function misfit(metric: MetricName, shape: Shape, custom: boolean, given?: { min: number; max: number }): string | undefined {
  const total = shape.n + shape.invalid;
  if (total === 0) return undefined;
  if (shape.n === 0 || shape.invalid > Math.max(1, 0.2 * total)) {
    return `answers such as ${shape.invalidExamples.map((v) => `'${clip(v, 30)}'`).join(', ')}`;
  }
  if (custom) return undefined;
  // A scale the user gave (--scale, the binding) is the test for numeric CSAT and CES answers:
  // answers on it fit, even when they all fall on one or two points. (Labels are placed on the
  // given scale later, so they are judged by their set below.)
  if (given !== undefined && shape.labels.length === 0 && (metric === 'csat' || metric === 'ces')) {
    return countOf(outside(shape, given)) <= tolerance(shape.n) ? undefined : range(shape);
  }
  const family = shape.labels.map((l) => l.set);
  if (metric === 'nps') {
    if (family.includes('nps-likelihood')) return undefined;
    const c = core(shape)!;
    // 0-10 is NPS's only scale: a stray cannot move it, even in a small sample.
    const fits = countOf(outside(shape, { min: 0, max: 10 })) <= Math.max(1, tolerance(shape.n)) || isNpsRecode(shape);
    // A 0-10 question answered by a real sample reaches 8: a column that never does is a
    // yes/no (0/1), a 1-5 or a 1-7 rating.
    return fits && c.max >= 8 ? undefined : `${range(shape)}${isBinary(shape) ? ' (yes/no)' : ''}`;
  }
  if (metric === 'fcr') {
    if (family.includes('yes-no')) return undefined;
    const c = core(shape)!;
    return (c.min >= 0 && c.max <= 1) || (c.min >= 1 && c.max <= 2) ? undefined : range(shape);
  }
  if (family.some((f) => f !== 'yes-no' && f !== 'nps-likelihood')) return undefined;
  if (isBinary(shape)) return `${range(shape)} (yes/no)`;
  const scale = numericScale(shape, RATING_SCALES);
  if (!scale) return range(shape);
  // Twenty answers or more that never reach the top two points of the smallest scale holding them
  // are not a rating on it: a 1-3 "too short / right / too long" question is no 1-5 satisfaction.
  const c = core(shape)!;
  return shape.n >= 20 && c.max < scale.max - 1 ? `${range(shape)}, never the top of a ${scale.min}-${scale.max} scale` : undefined;
}

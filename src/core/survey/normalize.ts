/**
 * Answer normalisation (SURVEY.md "Answer normalisation"): one exported cell -> a number, a missing
 * answer or an invalid one. Range checks are the caller's: it knows the column's scale and the CSV
 * position to put in the warning, so an 11 on an NPS question is returned as the value 11.
 */
import type { LabelSet } from './labels.js';
import {
  AGREEMENT_5,
  AGREEMENT_7,
  EASE_5,
  EFFORT_5,
  LABEL_SETS,
  MISSING_CODE,
  MISSING_MARKERS,
  NPS_GROUP,
  NPS_GROUP_CODES,
  NPS_LIKELIHOOD,
  SATISFACTION_5,
  SATISFACTION_7,
  WORDINGS,
  YES_NO,
} from './labels.js';
import type { Wording } from './labels.js';
import type { AnswerKind, Scale } from './types.js';

export interface LabelInfo {
  /** Id of the label set, e.g. `satisfaction-5`, `agreement-7`, `effort-5`. */
  set: string;
  scale: Scale;
  higherIsBetter?: boolean;
}

export type Normalized =
  /** `label` is present when the answer was (or carried) a known word label of that point. */
  | { kind: 'value'; value: number; label?: LabelInfo }
  | { kind: 'missing' }
  /** `reason` is a short phrase for a warning, e.g. "not a number or a known CSAT label". */
  | { kind: 'invalid'; reason: string };

export interface NormalizeOptions {
  /** `;`-separated exports from European locales write `4,5`; without it a comma in a number is invalid. */
  decimalComma: boolean;
  /**
   * Points of the agreement scale, decided for the whole column by `agreementScaleOf` (the shared
   * words Agree, Strongly agree ... have different points on 5- and 7-point scales). Default 5;
   * the Slightly levels exist only on the 7-point scale and always get 7-point values.
   */
  agreementPoints?: 5 | 7;
  /** The same for satisfaction labels, decided by `satisfactionScaleOf`. Default 5. */
  satisfactionPoints?: 5 | 7;
  /**
   * Added to the point of every known word label (not to numbers): a label scale placed on a
   * scale that starts elsewhere than 1 (`--scale csat=0-4` puts Strongly disagree on 0).
   */
  labelOffset?: number;
  /**
   * The user's own labels for the column, from the lowest point to the highest (`--labels`):
   * they replace the known label sets; the first is the point `labelStart` (default 1).
   */
  labels?: readonly string[];
  labelStart?: number;
  /** Answers are whole points of the scale: a decimal answer (4.5) is invalid, for every kind. */
  wholePoints?: boolean;
}

const KIND_NAMES: Record<AnswerKind, string> = {
  nps: 'NPS',
  'nps-group': 'NPS group',
  csat: 'CSAT',
  ces: 'CES',
  fcr: 'FCR',
};

/** The kind's name with its article, as said aloud: "an NPS", "a CSAT". */
function aKind(kind: AnswerKind): string {
  return `${kind === 'csat' || kind === 'ces' ? 'a' : 'an'} ${KIND_NAMES[kind]}`;
}

/**
 * Folds an answer or a label for matching: Unicode compatibility forms (no-break spaces, full-width
 * digits), case, curly quotes and dashes, accents (Excel's Windows-1252 round trips and hand-typed
 * answers drop them), runs of white space, surrounding double quotes and one trailing period.
 */
export function foldAnswer(raw: string): string {
  let s = raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u00B4`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u200B-\u200D\u2060]/g, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/\s+/g, ' ')
    .trim();
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1).trim();
  if (s.endsWith('.')) s = s.slice(0, -1).trimEnd();
  return s;
}

const MISSING = new Set(MISSING_MARKERS.map(foldAnswer));

function isMissingMarker(folded: string): boolean {
  if (MISSING.has(folded)) return true;
  // Combined choices: "Don't know / Not applicable".
  if (!folded.includes('/')) return false;
  const parts = folded.split('/').map((part) => part.trim());
  return parts.every((part) => part !== '' && MISSING.has(part));
}

interface LeadingNumber {
  value: number;
  /** The rest of the answer after the number, separators stripped: `10 - Extremely likely` -> `extremely likely`. */
  label: string;
  /** Why the text around the number makes it no answer, if it does. */
  malformed?: string;
}

const NUMBER_DOT = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)/;
const NUMBER_COMMA = /^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)/;

/**
 * A leading number, as in `7`, `4,5`, `10 - Extremely likely`, `5 = Very satisfied`,
 * `0 (Not at all likely)`, `4 stars`, `9/10`. A dot is a decimal point in both modes: answer
 * scales have no thousands separators.
 */
function leadingNumber(folded: string, decimalComma: boolean): LeadingNumber | undefined {
  const match = (decimalComma ? NUMBER_COMMA : NUMBER_DOT).exec(folded);
  if (match === null) return undefined;
  const text = match[0];
  // +0 turns -0 into 0.
  const value = Number(text.replace(',', '.')) + 0;
  const rest = folded.slice(text.length);
  if (!Number.isFinite(value)) return { value, label: '', malformed: 'number out of range' };
  if (/^[.,]\d/.test(rest)) {
    return { value, label: '', malformed: rest.startsWith(',') ? 'number with a comma' : 'malformed number' };
  }
  // "4stars", "1e5", "3rd": a word glued to the number is not a labelled point.
  if (/^[\p{L}\p{N}]/u.test(rest)) return { value, label: '', malformed: 'malformed number' };
  const label = rest.replace(/^[\s\-=:()[\].,;|/*]+/, '').replace(/[\s)\]]+$/, '');
  return { value, label };
}

/**
 * A whole number written after a label: `Very satisfied (5)`, `Extremely likely - 10`,
 * `Agree: 6` (exports that put the code behind the choice text). Only when a letter comes first,
 * so a range such as `(9-10)` or a bare number never reads as one.
 */
const TRAILING_NUMBER = /^(\p{L}.*?)(?:\s*\(\s*([+-]?\d+)\s*\)|\s+-\s*([+-]?\d+)|\s*[=:]\s*([+-]?\d+))$/u;

function trailingNumber(folded: string): LeadingNumber | undefined {
  const match = TRAILING_NUMBER.exec(folded);
  if (match === null) return undefined;
  return { value: Number(match[2] ?? match[3] ?? match[4]) + 0, label: match[1]! };
}

interface LabelEntry {
  value: number;
  info: LabelInfo;
}

/** Folded label -> the entries of every set for the kind that has it, in precedence order. */
type LabelTable = ReadonlyMap<string, readonly LabelEntry[]>;

const INFOS = new Map<LabelSet, LabelInfo>(
  LABEL_SETS.map((set) => {
    const info: LabelInfo = { set: set.id, scale: Object.freeze({ ...set.scale }) };
    if (set.higherIsBetter !== undefined) info.higherIsBetter = set.higherIsBetter;
    return [set, Object.freeze(info)];
  }),
);

function infoOf(set: LabelSet): LabelInfo {
  const info = INFOS.get(set);
  if (info === undefined) throw new Error(`label set ${set.id} is missing from LABEL_SETS`);
  return info;
}

/**
 * The sets whose words a kind accepts, first match first. The column's decided scale goes first;
 * the other variant stays behind it for the levels only it has (Slightly agree on a column
 * decided as 5-point still gets its 7-point value). Neutral is the mid-point of several sets: for
 * CES it is read as ease (3) unless the column is a 7-point agreement one (4).
 */
function setsFor(kind: AnswerKind, agreementPoints: 5 | 7, satisfactionPoints: 5 | 7): LabelSet[] {
  const agreement = agreementPoints === 7 ? [AGREEMENT_7, AGREEMENT_5] : [AGREEMENT_5, AGREEMENT_7];
  const satisfaction = satisfactionPoints === 7 ? [SATISFACTION_7, SATISFACTION_5] : [SATISFACTION_5, SATISFACTION_7];
  switch (kind) {
    case 'nps':
      return [NPS_LIKELIHOOD];
    case 'nps-group':
      return [NPS_GROUP];
    case 'fcr':
      return [YES_NO];
    case 'csat':
      return [...satisfaction, ...agreement];
    case 'ces':
      return agreementPoints === 7 ? [...agreement, EFFORT_5, EASE_5] : [EFFORT_5, EASE_5, ...agreement];
  }
}

const TABLES = new Map<string, LabelTable>();

function labelTable(kind: AnswerKind, options: NormalizeOptions): LabelTable {
  if (options.labels !== undefined) return customTable(options.labels, options.labelStart ?? 1);
  const agreementPoints = options.agreementPoints ?? 5;
  const satisfactionPoints = options.satisfactionPoints ?? 5;
  const offset = options.labelOffset ?? 0;
  const key = `${kind}/${agreementPoints}/${satisfactionPoints}/${offset}`;
  const cached = TABLES.get(key);
  if (cached !== undefined) return cached;
  const table = new Map<string, LabelEntry[]>();
  for (const set of setsFor(kind, agreementPoints, satisfactionPoints)) {
    const base = infoOf(set);
    const info = offset === 0 ? base : Object.freeze({ ...base, scale: Object.freeze({ min: base.scale.min + offset, max: base.scale.max + offset }) });
    for (const [label, value] of Object.entries(set.points)) {
      const folded = foldAnswer(label);
      const entries = table.get(folded) ?? [];
      entries.push(Object.freeze({ value: value + offset, info }));
      table.set(folded, entries);
    }
  }
  if (TABLES.size < 64) TABLES.set(key, table);
  return table;
}

/** Set id of the user's own labels in `LabelInfo.set`. */
export const CUSTOM_SET = 'custom';

const CUSTOM_TABLES = new WeakSet<LabelTable>();

/** The user's labels, lowest point first, as the only labels of a column. */
function customTable(labels: readonly string[], start: number): LabelTable {
  const info: LabelInfo = Object.freeze({ set: CUSTOM_SET, scale: Object.freeze({ min: start, max: start + labels.length - 1 }) });
  const table = new Map<string, LabelEntry[]>();
  labels.forEach((label, i) => {
    const folded = foldAnswer(label);
    if (!table.has(folded)) table.set(folded, [Object.freeze({ value: start + i, info })]);
  });
  CUSTOM_TABLES.add(table);
  return table;
}

/** Every known label -> the first set that has it, to say which kind of question a stray label belongs to. */
const ANY_LABEL = new Map<string, LabelSet>();
for (const set of LABEL_SETS) {
  for (const label of Object.keys(set.points)) {
    const folded = foldAnswer(label);
    if (!ANY_LABEL.has(folded)) ANY_LABEL.set(folded, set);
  }
}

const MISSING_RESULT: Normalized = Object.freeze({ kind: 'missing' });

function value(v: number, info?: LabelInfo): Normalized {
  return Object.freeze(info === undefined ? { kind: 'value', value: v } : { kind: 'value', value: v, label: info });
}

function invalid(reason: string): Normalized {
  return Object.freeze({ kind: 'invalid', reason });
}

/** fcr and nps-group answers are categories: their numbers are codes and a word label wins over them. */
function isCategorical(kind: AnswerKind): boolean {
  return kind === 'fcr' || kind === 'nps-group';
}

function fromNumber(lead: LeadingNumber, kind: AnswerKind, table: LabelTable, whole: boolean): Normalized {
  if (lead.malformed !== undefined) return invalid(lead.malformed);
  if (lead.value === MISSING_CODE) return MISSING_RESULT;
  const label = lead.label;
  // "99 = Don't know": the label says it is no answer, whatever the code.
  if (label !== '' && isMissingMarker(label)) return MISSING_RESULT;
  const entries = label === '' ? undefined : table.get(label);
  if (isCategorical(kind)) {
    const entry = entries?.[0];
    if (entry !== undefined) return value(entry.value, entry.info);
    if (kind === 'fcr') {
      // Qualtrics' 1=Yes/2=No coding is recognised per column, not here.
      return lead.value === 1 || lead.value === 0 ? value(lead.value) : invalid('not a yes/no code (1 or 0)');
    }
    const group = NPS_GROUP_CODES.get(lead.value);
    return group === undefined ? invalid('not an NPS group code (1, 2 or 3)') : value(group);
  }
  if (whole && !Number.isInteger(lead.value)) return invalid('not a whole point of the scale');
  // The number wins; the label is reported only when it names that very point ("6 = Agree" is
  // 7-point agreement, "4 = Agree" 5-point), which tells the caller the scale.
  const consistent = entries?.find((entry) => entry.value === lead.value);
  return value(lead.value, consistent?.info);
}

const YES_NO_PREFIX = /^(\p{L}+)\s*(?:[,;:(]|-\s)/u;

function normalizeFolded(folded: string, kind: AnswerKind, decimalComma: boolean, table: LabelTable, whole: boolean): Normalized {
  if (folded === '' || isMissingMarker(folded)) return MISSING_RESULT;
  const lead = leadingNumber(folded, decimalComma);
  if (lead !== undefined) return fromNumber(lead, kind, table, whole);
  const entry = table.get(folded)?.[0];
  if (entry !== undefined) return value(entry.value, entry.info);
  const trail = trailingNumber(folded);
  if (trail !== undefined) return fromNumber(trail, kind, table, whole);
  if (isCategorical(kind)) {
    // "Yes, on the first contact", "No - I called twice", "Promoter (9-10)".
    const head = YES_NO_PREFIX.exec(folded)?.[1];
    const headEntry = head === undefined ? undefined : table.get(head)?.[0];
    if (headEntry !== undefined) return value(headEntry.value, headEntry.info);
  }
  const other = ANY_LABEL.get(folded);
  if (CUSTOM_TABLES.has(table)) return invalid('not one of the labels given for the column');
  if (other !== undefined) return invalid(`${other.description} label, not ${aKind(kind)} answer`);
  switch (kind) {
    case 'fcr':
      return invalid('not a yes/no answer');
    case 'nps-group':
      return invalid('not an NPS group');
    default:
      return invalid(`not a number or a known ${KIND_NAMES[kind]} label`);
  }
}

/**
 * Normalises one answer. Empty and "don't know" answers are missing (never zero); a leading
 * number gives the value; word labels count only for the kind they belong to (satisfaction words
 * for CSAT, agreement words for CSAT and CES, effort and ease words for CES, yes/no for FCR, the
 * likelihood anchors for NPS, group names for NPS groups).
 */
export function normalizeAnswer(raw: string, kind: AnswerKind, options: NormalizeOptions): Normalized {
  return normalizeFolded(foldAnswer(raw), kind, options.decimalComma, labelTable(kind, options), options.wholePoints === true);
}

/**
 * Distinct answers cached per column. Columns hold few distinct values, but a mis-mapped free-text
 * or id column holds one per row: past this many the cache stops growing.
 */
const MAX_CACHED = 10_000;

/** The same, memoised per distinct raw string (columns hold few distinct values; this runs on millions of rows). */
export function createNormalizer(kind: AnswerKind, options: NormalizeOptions): (raw: string) => Normalized {
  const decimalComma = options.decimalComma;
  const whole = options.wholePoints === true;
  const table = labelTable(kind, options);
  const cache = new Map<string, Normalized>();
  return (raw) => {
    const hit = cache.get(raw);
    if (hit !== undefined) return hit;
    const result = normalizeFolded(foldAnswer(raw), kind, decimalComma, table, whole);
    if (cache.size < MAX_CACHED) cache.set(raw, result);
    return result;
  };
}

/** Each distinct answer's label (a bare label, or the text after a leading number) and its number. */
function* labelsOf(answers: Iterable<string>): Generator<{ label: string; number?: number }> {
  for (const raw of answers) {
    const folded = foldAnswer(raw);
    const lead = leadingNumber(folded, true) ?? trailingNumber(folded);
    if (lead === undefined) yield { label: folded };
    else if (lead.malformed === undefined && lead.label !== '') yield { label: lead.label, number: lead.value };
  }
}

const FOLDED_WORDINGS = WORDINGS.map((w) => ({ family: w.family, points: w.points, labels: new Set(w.labels.map(foldAnswer)) }));

/**
 * The points of a column's label scale of one family (agreement, satisfaction), from all
 * distinct answers seen in it: the smallest scale with a wording that has every label of the
 * family the column holds (`WORDINGS`). A label carrying a number above 5 (`6 = Agree`) means 7;
 * labels that no single wording has together (mixed wordings) get the smallest scale whose
 * wordings have each of them.
 */
export function scalePointsOf(family: Wording['family'], answers: Iterable<string>): 5 | 7 {
  const wordings = FOLDED_WORDINGS.filter((w) => w.family === family);
  const known = new Set(wordings.flatMap((w) => [...w.labels]));
  const seen = new Set<string>();
  for (const { label, number } of labelsOf(answers)) {
    if (!known.has(label)) continue;
    if (number !== undefined && number > 5) return 7;
    seen.add(label);
  }
  const covering = wordings.filter((w) => [...seen].every((label) => w.labels.has(label)));
  if (covering.length > 0) return covering.some((w) => w.points === 5) ? 5 : 7;
  const fivePoint = new Set(wordings.filter((w) => w.points === 5).flatMap((w) => [...w.labels]));
  return [...seen].every((label) => fivePoint.has(label)) ? 5 : 7;
}

/** Whether a wording of `points` points has every label of the family the column holds. */
export function wordingCovers(family: Wording['family'], points: 5 | 7, answers: Iterable<string>): boolean {
  const wordings = FOLDED_WORDINGS.filter((w) => w.family === family);
  const known = new Set(wordings.flatMap((w) => [...w.labels]));
  const seen = [...labelsOf(answers)].map((l) => l.label).filter((label) => known.has(label));
  return wordings.some((w) => w.points === points && seen.every((label) => w.labels.has(label)));
}

/** The points of a column's agreement scale (`scalePointsOf`). */
export function agreementScaleOf(answers: Iterable<string>): 5 | 7 {
  return scalePointsOf('agreement', answers);
}

/** The points of a column's satisfaction scale (`scalePointsOf`). */
export function satisfactionScaleOf(answers: Iterable<string>): 5 | 7 {
  return scalePointsOf('satisfaction', answers);
}

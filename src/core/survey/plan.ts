import { InputError } from '../errors.js';
import type { SurveyBinding } from '../model.js';
import { didYouMean } from '../suggest.js';
import type { DateOrder } from './dates/index.js';
import { detectDateOrder, isValidTimeZone } from './dates/index.js';
import type { ColumnInfo, Layout } from './layout.js';
import type { AnswerKind, NormalizeOptions } from './normalize.js';
import type { LabelInfo, Normalized } from './normalize.js';
import { foldAnswer, normalizeAnswer, scalePointsOf, wordingCovers } from './normalize.js';
import type { MetricName, MetricsWarning, Period, Platform, Scale } from './types.js';
import { METRIC_NAMES } from './types.js';
import { clip } from '../clip.js';
import { inferCommentColumn } from './comments.js';

export interface ScaleSpec extends Scale {
  higherIsBetter?: boolean;
}

/** What the user asked for, beyond the file itself. */
export interface MetricsRequest {
  platform?: Platform;
  /** --column METRIC=COLUMN (metrics, canonical dimensions, date, response_id, comment). */
  columns: Record<string, string>;
  /** --scale METRIC=MIN-MAX[:higher|lower]. */
  scales: Partial<Record<MetricName, ScaleSpec>>;
  /** --labels METRIC=LOWEST|...|HIGHEST: the column's own labels, one per point from the lowest. */
  labels?: Partial<Record<MetricName, string[]>>;
  by: string[];
  /** Canonical dimensions to segment by when the export has them (the map's touchpoints for KPIs). */
  optionalBy?: string[];
  period?: Period;
  /** Trend by this period when the export has a date column (the report's monthly trend). */
  optionalPeriod?: Period;
  /** --tz */
  timeZone?: string;
  completeOnly: boolean;
  binding?: SurveyBinding;
}

export interface MetricColumn {
  metric: MetricName;
  index: number;
  kind: AnswerKind;
  scale: Scale;
  higherIsBetter: boolean;
  /** Qualtrics numeric FCR coding: 1 = Yes, 2 = No. */
  fcrOneTwo?: boolean;
  /** NPS recoded 1..11: subtract one. */
  npsShift?: boolean;
  /** How the column's answers normalise: its label scale, the user's labels, whole points. */
  answers: AnswerOptions;
}

export type AnswerOptions = Omit<NormalizeOptions, 'decimalComma'>;

/** Everything the aggregation needs; plain data, so it can be sent to worker threads. */
export interface AggregationPlan {
  platform: Platform;
  headerRows: number;
  width: number;
  columnIds: string[];
  metrics: MetricColumn[];
  dims: { name: string; index: number }[];
  date?: { index: number; order: DateOrder; timeZone: string; period: Period };
  responseId?: number;
  status?: number;
  distributionChannel?: number;
  finished?: { index: number; kind: 'qualtrics' | 'typeform' };
  /** The free-text column whose answers are kept as verbatim comments, by the touchpoint column's value. */
  comment?: { index: number; touchpoint: number };
  completeOnly: boolean;
  decimalComma: boolean;
}

export interface PlanResult {
  plan: AggregationPlan;
  /** Metric and dimension -> column id. */
  columns: Record<string, string>;
  inferred: string[];
  warnings: MetricsWarning[];
  scales: Partial<Record<MetricName, { min: number; max: number; higherIsBetter?: boolean }>>;
  timeZone?: string;
}

const METADATA = new Set(
  [
    'StartDate', 'EndDate', 'Status', 'IPAddress', 'Progress', 'Duration (in seconds)', 'Finished', 'RecordedDate',
    'ResponseId', 'ResponseID', 'ResponseSet', 'RecipientLastName', 'RecipientFirstName', 'RecipientEmail',
    'ExternalReference', 'ExternalDataReference', 'LocationLatitude', 'LocationLongitude', 'DistributionChannel',
    'UserLanguage', 'Name', 'EmailAddress', 'Respondent ID', 'Collector ID', 'Start Date', 'End Date', 'IP Address',
    'Email Address', 'First Name', 'Last Name', '#', 'Response Type', 'Start Date (UTC)', 'Stage Date (UTC)',
    'Submit Date (UTC)', 'Network ID', 'Tags', 'Timestamp', 'RespondentID', 'CollectorID', 'LastName', 'Custom Data',
    'Submitted at', 'Response Date',
  ].map((s) => s.toLowerCase()),
);

const TEXT_PATTERNS: Record<MetricName, { id: RegExp; text: RegExp }> = {
  nps: {
    id: /(^|[_\s-])(nps|ltr)([_\s-]|$)|likelihood.?to.?recommend|recommend/i,
    text: /recommend|weiterempfehlen|empfehlen|recommander|recomendar|recomendaría/i,
  },
  csat: {
    id: /(^|[_\s-])(csat|satisfaction|sat)([_\s-]|$)/i,
    text: /satisf|zufrieden|satisfait|satisfech/i,
  },
  ces: {
    id: /(^|[_\s-])(ces|effort|ease)([_\s-]|$)/i,
    text: /effort|easy|easier|einfach|aufwand|facile|fácil|esfuerzo/i,
  },
  fcr: {
    id: /(^|[_\s-])fcr([_\s-]|$)|first.?contact|resolved.?first|first.?call/i,
    text: /(resol|solv|gelöst|erledigt|résolu|resuelt|solucionad).*(first|erst|premi|primer)|(first|erst|premi|primer).*(resol|solv|gelöst|erledigt|résolu|resuelt|solucionad)/i,
  },
};

const CES_HIGHER = /made it easy|easy for me|easy to (handle|resolve|get|do|find)|einfach gemacht|leicht gemacht|facile de|fácil|agree/i;
const CES_LOWER = /how much effort|effort (did|do|have) you|personally (have to )?put forth|aufwand.*(hatten|mussten|war)|effort avez-vous|esfuerzo.*(tuvo|hizo|ha)/i;

const DIM_PATTERNS: Record<string, RegExp> = {
  channel: /^(channel|kanal|canal|contact.?channel|touch.?channel)$/i,
  stage: /^(stage|journey.?stage|phase|etappe|étape|etapa)$/i,
  touchpoint: /^(touchpoint|touch.?point|kontaktpunkt|point de contact|punto de contacto)$/i,
};

function sampleValues(records: readonly string[][], index: number): string[] {
  const values: string[] = [];
  for (const record of records) {
    const v = record[index]?.trim();
    if (v) values.push(v);
  }
  return values;
}

/** How a column's sampled answers normalise for a metric, counted with their repeats. */
interface Shape {
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

function analyse(values: readonly string[], kind: AnswerKind, options: NormalizeOptions): Shape {
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
function tolerance(n: number): number {
  return n >= 20 ? Math.max(1, Math.floor(n * 0.02)) : 0;
}

function outside(shape: Shape, scale: Scale): [number, number][] {
  return [...shape.numbers].filter(([v]) => v < scale.min || v > scale.max).sort(([a], [b]) => a - b);
}

const countOf = (pairs: readonly [number, number][]) => pairs.reduce((sum, [, c]) => sum + c, 0);

/** The lowest and highest answers once the strays (at most `tolerance`) at each end are set aside. */
function core(shape: Shape): { min: number; max: number } | undefined {
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

function range(shape: Shape): string {
  const c = core(shape);
  if (!c) return `answers such as ${shape.invalidExamples.map((v) => `'${clip(v, 30)}'`).join(', ')}`;
  return c.min === c.max ? `only ${c.min}` : `${c.min}-${c.max}`;
}

/** Known numeric scales of CSAT and CES, smallest first. */
const RATING_SCALES: readonly Scale[] = [
  { min: 1, max: 5 },
  { min: 1, max: 7 },
  { min: 1, max: 10 },
  { min: 0, max: 10 },
];

/**
 * The smallest known scale that holds the answers but for a few strays, when the answers use it:
 * a larger scale is taken only for answers above the smaller ones (a column of 0-5 is not 0-10).
 */
function numericScale(shape: Shape, scales: readonly Scale[]): Scale | undefined {
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
function isNpsRecode(shape: Shape): boolean {
  return shape.n >= 20 && !shape.numbers.has(0) && (shape.numbers.get(11) ?? 0) > tolerance(shape.n) && countOf(outside(shape, { min: 1, max: 11 })) <= tolerance(shape.n);
}

const isBinary = (shape: Shape): boolean => {
  const c = core(shape);
  return c !== undefined && ((c.min >= 0 && c.max <= 1) || (c.min >= 1 && c.max <= 2 && shape.n >= 10));
};

/**
 * Whether a column's answers fit a metric, whatever its header says: undefined when they do (or
 * when the sample holds none), else what the column holds, for the note.
 */
function misfit(metric: MetricName, shape: Shape, custom: boolean, given?: { min: number; max: number }): string | undefined {
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

/**
 * Consent, screening and attention-check questions: never metrics, whatever else their text
 * mentions ("I am satisfied with the information on the consent form").
 */
const SCREENING_TEXT =
  /\bconsent|einwillig|zustimmungserkl|consentement|consentimiento|attention.?check|\bscreen(ing|er)\b|\beligib|captcha|bot.?check|are you (a )?(human|robot)|please (select|choose|click|mark|answer)\b.{0,40}\b(for this|to show|to confirm|if you)/i;
const SCREENING_ANSWER = /^((yes|no),? )?i (do not |don't |do )?(agree|consent|accept|decline|understand)\b|^(consent|decline|do not consent|i consent)$/i;

function screeningOf(column: ColumnInfo, values: readonly string[]): string | undefined {
  const text = SCREENING_TEXT.exec(column.text) ?? SCREENING_TEXT.exec(column.id);
  if (text) return `mentions '${clip(text[0].trim(), 30)}'`;
  const answer = [...new Set(values)].find((v) => SCREENING_ANSWER.test(foldAnswer(v)));
  return answer === undefined ? undefined : `holds answers such as '${clip(answer, 30)}'`;
}

/** A column a name given for it (a flag, the map or the config) does not find: `reference` says which name. */
export class MissingColumnError extends InputError {
  constructor(
    readonly reference: string,
    message: string,
    hint: string,
  ) {
    super(message, hint);
  }
}

function findColumn(layout: Layout, name: string, what: string): ColumnInfo {
  // Header cells are read with each run of white space (line breaks too) as one space: so is a
  // name given for them, which also keeps a line break in it out of the one-line error below.
  const reference = name.replace(/\s+/g, ' ').trim();
  const lower = reference.toLowerCase();
  const found =
    layout.columns.find((c) => c.id === reference) ??
    layout.columns.find((c) => c.id.toLowerCase() === lower) ??
    layout.columns.find((c) => c.importId !== undefined && c.importId.toLowerCase() === lower) ??
    layout.columns.find((c) => c.text.toLowerCase() === lower) ??
    uniqueRow(layout, lower);
  if (found) return found;
  const suggestion = didYouMean(reference, layout.columns.map((c) => c.id));
  throw new MissingColumnError(
    reference,
    `No column '${reference}' for ${what.replace(/\s+/g, ' ')} in the export.`,
    `${suggestion ? suggestion + ' ' : ''}Name a column by its id (row-1 header), its question text or its ImportId; columns: ${layout.columns
      .slice(0, 12)
      .map((c) => c.id)
      .join(', ')}${layout.columns.length > 12 ? ', ...' : ''}.`,
  );
}

/** A SurveyMonkey matrix row or choice named by its row-2 label alone, when only one column has it. */
function uniqueRow(layout: Layout, lower: string): ColumnInfo | undefined {
  const matches = layout.columns.filter((c) => c.row !== undefined && c.row.toLowerCase() === lower);
  return matches.length === 1 ? matches[0] : undefined;
}

function describe(column: ColumnInfo): string {
  return column.text && column.text !== column.id ? `'${column.id}' ("${clip(column.text, 60)}")` : `'${column.id}'`;
}

/** The whole word (or words) of `text` that `pattern` matches: 'satisfied', not 'satisf'. */
function wordOf(pattern: RegExp, text: string): string | undefined {
  const match = pattern.exec(text);
  if (match === null) return undefined;
  let start = match.index;
  let end = start + match[0].length;
  while (start > 0 && /[\p{L}\p{N}]/u.test(text[start - 1]!)) start--;
  while (end < text.length && /[\p{L}\p{N}]/u.test(text[end]!)) end++;
  return text.slice(start, end).replace(/^[\s_-]+|[\s_-]+$/g, '');
}

/** The user's own labels for a metric (--labels, else the survey binding), checked. */
function customLabels(metric: MetricName, request: MetricsRequest): string[] | undefined {
  const fromFlag = request.labels !== undefined && Object.hasOwn(request.labels, metric) ? request.labels[metric] : undefined;
  const bound = request.binding?.labels;
  const labels = fromFlag ?? (bound !== undefined && Object.hasOwn(bound, metric) ? bound[metric] : undefined);
  if (labels === undefined) return undefined;
  const where = fromFlag ? `--labels ${metric}=...` : `survey.labels.${metric}`;
  if (labels.length < 2) throw new InputError(`${where} gives ${labels.length} label; a scale needs at least two.`, 'List every label from the lowest point to the highest, separated by |.');
  const seen = new Set<string>();
  for (const label of labels) {
    const folded = foldAnswer(label);
    if (folded === '') throw new InputError(`${where} has an empty label.`, 'List every label from the lowest point to the highest, separated by |.');
    if (seen.has(folded)) throw new InputError(`${where} names '${clip(label, 40)}' twice.`, 'Each point of the scale needs its own label.');
    seen.add(folded);
  }
  return labels;
}

/**
 * The scale of a CSAT or CES column and how it was decided: the user's labels, else the column's
 * label set (the smallest known one with every label the column holds, placed on --scale when
 * given), else --scale, else the smallest known numeric scale its answers use. Sets the
 * column's label options in `answers`.
 */
function ratingScale(
  metric: MetricName,
  column: ColumnInfo,
  shape: Shape,
  given: ScaleSpec | undefined,
  custom: readonly string[] | undefined,
  answers: AnswerOptions,
): { scale: Scale; how: string; label?: LabelInfo } {
  const NAME = metric.toUpperCase();
  if (custom) {
    const start = given?.min ?? 1;
    if (given && given.max - given.min + 1 !== custom.length) {
      throw new InputError(
        `${custom.length} labels are given for ${NAME} but its scale ${given.min}-${given.max} has ${given.max - given.min + 1} points.`,
        'Give one label per point, from the lowest to the highest.',
      );
    }
    answers.labels = custom;
    answers.labelStart = start;
    return { scale: { min: start, max: start + custom.length - 1 }, how: `from the ${custom.length} labels given for it` };
  }
  const label = shape.labels.find((l) => l.set !== 'yes-no' && l.set !== 'nps-likelihood');
  if (label) {
    const family = label.set.replace(/-\d+$/, '');
    const worded = family === 'agreement' || family === 'satisfaction' ? family : undefined;
    let points = worded ? scalePointsOf(worded, shape.distinct) : label.scale.max - label.scale.min + 1;
    let how = `from its labels (${family}, ${points}-point)`;
    if (given) {
      const size = given.max - given.min + 1;
      if (size !== points) {
        if (worded && (size === 5 || size === 7) && wordingCovers(worded, size, shape.distinct)) points = size;
        else {
          throw new InputError(
            `The scale ${given.min}-${given.max} given for ${NAME} has ${size} points, but the ${family} labels of ${describe(column)} are a ${points}-point scale.`,
            `Give a ${points}-point scale (--scale ${metric}=1-${points}), or the column's own labels with --labels ${metric}=LOWEST|...|HIGHEST.`,
          );
        }
      }
      how = `from --scale or the survey binding, its ${family} labels placed on it`;
    }
    if (worded === 'agreement') answers.agreementPoints = points as 5 | 7;
    if (worded === 'satisfaction') answers.satisfactionPoints = points as 5 | 7;
    const min = given?.min ?? 1;
    if (min !== 1) answers.labelOffset = min - 1;
    return { scale: { min, max: min + points - 1 }, how, label };
  }
  if (given) return { scale: { min: given.min, max: given.max }, how: 'from --scale or the survey binding' };
  if (shape.n === 0) return { scale: { min: 1, max: 5 }, how: 'by default (no answers in the sample)' };
  const scale = numericScale(shape, RATING_SCALES);
  if (!scale) {
    throw new InputError(
      `Cannot tell the scale of ${NAME} column ${describe(column)}: it holds ${range(shape)}, which fits none of 1-5, 1-7, 1-10 and 0-10.`,
      `State it with --scale ${metric}=MIN-MAX.`,
    );
  }
  const c = core(shape)!;
  return { scale, how: `from its values (highest ${c.max})` };
}

/** Date columns per platform, most telling first (when the response was recorded or submitted). */
const DATE_COLUMNS: Record<Platform, RegExp[]> = {
  qualtrics: [/^RecordedDate$/, /^EndDate$/, /^StartDate$/],
  surveymonkey: [/^End ?Date$/, /^Start ?Date$/],
  typeform: [/^Submit Date \(UTC\)$/, /^Submitted at$/i, /^Start Date \(UTC\)$/],
  'google-forms': [/^(Timestamp|Zeitstempel|Horodateur|Marca temporal|Marca de tiempo)$/i],
  generic: [
    /^(submitted([ _]?(at|on|date|time))?|submit[ _]?(date|time)|response[ _]?(date|time)|recorded([ _]?(date|at))?|completed[ _]?at|end[ _]?date)( \((utc|gmt)\))?$/i, /^(date|datetime|timestamp|created(_at)?|datum|fecha|time)$/i, /date|datum|fecha|timestamp/i],
};

const RESPONSE_ID: Record<Platform, RegExp> = {
  qualtrics: /^(ResponseId|ResponseID)$/,
  surveymonkey: /^Respondent ?ID$/,
  typeform: /^(#|Network ID)$/,
  'google-forms': /^$/,
  generic: /^(response_?id|respondent_?id|id)$/i,
};

/**
 * Decides which columns hold which metric, on which scale and in which direction, from the
 * user's overrides, the map's survey binding, the column ids and question texts, and the
 * values of a sample of rows. Whatever is inferred is reported; what cannot be decided safely
 * (two candidate columns, an unknown CES direction) is an InputError asking for --column or
 * --scale, never a guess.
 */
export function buildPlan(layout: Layout, sample: readonly string[][], request: MetricsRequest, decimalComma: boolean): PlanResult {
  const inferred: string[] = [];
  const warnings: MetricsWarning[] = [];
  // Keys are column names from the export and --by: `__proto__` must be an ordinary key.
  const columns = Object.create(null) as Record<string, string>;
  const scales: PlanResult['scales'] = {};
  const options: NormalizeOptions = { decimalComma };
  const own = (record: Readonly<Record<string, string>> | undefined, key: string): string | undefined =>
    record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
  const explicit = (key: string): string | undefined => own(request.columns, key) ?? own(request.binding?.columns, key);
  const isMetadata = (c: ColumnInfo) => METADATA.has(c.id.toLowerCase()) || /_TEXT$|_NPS_GROUP$/i.test(c.id);

  const metrics: MetricColumn[] = [];
  const used = new Set<number>();
  const strays = (column: ColumnInfo, shape: Shape, scale: Scale, metric: MetricName) => {
    const out = outside(shape, scale);
    if (out.length === 0) return;
    const count = countOf(out);
    const list = out.map(([v, c]) => (c > 1 ? `${v} ×${c}` : `${v}`)).join(', ');
    inferred.push(
      `${metric.toUpperCase()} column '${column.id}': ${count} of the ${shape.n} answers sampled (${clip(list, 60)}) ${count === 1 ? 'lies' : 'lie'} outside its scale ${scale.min}-${scale.max}: the scale is kept, and ${count === 1 ? 'that answer is' : 'those answers are'} not counted (the warnings give the lines).`,
    );
  };
  // Columns named for a metric are no candidates of any other (--column csat=Q8 keeps Q8 out of NPS).
  const named = new Map<MetricName, ColumnInfo>();
  for (const metric of METRIC_NAMES) {
    const reference = explicit(metric);
    if (reference !== undefined) named.set(metric, findColumn(layout, reference, metric.toUpperCase()));
  }
  const reserved = new Set([...named.values()].map((c) => c.index));
  const rejected: string[] = [];
  const reject = (note: string) => {
    if (!rejected.includes(note)) rejected.push(note);
  };

  for (const metric of METRIC_NAMES) {
    const custom = customLabels(metric, request);
    const answerOptions: NormalizeOptions = custom ? { ...options, labels: custom, labelStart: metric === 'nps' || metric === 'fcr' ? 0 : 1 } : options;
    let column = named.get(metric);
    let kind: AnswerKind = metric;
    const NAME = metric.toUpperCase();
    if (!column) {
      const pattern = TEXT_PATTERNS[metric];
      const candidates = layout.columns.filter((c) => {
        if (isMetadata(c) || used.has(c.index) || reserved.has(c.index)) return false;
        const word = wordOf(pattern.id, c.id) ?? wordOf(pattern.text, c.text);
        if (word === undefined) return false;
        const mention = `${describe(c)} mentions '${clip(word, 30)}'`;
        const values = sampleValues(sample, c.index);
        const screening = screeningOf(c, values);
        if (screening !== undefined) {
          reject(`${describe(c)} ${screening}: a consent or screening question, not a metric.`);
          return false;
        }
        const bound = request.binding?.scales?.[metric];
        const holds = misfit(metric, analyse(values, metric, { ...answerOptions, wholePoints: true }), custom !== undefined, request.scales[metric] ?? bound);
        const unknownLabels = holds?.startsWith('answers such as') && metric !== 'nps' && metric !== 'fcr' ? ` (labels of its own can be given with --labels ${metric}=LOWEST|...|HIGHEST)` : '';
        if (holds !== undefined) reject(`${mention} but holds ${holds}: not taken as ${NAME}${unknownLabels}.`);
        return holds === undefined;
      });
      // Qualtrics NPS: Q1 is the 0..10 column beside Q1_NPS_GROUP.
      if (metric === 'nps') {
        const group = layout.columns.find((c) => /_NPS_GROUP$/i.test(c.id) && !reserved.has(c.index));
        const base = group && layout.columns.find((c) => c.id === group.id.replace(/_NPS_GROUP$/i, ''));
        if (base && !reserved.has(base.index)) {
          column = base;
        } else if (group && candidates.length === 0) {
          column = group;
          kind = 'nps-group';
          inferred.push(`NPS from the group column '${group.id}' (no 0-10 column beside it): only the score and group counts are known.`);
        }
      }
      if (!column) {
        const withData = candidates.filter((c) => sampleValues(sample, c.index).length > 0);
        const pool = withData.length > 0 ? withData : candidates;
        if (pool.length > 1) {
          throw new InputError(
            `${pool.length} columns look like ${NAME}: ${pool.map(describe).join(', ')}.`,
            `Say which one with --column ${metric}=${pool[0]!.id}.`,
          );
        }
        column = pool[0];
        if (column) {
          // "id" only where the export has ids apart from the question text (Qualtrics Q1 and its text).
          const how = column.text === column.id ? 'header' : pattern.id.test(column.id) ? 'id' : 'question text';
          inferred.push(`${NAME} column ${describe(column)} found from its ${how}.`);
        }
      }
    }
    if (!column) continue;
    used.add(column.index);
    columns[metric] = column.id;
    const values = sampleValues(sample, column.index);
    const bound = request.binding?.scales?.[metric];
    const given: ScaleSpec | undefined =
      request.scales[metric] ??
      (bound ? { min: bound.min, max: bound.max, ...(bound.higher_is_better !== undefined ? { higherIsBetter: bound.higher_is_better } : {}) } : undefined);
    const whole = given === undefined || (Number.isInteger(given.min) && Number.isInteger(given.max));
    const shape = analyse(values, kind, { ...answerOptions, wholePoints: whole });
    if (named.has(metric) && kind === metric) {
      const holds = misfit(metric, shape, custom !== undefined);
      if (holds !== undefined) {
        warnings.push({
          code: 'csv/metric-mismatch',
          message: `Column ${describe(column)} is named for ${NAME} but holds ${holds}, which does not look like ${NAME} answers; it is read as ${NAME} as asked.`,
          column: column.id,
        });
      }
    }
    const entry: MetricColumn = { metric, index: column.index, kind, scale: { min: 0, max: 10 }, higherIsBetter: true, answers: { wholePoints: whole } };
    if (custom && (metric === 'nps' || metric === 'fcr')) Object.assign(entry.answers, { labels: custom, labelStart: 0 });

    if (metric === 'nps') {
      if (custom && custom.length !== 11) {
        throw new InputError(`${custom.length} labels are given for NPS; an NPS question has 11 points (0-10).`, 'List the 11 labels from 0 to 10, or leave NPS to its numbers.');
      }
      // A stray 11 is a bad value; a column of 1..11 with no 0 over a real sample is a recode.
      if (kind === 'nps' && isNpsRecode(shape)) {
        entry.npsShift = true;
        warnings.push({
          code: 'csv/nps-recode',
          message: `NPS column '${column.id}' holds values 1..11 and no 0: read as Qualtrics recodes of 0..10 (value - 1).`,
          column: column.id,
        });
      } else if (kind === 'nps') {
        strays(column, shape, { min: 0, max: 10 }, metric);
      }
    } else if (metric === 'fcr') {
      entry.scale = { min: 0, max: 1 };
      if (custom && custom.length !== 2) {
        throw new InputError(`${custom.length} labels are given for FCR; a first-contact-resolution answer has two (no, then yes).`, 'Give the no label first, then the yes label: --labels "fcr=Not resolved|Resolved".');
      }
      const distinct = new Set(values.map((v) => v.trim()));
      if ([...distinct].every((v) => v === '1' || v === '2') && distinct.has('2')) {
        entry.fcrOneTwo = true;
        inferred.push(`FCR column '${column.id}' holds 1 and 2: read as Qualtrics' numeric coding 1 = Yes, 2 = No.`);
      }
    } else {
      const { scale, how, label } = ratingScale(metric, column, shape, given, custom, entry.answers);
      entry.scale = scale;
      if (metric === 'csat') {
        inferred.push(`CSAT scale ${scale.min}-${scale.max} ${how}; satisfied = the top two points.`);
      } else {
        let higher = given?.higherIsBetter;
        let why = 'as stated';
        if (higher === undefined && label?.higherIsBetter !== undefined) {
          higher = label.higherIsBetter;
          why = `from its labels (${label.set})`;
        }
        if (higher === undefined) {
          const text = `${column.text} ${column.id}`;
          const up = CES_HIGHER.test(text);
          const down = CES_LOWER.test(text);
          if (up !== down) {
            higher = up;
            why = `from its question text ("${clip(column.text, 60)}")`;
          }
        }
        if (higher === undefined) {
          throw new InputError(
            `Cannot tell the CES convention of column ${describe(column)}: "made it easy" (higher is better) or "how much effort" (lower is better).`,
            // The hint names the scale the column was read on, in both directions.
            `State it with --scale ces=${scale.min}-${scale.max}:higher (easy at the top, as in CES 2.0) or --scale ces=${scale.min}-${scale.max}:lower (easy at the bottom, as in CES 1.0), or name another column with --column ces=COLUMN.`,
          );
        }
        entry.higherIsBetter = higher;
        inferred.push(`CES scale ${scale.min}-${scale.max} ${how}, ${higher ? 'higher' : 'lower'} is better ${why}; easy = the ${higher ? 'upper' : 'lower'} side.`);
      }
      strays(column, analyse(values, kind, { ...options, ...entry.answers }), scale, metric);
    }
    scales[metric] = metric === 'ces' ? { ...entry.scale, higherIsBetter: entry.higherIsBetter } : { ...entry.scale };
    metrics.push(entry);
  }
  inferred.push(...rejected);

  if (metrics.length === 0) {
    throw new InputError(
      'No NPS, CSAT, CES or FCR column found in the export.',
      `${rejected.length > 0 ? rejected.join(' ') + ' ' : ''}Name the columns with --column nps=COLUMN (by column id, question text or ImportId).`,
    );
  }

  // Dimensions: canonical names first (channel, stage, touchpoint), then any column.
  const dimColumn = (name: string): ColumnInfo | undefined => {
    const reference = explicit(name);
    if (reference !== undefined) return findColumn(layout, reference, name);
    const pattern = Object.hasOwn(DIM_PATTERNS, name) ? DIM_PATTERNS[name] : undefined;
    if (pattern) return layout.columns.find((c) => pattern.test(c.id) || pattern.test(c.text));
    return undefined;
  };
  const canonical = new Map<string, ColumnInfo>();
  for (const name of ['channel', 'stage', 'touchpoint']) {
    const column = dimColumn(name);
    if (column) {
      columns[name] = column.id;
      canonical.set(name, column);
    }
  }
  const dims = request.by.map((name) => {
    const column = dimColumn(name) ?? findColumn(layout, name, `--by ${name}`);
    columns[name] ??= column.id;
    return { name, index: column.index };
  });
  for (const name of request.optionalBy ?? []) {
    const column = dimColumn(name);
    if (column && !dims.some((d) => d.name === name)) dims.push({ name, index: column.index });
  }

  const byId = (pattern: RegExp) => layout.columns.find((c) => pattern.test(c.id));
  const responseRef = explicit('response_id');
  const responseId = responseRef !== undefined ? findColumn(layout, responseRef, 'response ids') : byId(RESPONSE_ID[layout.platform]);
  if (responseId) columns.response_id = responseId.id;

  let date: AggregationPlan['date'];
  let timeZone: string | undefined;
  const period = request.period ?? request.optionalPeriod;
  const dateRef = period ? explicit('date') : undefined;
  const dateColumn = !period
    ? undefined
    : dateRef !== undefined
      ? findColumn(layout, dateRef, 'dates')
      : DATE_COLUMNS[layout.platform].map(byId).find((c) => c !== undefined);
  if (request.period && !dateColumn) {
    throw new InputError('No date column found for --period.', 'Name it with --column date=COLUMN.');
  }
  if (!request.period && request.optionalPeriod && !dateColumn) inferred.push('No date column found: no trend by period.');
  if (period && dateColumn) {
    const column = dateColumn;
    columns.date = column.id;
    const fallback: DateOrder = layout.platform === 'qualtrics' || layout.platform === 'typeform' ? 'ymd' : 'mdy';
    const guess = detectDateOrder(sampleValues(sample, column.index), fallback);
    if (guess.ambiguous && guess.order !== 'ymd') {
      inferred.push(`Dates in '${column.id}' read as ${guess.order === 'dmy' ? 'day-first' : 'month-first'} (${guess.evidence}); every sampled date fits both orders.`);
    } else {
      inferred.push(`Dates in '${column.id}': ${guess.evidence}.`);
    }
    // The ImportId row is data: a zone name mangled in it must not reach Intl.
    const headerZone = column.timeZone !== undefined && isValidTimeZone(column.timeZone) ? column.timeZone : undefined;
    if (!request.timeZone && column.timeZone !== undefined && headerZone === undefined) {
      warnings.push({
        code: 'csv/bad-time-zone',
        message: `The ImportId row gives '${clip(column.timeZone, 40)}' as the time zone of '${column.id}', which is not a known time zone: dates are read as UTC.`,
        column: column.id,
      });
    }
    timeZone = request.timeZone ?? headerZone ?? 'UTC';
    if (!request.timeZone && headerZone) inferred.push(`Time zone ${headerZone} from the export's ImportId row.`);
    date = { index: column.index, order: guess.order, timeZone, period };
  }

  const statusColumn = layout.platform === 'qualtrics' ? byId(/^Status$/) : undefined;
  const distribution = layout.platform === 'qualtrics' ? byId(/^DistributionChannel$/) : undefined;
  const finishedColumn =
    layout.platform === 'qualtrics' ? byId(/^Finished$/) : layout.platform === 'typeform' ? byId(/^Response Type$/) : undefined;

  // Verbatim comments, by touchpoint: only when the export has a touchpoint column. The column is
  // the one named, else inferred among the columns no metric, dimension, date or id holds.
  let comment: AggregationPlan['comment'];
  const touchpoint = canonical.get('touchpoint');
  const commentRef = explicit('comment');
  if (touchpoint) {
    let column: ColumnInfo | undefined;
    if (commentRef !== undefined) {
      column = findColumn(layout, commentRef, 'comments');
      inferred.push(`Comments from '${column.id}', as named: up to five per touchpoint, e-mail addresses and phone numbers masked.`);
    } else {
      const taken = new Set<number>([
        ...metrics.map((m) => m.index),
        ...dims.map((d) => d.index),
        ...[...canonical.values()].map((c) => c.index),
        ...[responseId, dateColumn, statusColumn, distribution, finishedColumn].flatMap((c) => (c ? [c.index] : [])),
      ]);
      // Qualtrics text-entry answers (Q5_TEXT) are candidates here; other metadata is not.
      const choice = inferCommentColumn(layout.columns, sample, taken, (c) => METADATA.has(c.id.toLowerCase()) || /_NPS_GROUP$/i.test(c.id));
      column = choice.column;
      if (choice.note) inferred.push(choice.note);
    }
    if (column) {
      columns.comment = column.id;
      comment = { index: column.index, touchpoint: touchpoint.index };
    }
  } else if (commentRef !== undefined) {
    findColumn(layout, commentRef, 'comments');
    inferred.push(`Comments column '${commentRef.replace(/\s+/g, ' ').trim()}' is named, but the export has no touchpoint column: comments are kept per touchpoint only.`);
  }

  return {
    plan: {
      platform: layout.platform,
      headerRows: layout.headerRows,
      width: layout.columns.length === 0 ? 0 : Math.max(...layout.columns.map((c) => c.index)) + 1,
      columnIds: layout.columns.reduce<string[]>((ids, c) => {
        ids[c.index] = c.id;
        return ids;
      }, []),
      metrics,
      dims,
      ...(date ? { date } : {}),
      ...(responseId ? { responseId: responseId.index } : {}),
      ...(statusColumn ? { status: statusColumn.index } : {}),
      ...(distribution ? { distributionChannel: distribution.index } : {}),
      ...(finishedColumn ? { finished: { index: finishedColumn.index, kind: layout.platform === 'typeform' ? 'typeform' : 'qualtrics' } } : {}),
      ...(comment ? { comment } : {}),
      completeOnly: request.completeOnly,
      decimalComma,
    },
    columns,
    inferred,
    warnings,
    scales,
    ...(timeZone ? { timeZone } : {}),
  };
}

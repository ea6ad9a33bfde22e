import { InputError } from '../errors.js';
import type { SurveyBinding } from '../model.js';
import { didYouMean } from '../suggest.js';
import type { DateOrder } from './dates.js';
import { detectDateOrder, isValidTimeZone } from './dates.js';
import type { ColumnInfo, Layout } from './layout.js';
import type { AnswerKind, NormalizeOptions } from './normalize.js';
import { agreementScaleOf, normalizeAnswer } from './normalize.js';
import type { MetricName, MetricsWarning, Period, Platform, Scale } from './types.js';
import { METRIC_NAMES } from './types.js';
import { clip } from '../clip.js';

export interface ScaleSpec extends Scale {
  higherIsBetter?: boolean;
}

/** What the user asked for, beyond the file itself. */
export interface MetricsRequest {
  platform?: Platform;
  /** --column METRIC=COLUMN (metrics, canonical dimensions, date, response_id). */
  columns: Record<string, string>;
  /** --scale METRIC=MIN-MAX[:higher|lower]. */
  scales: Partial<Record<MetricName, ScaleSpec>>;
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
  agreementPoints?: 5 | 7;
}

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

interface Fit {
  ok: boolean;
  numbers: number[];
  labels: { set: string; scale: Scale; higherIsBetter?: boolean }[];
}

/** How the sample of a column normalises for a metric: mostly answers, and which values. */
function fit(values: readonly string[], kind: AnswerKind, options: NormalizeOptions): Fit {
  const numbers: number[] = [];
  const labels: Fit['labels'] = [];
  let answers = 0;
  let invalid = 0;
  for (const raw of new Set(values)) {
    const n = normalizeAnswer(raw, kind, options);
    if (n.kind === 'value') {
      answers++;
      numbers.push(n.value);
      if (n.label) labels.push(n.label);
    } else if (n.kind === 'invalid') {
      invalid++;
    }
  }
  return { ok: answers > 0 && invalid <= Math.max(1, answers * 0.2), numbers, labels };
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

  for (const metric of METRIC_NAMES) {
    const reference = explicit(metric);
    let column: ColumnInfo | undefined;
    let kind: AnswerKind = metric;
    if (reference !== undefined) {
      column = findColumn(layout, reference, metric.toUpperCase());
    } else {
      const pattern = TEXT_PATTERNS[metric];
      const candidates = layout.columns.filter((c) => {
        if (isMetadata(c) || used.has(c.index)) return false;
        if (!pattern.id.test(c.id) && !pattern.text.test(c.text)) return false;
        return fit(sampleValues(sample, c.index), metric, options).ok || sampleValues(sample, c.index).length === 0;
      });
      // Qualtrics NPS: Q1 is the 0..10 column beside Q1_NPS_GROUP.
      if (metric === 'nps') {
        const group = layout.columns.find((c) => /_NPS_GROUP$/i.test(c.id));
        const base = group && layout.columns.find((c) => c.id === group.id.replace(/_NPS_GROUP$/i, ''));
        if (base) {
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
            `${pool.length} columns look like ${metric.toUpperCase()}: ${pool.map(describe).join(', ')}.`,
            `Say which one with --column ${metric}=${pool[0]!.id}.`,
          );
        }
        column = pool[0];
        if (column) {
          // "id" only where the export has ids apart from the question text (Qualtrics Q1 and its text).
          const how = column.text === column.id ? 'header' : pattern.id.test(column.id) ? 'id' : 'question text';
          inferred.push(`${metric.toUpperCase()} column ${describe(column)} found from its ${how}.`);
        }
      }
    }
    if (!column) continue;
    used.add(column.index);
    columns[metric] = column.id;
    const values = sampleValues(sample, column.index);
    const shape = fit(values, kind, options);
    const bound = request.binding?.scales?.[metric];
    const given: ScaleSpec | undefined =
      request.scales[metric] ??
      (bound ? { min: bound.min, max: bound.max, ...(bound.higher_is_better !== undefined ? { higherIsBetter: bound.higher_is_better } : {}) } : undefined);
    const entry: MetricColumn = { metric, index: column.index, kind, scale: { min: 0, max: 10 }, higherIsBetter: true };
    const max = shape.numbers.length ? Math.max(...shape.numbers) : undefined;
    const min = shape.numbers.length ? Math.min(...shape.numbers) : undefined;

    if (metric === 'nps') {
      // A stray 11 is a bad value; a column of 1..11 with no 0 over a real sample is a recode.
      if (kind === 'nps' && min !== undefined && min >= 1 && max === 11 && values.length >= 20) {
        entry.npsShift = true;
        warnings.push({
          code: 'csv/nps-recode',
          message: `NPS column '${column.id}' holds values 1..11 and no 0: read as Qualtrics recodes of 0..10 (value - 1).`,
          column: column.id,
        });
      }
    } else if (metric === 'fcr') {
      entry.scale = { min: 0, max: 1 };
      const distinct = new Set(values.map((v) => v.trim()));
      if ([...distinct].every((v) => v === '1' || v === '2') && distinct.has('2')) {
        entry.fcrOneTwo = true;
        inferred.push(`FCR column '${column.id}' holds 1 and 2: read as Qualtrics' numeric coding 1 = Yes, 2 = No.`);
      }
    } else {
      const agreementPoints = shape.labels.some((l) => /agree/.test(l.set)) ? agreementScaleOf(values) : undefined;
      if (agreementPoints) entry.agreementPoints = agreementPoints;
      const label = shape.labels.find((l) => !/agree/.test(l.set)) ?? shape.labels[0];
      let scale: Scale | undefined = given ? { min: given.min, max: given.max } : undefined;
      let how = 'from --scale or the survey binding';
      if (!scale && agreementPoints) {
        scale = { min: 1, max: agreementPoints };
        how = `from its ${agreementPoints}-point agreement labels`;
      } else if (!scale && label) {
        scale = label.scale;
        how = `from its labels (${label.set})`;
      } else if (!scale && max !== undefined) {
        scale = max <= 5 ? { min: 1, max: 5 } : max <= 7 ? { min: 1, max: 7 } : { min: min === 0 ? 0 : 1, max: 10 };
        how = `from its values (highest ${max})`;
      }
      scale ??= { min: 1, max: 5 };
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
        if (higher === undefined && agreementPoints) {
          higher = true;
          why = 'from its agreement labels';
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
            `State it with --scale ces=1-7:higher (CES 2.0) or --scale ces=1-5:lower (CES 1.0), or name another column with --column ces=COLUMN.`,
          );
        }
        entry.higherIsBetter = higher;
        inferred.push(`CES scale ${scale.min}-${scale.max} ${how}, ${higher ? 'higher' : 'lower'} is better ${why}; easy = the ${higher ? 'upper' : 'lower'} side.`);
      }
    }
    scales[metric] = metric === 'ces' ? { ...entry.scale, higherIsBetter: entry.higherIsBetter } : { ...entry.scale };
    metrics.push(entry);
  }

  if (metrics.length === 0) {
    throw new InputError(
      'No NPS, CSAT, CES or FCR column found in the export.',
      'Name the columns with --column nps=COLUMN (by column id, question text or ImportId).',
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
  for (const name of ['channel', 'stage', 'touchpoint']) {
    const column = dimColumn(name);
    if (column) columns[name] = column.id;
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

import { clip } from '../../clip.js';
import { InputError } from '../../errors.js';
import type { ColumnInfo } from '../layout.js';
import type { NormalizeOptions } from '../normalize.js';
import { foldAnswer } from '../normalize.js';
import type { AnswerKind, MetricName } from '../types.js';
import { METRIC_NAMES } from '../types.js';
import { describe, findColumn, isMetadata, sampleValues, wordOf } from './columns.js';
import type { MetricChoice } from './scales.js';
import { customLabels, metricColumn } from './scales.js';
import { analyse, misfit } from './shape.js';
import type { MetricColumn, PlanContext, PlanResult } from './types.js';

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

/** Where the metric columns are searched: columns already taken or named for a metric are not candidates. */
interface MetricSearch {
  ctx: PlanContext;
  /** Columns named for a metric (--column csat=Q8 keeps Q8 out of NPS). */
  named: Map<MetricName, ColumnInfo>;
  reserved: Set<number>;
  used: Set<number>;
  /** Notes on columns that mention a metric but were not taken, each once. */
  rejected: string[];
}

/**
 * The metric columns: each named one (--column, the binding), else the one column whose id or
 * question text names the metric and whose answers fit it. Throws when none is found.
 */
export function planMetrics(ctx: PlanContext): { metrics: MetricColumn[]; scales: PlanResult['scales'] } {
  const named = new Map<MetricName, ColumnInfo>();
  for (const metric of METRIC_NAMES) {
    const reference = ctx.explicit(metric);
    if (reference !== undefined) named.set(metric, findColumn(ctx.layout, reference, metric.toUpperCase()));
  }
  const search: MetricSearch = { ctx, named, reserved: new Set([...named.values()].map((c) => c.index)), used: new Set(), rejected: [] };
  const metrics: MetricColumn[] = [];
  const scales: PlanResult['scales'] = {};
  for (const metric of METRIC_NAMES) {
    const custom = customLabels(metric, ctx.request);
    const found = named.has(metric) ? { column: named.get(metric)!, kind: metric } : inferMetricColumn(search, metric, custom);
    if (!found) continue;
    search.used.add(found.column.index);
    ctx.columns[metric] = found.column.id;
    const choice: MetricChoice = { metric, column: found.column, kind: found.kind, named: named.has(metric), custom };
    const entry = metricColumn(ctx, choice);
    scales[metric] = metric === 'ces' ? { ...entry.scale, higherIsBetter: entry.higherIsBetter } : { ...entry.scale };
    metrics.push(entry);
  }
  ctx.inferred.push(...search.rejected);
  if (metrics.length === 0) {
    throw new InputError(
      'No NPS, CSAT, CES or FCR column found in the export.',
      `${search.rejected.length > 0 ? search.rejected.join(' ') + ' ' : ''}Name the columns with --column nps=COLUMN (by column id, question text or ImportId).`,
    );
  }
  return { metrics, scales };
}

/** The column a metric is inferred from, if one: the Qualtrics NPS pair first, else the one candidate. */
function inferMetricColumn(search: MetricSearch, metric: MetricName, custom: string[] | undefined): { column: ColumnInfo; kind: AnswerKind } | undefined {
  const { ctx } = search;
  const candidates = metricCandidates(search, metric, custom);
  if (metric === 'nps') {
    const qualtrics = qualtricsNpsColumn(search, candidates.length);
    if (qualtrics) return qualtrics;
  }
  const withData = candidates.filter((c) => sampleValues(ctx.sample, c.index).length > 0);
  const pool = withData.length > 0 ? withData : candidates;
  const NAME = metric.toUpperCase();
  if (pool.length > 1) {
    throw new InputError(`${pool.length} columns look like ${NAME}: ${pool.map(describe).join(', ')}.`, `Say which one with --column ${metric}=${pool[0]!.id}.`);
  }
  const column = pool[0];
  if (!column) return undefined;
  // "id" only where the export has ids apart from the question text (Qualtrics Q1 and its text).
  const how = column.text === column.id ? 'header' : TEXT_PATTERNS[metric].id.test(column.id) ? 'id' : 'question text';
  ctx.inferred.push(`${NAME} column ${describe(column)} found from its ${how}.`);
  return { column, kind: metric };
}

/** Qualtrics NPS: Q1 is the 0..10 column beside Q1_NPS_GROUP; the group column alone when no other candidate. */
function qualtricsNpsColumn(search: MetricSearch, candidates: number): { column: ColumnInfo; kind: AnswerKind } | undefined {
  const { layout, inferred } = search.ctx;
  const group = layout.columns.find((c) => /_NPS_GROUP$/i.test(c.id) && !search.reserved.has(c.index));
  const base = group && layout.columns.find((c) => c.id === group.id.replace(/_NPS_GROUP$/i, ''));
  if (base && !search.reserved.has(base.index)) return { column: base, kind: 'nps' };
  if (group && candidates === 0) {
    inferred.push(`NPS from the group column '${group.id}' (no 0-10 column beside it): only the score and group counts are known.`);
    return { column: group, kind: 'nps-group' };
  }
  return undefined;
}

/** Columns whose id or text names the metric and whose sampled answers fit it; the others are noted as rejected. */
function metricCandidates(search: MetricSearch, metric: MetricName, custom: string[] | undefined): ColumnInfo[] {
  const { ctx } = search;
  const answerOptions: NormalizeOptions = custom ? { ...ctx.options, labels: custom, labelStart: metric === 'nps' || metric === 'fcr' ? 0 : 1 } : ctx.options;
  const pattern = TEXT_PATTERNS[metric];
  const reject = (note: string) => {
    if (!search.rejected.includes(note)) search.rejected.push(note);
  };
  return ctx.layout.columns.filter((c) => {
    if (isMetadata(c) || search.used.has(c.index) || search.reserved.has(c.index)) return false;
    const word = wordOf(pattern.id, c.id) ?? wordOf(pattern.text, c.text);
    if (word === undefined) return false;
    const mention = `${describe(c)} mentions '${clip(word, 30)}'`;
    const values = sampleValues(ctx.sample, c.index);
    const screening = screeningOf(c, values);
    if (screening !== undefined) {
      reject(`${describe(c)} ${screening}: a consent or screening question, not a metric.`);
      return false;
    }
    const bound = ctx.request.binding?.scales?.[metric];
    const holds = misfit(metric, analyse(values, metric, { ...answerOptions, wholePoints: true }), custom !== undefined, ctx.request.scales[metric] ?? bound);
    const unknownLabels =
      holds?.startsWith('answers such as') && metric !== 'nps' && metric !== 'fcr' ? ` (labels of its own can be given with --labels ${metric}=LOWEST|...|HIGHEST)` : '';
    if (holds !== undefined) reject(`${mention} but holds ${holds}: not taken as ${metric.toUpperCase()}${unknownLabels}.`);
    return holds === undefined;
  });
}

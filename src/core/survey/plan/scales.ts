import { clip } from '../../clip.js';
import { InputError } from '../../errors.js';
import type { ColumnInfo } from '../layout.js';
import type { LabelInfo } from '../normalize.js';
import { foldAnswer, scalePointsOf, wordingCovers } from '../normalize.js';
import type { AnswerKind, MetricName, Scale } from '../types.js';
import { describe, sampleValues } from './columns.js';
import type { Shape } from './shape.js';
import { analyse, core, countOf, isNpsRecode, misfit, numericScale, outside, range, RATING_SCALES } from './shape.js';
import type { AnswerOptions, MetricColumn, MetricsRequest, PlanContext, ScaleSpec } from './types.js';
import { surveyWarning } from '../warnings.js';

const CES_HIGHER = /made it easy|easy for me|easy to (handle|resolve|get|do|find)|einfach gemacht|leicht gemacht|facile de|fácil|agree/i;
const CES_LOWER = /how much effort|effort (did|do|have) you|personally (have to )?put forth|aufwand.*(hatten|mussten|war)|effort avez-vous|esfuerzo.*(tuvo|hizo|ha)/i;

/** The user's own labels for a metric (--labels, else the survey binding), checked. */
export function customLabels(metric: MetricName, request: MetricsRequest): string[] | undefined {
  const fromFlag = request.labels !== undefined && Object.hasOwn(request.labels, metric) ? request.labels[metric] : undefined;
  const bound = request.binding?.labels;
  const labels = fromFlag ?? (bound !== undefined && Object.hasOwn(bound, metric) ? bound[metric] : undefined);
  if (labels === undefined) return undefined;
  const where = fromFlag ? `--labels ${metric}=...` : `survey.labels.${metric}`;
  if (labels.length < 2)
    throw new InputError(`${where} gives ${labels.length} label; a scale needs at least two.`, 'List every label from the lowest point to the highest, separated by |.');
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

/** Notes the sampled answers outside a metric's scale, which are kept out of the counts. */
export function noteStrays(ctx: PlanContext, column: ColumnInfo, shape: Shape, scale: Scale, metric: MetricName): void {
  const out = outside(shape, scale);
  if (out.length === 0) return;
  const count = countOf(out);
  const list = out.map(([v, c]) => (c > 1 ? `${v} ×${c}` : `${v}`)).join(', ');
  ctx.inferred.push(
    `${metric.toUpperCase()} column '${column.id}': ${count} of the ${shape.n} answers sampled (${clip(list, 60)}) ${count === 1 ? 'lies' : 'lie'} outside its scale ${scale.min}-${scale.max}: the scale is kept, and ${count === 1 ? 'that answer is' : 'those answers are'} not counted (the warnings give the lines).`,
  );
}

/** The scale given for a metric: --scale, else the survey binding's. */
export function givenScale(request: MetricsRequest, metric: MetricName): ScaleSpec | undefined {
  const bound = request.binding?.scales?.[metric];
  return (
    request.scales[metric] ?? (bound ? { min: bound.min, max: bound.max, ...(bound.higher_is_better !== undefined ? { higherIsBetter: bound.higher_is_better } : {}) } : undefined)
  );
}

/** The metric column chosen for `metric`, read as `kind`, and what was named or given for it. */
export interface MetricChoice {
  metric: MetricName;
  column: ColumnInfo;
  kind: AnswerKind;
  /** Named by --column or the binding rather than inferred. */
  named: boolean;
  custom: string[] | undefined;
}

/** How the chosen column is read: its scale, direction and answer options, with the notes and warnings that go with them. */
export function metricColumn(ctx: PlanContext, choice: MetricChoice): MetricColumn {
  const { metric, column, kind, custom } = choice;
  const NAME = metric.toUpperCase();
  const values = sampleValues(ctx.sample, column.index);
  const given = givenScale(ctx.request, metric);
  const whole = given === undefined || (Number.isInteger(given.min) && Number.isInteger(given.max));
  const answerOptions = custom ? { ...ctx.options, labels: custom, labelStart: metric === 'nps' || metric === 'fcr' ? 0 : 1 } : ctx.options;
  const shape = analyse(values, kind, { ...answerOptions, wholePoints: whole });
  if (choice.named && kind === metric) {
    const holds = misfit(metric, shape, custom !== undefined);
    if (holds !== undefined) {
      ctx.warnings.push(
        surveyWarning({
          code: 'csv/metric-mismatch',
          message: `Column ${describe(column)} is named for ${NAME} but holds ${holds}, which does not look like ${NAME} answers; it is read as ${NAME} as asked.`,
          field: column.id,
        }),
      );
    }
  }
  const entry: MetricColumn = { metric, index: column.index, kind, scale: { min: 0, max: 10 }, higherIsBetter: true, answers: { wholePoints: whole } };
  if (custom && (metric === 'nps' || metric === 'fcr')) Object.assign(entry.answers, { labels: custom, labelStart: 0 });
  if (metric === 'nps') planNps(ctx, entry, column, shape, custom);
  else if (metric === 'fcr') planFcr(ctx, entry, column, values, custom);
  else {
    planRating(ctx, entry, column, shape, given, custom);
    noteStrays(ctx, column, analyse(values, kind, { ...ctx.options, ...entry.answers }), entry.scale, metric);
  }
  return entry;
}

function planNps(ctx: PlanContext, entry: MetricColumn, column: ColumnInfo, shape: Shape, custom: readonly string[] | undefined): void {
  if (custom && custom.length !== 11) {
    throw new InputError(`${custom.length} labels are given for NPS; an NPS question has 11 points (0-10).`, 'List the 11 labels from 0 to 10, or leave NPS to its numbers.');
  }
  if (entry.kind !== 'nps') return;
  // A stray 11 is a bad value; a column of 1..11 with no 0 over a real sample is a recode.
  if (isNpsRecode(shape)) {
    entry.npsShift = true;
    ctx.warnings.push(
      surveyWarning({
        code: 'csv/nps-recode',
        message: `NPS column '${column.id}' holds values 1..11 and no 0: read as Qualtrics recodes of 0..10 (value - 1).`,
        field: column.id,
      }),
    );
  } else {
    noteStrays(ctx, column, shape, { min: 0, max: 10 }, 'nps');
  }
}

function planFcr(ctx: PlanContext, entry: MetricColumn, column: ColumnInfo, values: readonly string[], custom: readonly string[] | undefined): void {
  entry.scale = { min: 0, max: 1 };
  if (custom && custom.length !== 2) {
    throw new InputError(
      `${custom.length} labels are given for FCR; a first-contact-resolution answer has two (no, then yes).`,
      'Give the no label first, then the yes label: --labels "fcr=Not resolved|Resolved".',
    );
  }
  const distinct = new Set(values.map((v) => v.trim()));
  if ([...distinct].every((v) => v === '1' || v === '2') && distinct.has('2')) {
    entry.fcrOneTwo = true;
    ctx.inferred.push(`FCR column '${column.id}' holds 1 and 2: read as Qualtrics' numeric coding 1 = Yes, 2 = No.`);
  }
}

function planRating(ctx: PlanContext, entry: MetricColumn, column: ColumnInfo, shape: Shape, given: ScaleSpec | undefined, custom: readonly string[] | undefined): void {
  const { scale, how, label } = ratingScale(entry.metric, column, shape, given, custom, entry.answers);
  entry.scale = scale;
  if (entry.metric === 'csat') {
    ctx.inferred.push(`CSAT scale ${scale.min}-${scale.max} ${how}; satisfied = the top two points.`);
    return;
  }
  const { higher, why } = cesDirection(column, scale, given, label);
  entry.higherIsBetter = higher;
  ctx.inferred.push(`CES scale ${scale.min}-${scale.max} ${how}, ${higher ? 'higher' : 'lower'} is better ${why}; easy = the ${higher ? 'upper' : 'lower'} side.`);
}

/** Whether higher CES answers are better: as stated, else from the column's labels, else from its question text. */
function cesDirection(column: ColumnInfo, scale: Scale, given: ScaleSpec | undefined, label: LabelInfo | undefined): { higher: boolean; why: string } {
  if (given?.higherIsBetter !== undefined) return { higher: given.higherIsBetter, why: 'as stated' };
  if (label?.higherIsBetter !== undefined) return { higher: label.higherIsBetter, why: `from its labels (${label.set})` };
  const text = `${column.text} ${column.id}`;
  const up = CES_HIGHER.test(text);
  const down = CES_LOWER.test(text);
  if (up !== down) return { higher: up, why: `from its question text ("${clip(column.text, 60)}")` };
  throw new InputError(
    `Cannot tell the CES convention of column ${describe(column)}: "made it easy" (higher is better) or "how much effort" (lower is better).`,
    // The hint names the scale the column was read on, in both directions.
    `State it with --scale ces=${scale.min}-${scale.max}:higher (easy at the top, as in CES 2.0) or --scale ces=${scale.min}-${scale.max}:lower (easy at the bottom, as in CES 1.0), or name another column with --column ces=COLUMN.`,
  );
}

import type { Layout } from '../layout.js';
import { planComment } from './comment.js';
import { planDate } from './dates.js';
import { metadataColumns, planDimensions, planResponseId } from './dimensions.js';
import { planMetrics } from './metrics.js';
import type { AggregationPlan, MetricsRequest, PlanContext, PlanResult } from './types.js';

export { MissingColumnError } from './columns.js';
export type { AggregationPlan, AnswerOptions, MetricColumn, MetricsRequest, PlanResult, ScaleSpec } from './types.js';

/**
 * Decides which columns hold which metric, on which scale and in which direction, from the
 * user's overrides, the map's survey binding, the column ids and question texts, and the
 * values of a sample of rows. Whatever is inferred is reported; what cannot be decided safely
 * (two candidate columns, an unknown CES direction) is an InputError asking for --column or
 * --scale, never a guess.
 */
export function buildPlan(layout: Layout, sample: readonly string[][], request: MetricsRequest, decimalComma: boolean): PlanResult {
  const own = (record: Readonly<Record<string, string>> | undefined, key: string): string | undefined =>
    record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
  const ctx: PlanContext = {
    layout,
    sample,
    request,
    options: { decimalComma },
    inferred: [],
    warnings: [],
    // Keys are column names from the export and --by: `__proto__` must be an ordinary key.
    columns: Object.create(null) as Record<string, string>,
    explicit: (key) => own(request.columns, key) ?? own(request.binding?.columns, key),
  };
  const { metrics, scales } = planMetrics(ctx);
  const { dims, canonical } = planDimensions(ctx);
  const responseId = planResponseId(ctx);
  const { column: dateColumn, date, timeZone } = planDate(ctx);
  const { status, distribution, finished } = metadataColumns(layout);
  const taken = new Set<number>([
    ...metrics.map((m) => m.index),
    ...dims.map((d) => d.index),
    ...[...canonical.values()].map((c) => c.index),
    ...[responseId, dateColumn, status, distribution, finished].flatMap((c) => (c ? [c.index] : [])),
  ]);
  const comment = planComment(ctx, canonical.get('touchpoint'), taken);
  const plan: AggregationPlan = {
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
    ...(status ? { status: status.index } : {}),
    ...(distribution ? { distributionChannel: distribution.index } : {}),
    ...(finished ? { finished: { index: finished.index, kind: layout.platform === 'typeform' ? 'typeform' : 'qualtrics' } } : {}),
    ...(comment ? { comment } : {}),
    completeOnly: request.completeOnly,
    decimalComma,
  };
  return { plan, columns: ctx.columns, inferred: ctx.inferred, warnings: ctx.warnings, scales, ...(timeZone ? { timeZone } : {}) };
}

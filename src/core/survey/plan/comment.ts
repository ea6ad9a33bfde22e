import { inferCommentColumn } from '../comments.js';
import type { ColumnInfo } from '../layout.js';
import { findColumn, METADATA } from './columns.js';
import type { AggregationPlan, PlanContext } from './types.js';

/**
 * Verbatim comments, by touchpoint: only when the export has a touchpoint column. The column is
 * the one named, else inferred among the columns no metric, dimension, date or id holds (`taken`).
 */
export function planComment(ctx: PlanContext, touchpoint: ColumnInfo | undefined, taken: ReadonlySet<number>): AggregationPlan['comment'] {
  const reference = ctx.explicit('comment');
  if (!touchpoint) {
    if (reference !== undefined) {
      findColumn(ctx.layout, reference, 'comments');
      ctx.inferred.push(`Comments column '${reference.replace(/\s+/g, ' ').trim()}' is named, but the export has no touchpoint column: comments are kept per touchpoint only.`);
    }
    return undefined;
  }
  let column: ColumnInfo | undefined;
  if (reference !== undefined) {
    column = findColumn(ctx.layout, reference, 'comments');
    ctx.inferred.push(`Comments from '${column.id}', as named: up to five per touchpoint, e-mail addresses, phone numbers, card numbers and IBANs masked.`);
  } else {
    // Qualtrics text-entry answers (Q5_TEXT) are candidates here; other metadata is not.
    const choice = inferCommentColumn(ctx.layout.columns, ctx.sample, taken, (c) => METADATA.has(c.id.toLowerCase()) || /_NPS_GROUP$/i.test(c.id));
    column = choice.column;
    if (choice.note) ctx.inferred.push(choice.note);
  }
  if (!column) return undefined;
  ctx.columns.comment = column.id;
  return { index: column.index, touchpoint: touchpoint.index };
}

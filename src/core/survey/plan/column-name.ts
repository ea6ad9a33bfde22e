import type { AggregationPlan } from './types.js';

/** A column's header as warnings name it; `column N` (1-based) for a column past the header row. */
export function columnName(plan: Pick<AggregationPlan, 'columnIds'>, index: number): string {
  return plan.columnIds[index] ?? `column ${index + 1}`;
}

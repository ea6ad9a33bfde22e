/**
 * The counts of `journey metrics --emit-sql`'s query, read back into an AggregateState: the same
 * rules as the Aggregator (label -> point, NPS recode, scales, finished, --complete-only, period
 * keys, segments) applied once per distinct raw text with its count instead of once per row.
 */
import type { AggregateState, GroupState } from '../aggregate.js';
import { MAX_WARNINGS, addCount, emptyGroup, emptyState, resolver, segmentGroup } from '../aggregate.js';
import { clip } from '../../clip.js';
import { createPeriodKeyer } from '../dates/index.js';
import type { AggregationPlan } from '../plan/index.js';
import { surveyWarning } from '../warnings.js';
import { columnName } from '../plan/column-name.js';

/** One row of the query's result (CSV or JSON): texts as the warehouse grouped them, and a count. */
export interface CountRow {
  /** 'plan' | 'excluded' | 'duplicate' | 'responses' | 'answers' | 'period-responses' | 'period-answers' */
  kind: string;
  /** The metric's position in plan.metrics (answers). */
  metric?: number;
  /** The exclusion reason (excluded), the response id (duplicate), the raw answer text (answers), the plan's JSON (plan). */
  value: string;
  /** The raw texts of the --by columns, in plan.dims order. */
  dims: string[];
  /** The date column's text, or one keyed to the same period (emit.ts dateBucket; period rows only). */
  period: string;
  /** The Finished (or Typeform response type) column's text. */
  finished: string;
  n: number;
}

/** A Finished cell as the Aggregator reads it. */
function isFinished(plan: AggregationPlan, raw: string): boolean {
  const value = raw.trim().toLowerCase();
  return plan.finished!.kind === 'typeform' ? value !== 'partial' : value === '1' || value === 'true';
}

/** Builds the groups of one combination of dimension texts and date text, as the Aggregator does per row. */
class Groups {
  private readonly keyer: ((raw: string) => string | undefined) | undefined;
  private readonly combined: string | undefined;

  constructor(
    private readonly plan: AggregationPlan,
    private readonly state: AggregateState,
    private readonly warnings: CountWarnings,
  ) {
    this.keyer = plan.date ? createPeriodKeyer(plan.date.period, plan.date.order, plan.date.timeZone) : undefined;
    this.combined = plan.dims.length > 1 ? plan.dims.map((d) => d.name).join('+') : undefined;
  }

  /**
   * The groups of a row: overall and the segments of its --by texts (`responses`, `answers`
   * rows), or the period of its date text (`period-` rows; `counted`: an undated one is said).
   */
  of(row: CountRow, counted: boolean): GroupState[] {
    if (row.kind.startsWith('period-')) return this.period(row, counted);
    const groups = [this.state.overall];
    const values = this.plan.dims.map((dim, d) => {
      const value = (row.dims[d] ?? '').trim() || '(blank)';
      groups.push(this.group(dim.name, value));
      return value;
    });
    if (this.combined) groups.push(this.group(this.combined, `${values[0]!} / ${values.slice(1).join(' / ')}`));
    return groups;
  }

  private period(row: CountRow, counted: boolean): GroupState[] {
    const key = this.keyer?.(row.period);
    if (key === undefined) {
      if (counted) this.undated(row);
      return [];
    }
    let period = this.state.periods.get(key);
    if (!period) this.state.periods.set(key, (period = emptyGroup(this.plan.metrics.length)));
    return [period];
  }

  private undated(row: CountRow): void {
    this.state.undated += row.n;
    if (row.period.trim() === '') return;
    const field = columnName(this.plan, this.plan.date!.index);
    this.warnings.add(field, 'csv/bad-date', `'${clip(row.period, 40)}' is not a date this column's format can read.`, row.n);
  }

  private group(dimension: string, value: string): GroupState {
    return segmentGroup(this.state, dimension, value, this.plan.metrics.length);
  }
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Warnings about `n` rows each, without line numbers (the counts have none): one per text, with the rows added up. */
class CountWarnings {
  private readonly pending = new Map<string, { code: string; message: string; field: string; n: number }>();

  constructor(private readonly file: string) {}

  add(field: string, code: string, message: string, n: number): void {
    const key = `${field}\u0000${code}\u0000${message}`;
    const known = this.pending.get(key);
    if (known) known.n += n;
    else this.pending.set(key, { code, message, field, n });
  }

  /** Into the state, "...: 3 rows." when a text was found more than once; in a stable order. */
  flush(state: AggregateState): void {
    // The warehouse returns groups in any order: sorted, the report is the same from run to run.
    const sorted = [...this.pending.values()].sort((a, b) => byText(a.code, b.code) || byText(a.field, b.field) || byText(a.message, b.message));
    for (const { code, message, field, n } of sorted) {
      const text = n > 1 ? `${message.replace(/\.$/, '')}: ${n} rows.` : message;
      if (state.warnings.length < MAX_WARNINGS) state.warnings.push(surveyWarning({ code, message: text, ...(field ? { field } : {}), file: this.file }));
      else state.moreWarnings += n;
    }
  }
}

/**
 * The state a pass over the export would have produced, from the query's counts. Differences:
 * no verbatim comments (they are not aggregated), and warnings about rows carry counts without
 * line numbers (a response id or bad value found more than once is one warning with its count).
 */
export function stateFromCounts(plan: AggregationPlan, rows: readonly CountRow[], file: string): AggregateState {
  const state = emptyState(plan);
  const warnings = new CountWarnings(file);
  const groups = new Groups(plan, state, warnings);
  const counted = (row: CountRow) => !(plan.completeOnly && plan.finished && !isFinished(plan, row.finished));
  for (const row of rows) {
    if (row.kind === 'excluded' || row.kind === 'duplicate') {
      const reason = row.kind === 'duplicate' ? 'duplicate' : row.value;
      state.rows += row.n;
      state.excluded[reason] = (state.excluded[reason] ?? 0) + row.n;
      if (reason === 'ragged') {
        const message = `${row.n === 1 ? 'A row has' : `${row.n} rows have`} more or fewer fields than the header; ${row.n === 1 ? 'it is' : 'they are'} not counted.`;
        warnings.add('', 'csv/ragged-row', message, 1);
      }
      if (row.kind === 'duplicate' && plan.responseId !== undefined) {
        const field = columnName(plan, plan.responseId);
        warnings.add(field, 'csv/duplicate-response', `Response id '${clip(row.value, 40)}' appears again; only its first row counts.`, row.n);
      }
    } else if (row.kind === 'responses' || row.kind === 'period-responses') {
      const finished = plan.finished ? isFinished(plan, row.finished) : true;
      const isCounted = counted(row);
      if (row.kind === 'responses') {
        state.rows += row.n;
        if (isCounted) state.included += row.n;
        else state.excluded.incomplete = (state.excluded.incomplete ?? 0) + row.n;
      }
      for (const g of groups.of(row, isCounted)) {
        g.started += row.n;
        if (finished) g.finished += row.n;
      }
    }
  }
  const resolvers = plan.metrics.map((m) => resolver(m, plan.decimalComma));
  for (const row of rows) {
    if ((row.kind !== 'answers' && row.kind !== 'period-answers') || !counted(row)) continue;
    const m = row.metric!;
    const resolved = resolvers[m]!(row.value);
    if (resolved === null) continue;
    if (typeof resolved === 'string') {
      if (row.kind === 'period-answers') continue;
      const column = plan.metrics[m]!.index;
      warnings.add(columnName(plan, column), 'csv/bad-value', resolved, row.n);
      continue;
    }
    for (const g of groups.of(row, false)) addCount(g, m, plan.metrics.length, resolved, row.n);
  }
  warnings.flush(state);
  return state;
}

/**
 * Reads the result of `journey metrics --emit-sql`'s query, saved as CSV (with its header) or
 * JSON (an array of objects, or one object per line as DuckDB's COPY ... TO 'x.json' writes), into
 * the plan it carries and its count rows.
 */
import { parse } from 'csv-parse/sync';
import { InputError } from '../../core/errors.js';
import type { AggregationPlan } from '../../core/survey/plan/index.js';
import type { AggregatesMeta, CountRow } from '../../core/survey/sql/index.js';
import { AGGREGATES_VERSION } from '../../core/survey/sql/index.js';
import type { FileLimit, ReadScope } from '../read.js';
import { readNamedInput } from '../read.js';

const AGGREGATES_LIMIT: FileLimit = {
  maxBytes: 512 * 1024 * 1024,
  what: 'an aggregates file',
  hint: 'The counts of a survey are a few kilobytes unless --by names a column with very many values; segment by fewer values.',
};

export interface Aggregates {
  meta: AggregatesMeta;
  plan: AggregationPlan;
  rows: CountRow[];
}

type Cells = Record<string, unknown>;

function records(text: string, display: string): Cells[] {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('[')) {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed)) throw new InputError(`${display}: the JSON is not an array of rows.`);
    return parsed as Cells[];
  }
  if (trimmed.startsWith('{')) {
    return trimmed
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Cells);
  }
  return parse<Cells>(trimmed, { columns: true, skip_empty_lines: true, relax_column_count: false });
}

/** A cell as text: JSON numbers and strings as written, null and missing as ''. */
const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'bigint' ? String(value) : value == null ? '' : JSON.stringify(value);

/** One row of the result, checked: a count that is not a whole number is an input error at its row. */
function countRow(cells: Cells, at: number, display: string, dims: number, metrics: number): CountRow {
  const n = Number(text(cells.n));
  const kind = text(cells.kind);
  const metric = kind === 'answers' || kind === 'period-answers' ? Number(text(cells.metric)) : undefined;
  if (!Number.isSafeInteger(n) || n < 0 || (metric !== undefined && !(Number.isInteger(metric) && metric >= 0 && metric < metrics))) {
    throw new InputError(
      `${display}: row ${at + 1} is not a count of the query's (kind '${kind}', n '${text(cells.n)}').`,
      'Save the result of the query journey metrics --emit-sql printed, unchanged.',
    );
  }
  return {
    kind,
    ...(metric !== undefined ? { metric } : {}),
    value: text(cells.value),
    dims: Array.from({ length: dims }, (_, i) => text(cells[`d${i + 1}`])),
    period: text(cells.period),
    finished: text(cells.finished),
    n,
  };
}

/** The plan row's JSON, checked for the fields the counts are read with. */
function metaOf(all: Cells[], display: string): AggregatesMeta {
  const hint = 'Save the result of the query journey metrics --emit-sql printed (its first row is the plan), as CSV with a header or as JSON.';
  const row = all.find((r) => text(r.kind) === 'plan');
  if (!row) throw new InputError(`${display}: no 'plan' row: this is not the result of journey metrics --emit-sql.`, hint);
  let meta: AggregatesMeta;
  try {
    meta = JSON.parse(text(row.value)) as AggregatesMeta;
  } catch {
    throw new InputError(`${display}: the 'plan' row is not JSON.`, hint);
  }
  const plan = meta?.plan as Partial<AggregationPlan> | undefined;
  if (meta?.journeykit !== 'metrics-aggregates' || !plan || !Array.isArray(plan.metrics) || !Array.isArray(plan.dims) || !Array.isArray(plan.columnIds)) {
    throw new InputError(`${display}: the 'plan' row is not a journeykit plan.`, hint);
  }
  const version: unknown = (meta as { version?: unknown }).version;
  if (version !== AGGREGATES_VERSION) {
    throw new InputError(
      `${display}: aggregates format ${JSON.stringify(version) ?? 'none'}; this journeykit reads format ${AGGREGATES_VERSION}.`,
      'Emit the query again with this version.',
    );
  }
  return meta;
}

/** Reads and checks an aggregates file (a regular file in the workspace, within AGGREGATES_LIMIT). */
export async function readAggregates(scope: ReadScope, file: string): Promise<Aggregates> {
  const input = await readNamedInput(scope, file, 'Aggregates file', AGGREGATES_LIMIT);
  if ('diagnostic' in input) throw new InputError(`${input.file}: ${input.diagnostic.message}`, input.diagnostic.hint);
  let all: Cells[];
  try {
    all = records(new TextDecoder('utf-8', { fatal: false }).decode(input.bytes), input.file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${input.file}: neither CSV with a header nor JSON: ${(error as Error).message.replace(/\s+/g, ' ')}`);
  }
  const meta = metaOf(all, input.file);
  const plan = meta.plan;
  const rows = all.filter((r) => text(r.kind) !== 'plan').map((r, i) => countRow(r, i, input.file, plan.dims.length, plan.metrics.length));
  return { meta, plan, rows };
}

/**
 * The aggregation query of `journey metrics --emit-sql`: counts per raw answer text, per segment
 * and date text, run where the data lives. The SQL only excludes rows (preview, test, spam by the
 * same texts as the Aggregator; later rows of a response id) and groups raw texts; journeykit maps
 * labels to points, keys periods and judges completion when it reads the counts back
 * (counts.ts), so those rules stay in one place.
 */
import { STATUS } from '../aggregate.js';
import type { AggregationPlan } from '../plan/index.js';
import type { Dialect, SqlDialect } from './dialects.js';
import { SQL_DIALECTS } from './dialects.js';
import { columnName } from '../plan/column-name.js';

/** Where the rows are: the export file itself (DuckDB), or a table with the export's column names. */
export type SqlSource = { kind: 'file'; path: string; delimiter: string; encoding: string; skipRecords: number } | { kind: 'table'; name: string };

/** The plan and the facts about the export that the report needs, carried in the query's result. */
export interface AggregatesMeta {
  journeykit: 'metrics-aggregates';
  version: 1;
  plan: AggregationPlan;
  [fact: string]: unknown;
}

const FORMAT_VERSION = 1;
export { FORMAT_VERSION as AGGREGATES_VERSION };

/** A table name, `schema.table` or `project.dataset.table`: each part quoted. */
function tableName(d: SqlDialect, name: string): string {
  return name
    .split('.')
    .map((part) => d.ident(part))
    .join('.');
}

/** Columns read past the header's, to find rows with more fields (ragged, as the Aggregator says). */
const EXTRA_COLUMNS = 8;
/** No cell is NULL but a padded one: an empty cell is '' and a missing one (a short row) NULL. */
const NO_NULL = 'journeykit:no-null:7f3a9c';

/** A row with fewer fields than the header, or a non-empty one past it: not counted ('ragged'). */
function ragged(d: SqlDialect, width: number): string {
  const extra = Array.from({ length: EXTRA_COLUMNS }, (_, i) => `coalesce(${d.ident(`c${width + i}`)}, '') <> ''`);
  return `WHEN ${d.ident(`c${Math.max(width - 1, 0)}`)} IS NULL OR ${extra.join(' OR ')} THEN 'ragged'`;
}

/** DuckDB's read_csv of the export: every column as text, by position, in file order. */
function readCsv(d: SqlDialect, source: Extract<SqlSource, { kind: 'file' }>, width: number): string {
  const columns = Array.from({ length: width + EXTRA_COLUMNS }, (_, i) => `${d.literal(`c${i}`)}: 'VARCHAR'`).join(', ');
  const encoding = source.encoding.startsWith('utf-16') ? 'utf-16' : source.encoding === 'windows-1252' ? 'latin-1' : 'utf-8';
  return [
    `read_csv(${d.literal(source.path)}, header = false, auto_detect = false, delim = ${d.literal(source.delimiter)}, quote = '"', escape = '"',`,
    `      encoding = ${d.literal(encoding)}, nullstr = ${d.literal(NO_NULL)}, null_padding = true, strict_mode = false, parallel = false, columns = {${columns}})`,
  ].join('\n');
}

/** The text of column `index` in the source. */
function column(d: SqlDialect, plan: AggregationPlan, source: SqlSource, index: number): string {
  if (source.kind === 'file') return d.ident(`c${index}`);
  return `CAST(${d.ident(columnName(plan, index))} AS ${d.text})`;
}

/** Why a row is not counted at all (the Aggregator's STATUS and distribution channel rules), else NULL. */
function exclusion(d: SqlDialect, plan: AggregationPlan, source: SqlSource): string {
  const cases: string[] = source.kind === 'file' ? [ragged(d, plan.width)] : [];
  if (plan.status !== undefined) {
    const status = `lower(trim(${column(d, plan, source, plan.status)}))`;
    for (const reason of [...new Set(Object.values(STATUS))]) {
      const texts = Object.keys(STATUS).filter((text) => STATUS[text] === reason);
      cases.push(`WHEN ${status} IN (${texts.map((t) => d.literal(t)).join(', ')}) THEN ${d.literal(reason!)}`);
    }
  }
  if (plan.distributionChannel !== undefined) {
    const channel = `lower(trim(${column(d, plan, source, plan.distributionChannel)}))`;
    for (const reason of ['preview', 'test']) cases.push(`WHEN ${channel} = ${d.literal(reason)} THEN ${d.literal(reason)}`);
  }
  return cases.length === 0 ? `CAST(NULL AS ${d.text})` : `CASE ${cases.join(' ')} ELSE NULL END`;
}

/** A time of day `H:MM[:SS[.f]]` after the date (which has no colon), and the text around it. */
const HEAD = '^([^:]*[ T])';
const SECONDS = '(:[0-5][0-9](\\.[0-9]+)?)?';
const TIME = `:[0-5][0-9]${SECONDS}`;

/**
 * The date text grouped by: a text journeykit keys to the same period as every text it stands
 * for (docs/warehouse.md "Dates"). A wall time without offset on day D is on day D in the zone,
 * unless a time-zone transition skips it near midnight: from 01:00 to 22:59 (1 AM to 10:59 PM)
 * it stands as noon (10 PM or AM) of its day. Other times (23:xx, 00:xx, explicit offsets,
 * other shapes) keep their quarter hour: transitions and offsets fall on quarter hours.
 */
function dateBucket(d: SqlDialect, text: string): string {
  let expr = d.replace(text, `${HEAD}(0?[1-9]|1[0-9]|2[0-2])${TIME}$`, '\\112:00');
  expr = d.replace(expr, `${HEAD}(0?[1-9]|10)${TIME}( ?[AaPp][Mm])$`, '\\110:00\\5');
  for (const [minutes, quarter] of [
    ['0[0-9]|1[0-4]', '00'],
    ['1[5-9]|2[0-9]', '15'],
    ['3[0-9]|4[0-4]', '30'],
    ['4[5-9]|5[0-9]', '45'],
  ] as const) {
    expr = d.replace(expr, `^([^:]*):(${minutes})${SECONDS}`, `\\1:${quarter}:00`);
  }
  return expr;
}

/** The `rows` step: the columns the counts need, by stable names. */
function rowsStep(d: SqlDialect, plan: AggregationPlan, source: SqlSource): string {
  const col = (index: number) => column(d, plan, source, index);
  const none = `CAST(NULL AS ${d.text})`;
  const select = [
    source.kind === 'file' ? 'jk_line' : `CAST(0 AS ${d.name === 'bigquery' ? 'INT64' : 'BIGINT'}) AS jk_line`,
    `${exclusion(d, plan, source)} AS jk_excluded`,
    `${plan.responseId !== undefined ? `coalesce(trim(${col(plan.responseId)}), '')` : "''"} AS jk_id`,
    ...plan.dims.map((dim, i) => `${col(dim.index)} AS jk_d${i + 1}`),
    `${plan.date ? dateBucket(d, col(plan.date.index)) : none} AS jk_period`,
    `${plan.finished ? col(plan.finished.index) : none} AS jk_finished`,
    ...plan.metrics.map((m, i) => `${col(m.index)} AS jk_m${i}`),
  ];
  const from = source.kind === 'file' ? `(SELECT row_number() OVER () AS jk_line, * FROM ${readCsv(d, source, plan.width)})` : tableName(d, source.name);
  const where = source.kind === 'file' ? `\n  WHERE jk_line > ${source.skipRecords}` : '';
  return `SELECT\n    ${select.join(',\n    ')}\n  FROM ${from}${from.startsWith('(') ? ' AS jk_source' : ''}${where}`;
}

/** The `kept` step: a response id's later rows (in file order; in a table, any but one) are duplicates. */
function keptStep(): string {
  return [
    'SELECT jk_rows.*, CASE',
    "    WHEN jk_excluded IS NULL AND jk_id <> '' AND row_number() OVER (PARTITION BY jk_excluded, jk_id ORDER BY jk_line) > 1 THEN 'duplicate'",
    '    ELSE jk_excluded END AS jk_reason',
    '  FROM jk_rows',
  ].join('\n');
}

/**
 * The query. Its result has the columns kind, metric, value, period, finished, n, d1..dN (the
 * --by columns): one `plan` row (the plan as JSON, carried so that `--from-aggregates` needs no
 * export), `excluded` rows by reason, `duplicate` rows by response id, `responses` rows by segment texts, date text and Finished
 * text, and `answers` rows by metric and raw answer text as well.
 */
export function emitSql(dialect: Dialect, plan: AggregationPlan, source: SqlSource, meta: AggregatesMeta): string {
  const d = SQL_DIALECTS[dialect];
  const none = `CAST(NULL AS ${d.text})`;
  const dims = plan.dims.map((_, i) => `jk_d${i + 1}`);
  // The Finished text is needed per answer only when --complete-only leaves unfinished answers out.
  const finishedAnswers = plan.completeOnly && plan.finished !== undefined;
  const branch = (kind: string, metric: string, value: string, period: string, finished: string, dimensions: string[], tail: string) =>
    `SELECT ${d.literal(kind)} AS kind, ${metric} AS metric, ${value} AS value, ${period} AS period, ${finished} AS finished, ${tail.startsWith('FROM') ? 'count(*)' : '0'} AS n${dimensions
      .map((x, i) => `, ${x} AS d${i + 1}`)
      .join('')}${tail ? `\n  ${tail}` : ''}`;
  const nulls = dims.map(() => none);
  const counted = 'FROM jk_kept WHERE jk_reason IS NULL';
  const answers = (m: number, by: string[], period: string, kind: string) =>
    branch(
      kind,
      d.literal(String(m)),
      `jk_m${m}`,
      period,
      finishedAnswers ? 'jk_finished' : none,
      by === dims ? dims : nulls,
      `${counted} AND jk_m${m} IS NOT NULL AND jk_m${m} <> '' GROUP BY ${[...by, ...(finishedAnswers ? ['jk_finished'] : []), `jk_m${m}`].join(', ')}`,
    );
  // Segments and periods are grouped apart: the report has no segment-by-period figure.
  const branches = [
    branch('plan', none, d.literal(JSON.stringify(meta)), none, none, nulls, ''),
    branch('excluded', none, 'jk_reason', none, none, nulls, "FROM jk_kept WHERE jk_reason IS NOT NULL AND jk_reason <> 'duplicate' GROUP BY jk_reason"),
    branch('duplicate', none, 'jk_id', none, none, nulls, "FROM jk_kept WHERE jk_reason = 'duplicate' GROUP BY jk_id"),
    branch('responses', none, none, none, 'jk_finished', dims, `${counted} GROUP BY ${[...dims, 'jk_finished'].join(', ')}`),
    ...plan.metrics.map((_, m) => answers(m, dims, none, 'answers')),
    ...(plan.date
      ? [
          branch('period-responses', none, none, 'jk_period', 'jk_finished', nulls, `${counted} GROUP BY jk_period, jk_finished`),
          ...plan.metrics.map((_, m) => answers(m, ['jk_period'], 'jk_period', 'period-answers')),
        ]
      : []),
  ];
  return [
    `-- journeykit metrics aggregates (format ${FORMAT_VERSION}, ${dialect}): save the result as CSV or JSON, then`,
    '-- journey metrics --from-aggregates FILE. Verbatim comments are not aggregated.',
    `WITH jk_rows AS (\n  ${rowsStep(d, plan, source)}\n),`,
    `jk_kept AS (\n  ${keptStep()}\n)`,
    branches.join('\nUNION ALL\n'),
  ].join('\n');
}

import { UsageError } from '../../core/errors.js';
import type { MetricsFormatName } from '../../core/survey/formatters/index.js';
import { metricsFormatters } from '../../core/survey/formatters/index.js';
import type { SurveyOptions } from '../../core/survey/options.js';
import { checkSurveyOptions } from '../../core/survey/options.js';
import type { Dialect } from '../../core/survey/sql/index.js';
import { loadWorkspaceConfig } from '../../io/config.js';
import { loadMap } from '../../io/map.js';
import { packageVersion } from '../../io/package.js';
import { inputPaths } from '../../io/paths.js';
import { computeMetrics, emitMetricsSql, metricsFromAggregates } from '../../io/survey/metrics.js';
import { writeAtomic } from '../../io/write.js';
import type { CommandContext } from '../context.js';
import { printResult } from '../shared/print.js';

export interface MetricsFlags extends SurveyOptions {
  map?: string;
  check?: boolean;
  format: MetricsFormatName;
  output?: string;
  config?: string;
  emitSql?: boolean;
  dialect?: Dialect;
  table?: string;
  fromAggregates?: string;
}

/** The flags that shape the plan: with --from-aggregates the plan is the one the query was emitted with. */
const PLAN_FLAGS = ['by', 'period', 'tz', 'platform', 'completeOnly'] as const;

/** --emit-sql, --dialect, --table and --from-aggregates, checked against each other and the exports. */
function checkSqlFlags(files: readonly string[], flags: MetricsFlags): void {
  if (flags.fromAggregates !== undefined) {
    const shaping = [
      ...PLAN_FLAGS.filter((f) => flags[f] !== undefined && flags[f] !== false),
      ...(['column', 'scale', 'labels'] as const).filter((f) => (flags[f] ?? []).length > 0),
    ];
    if (files.length > 0 || flags.emitSql || shaping.length > 0) {
      const what = files.length > 0 ? 'an export' : flags.emitSql ? '--emit-sql' : `--${shaping[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new UsageError(
        `--from-aggregates takes no ${what}: the counts carry the plan (columns, scales, segments, periods) the query was emitted with.`,
        'Emit the query again with the flags you want (journey metrics EXPORT --emit-sql ...), run it, and read its result.',
      );
    }
    return;
  }
  if (files.length === 0) throw new UsageError("missing required argument 'exports'", 'Name the survey export(s), or give --from-aggregates FILE.');
  if (!flags.emitSql && (flags.dialect !== undefined || flags.table !== undefined)) throw new UsageError('--dialect and --table go with --emit-sql.');
  if (flags.emitSql && files.length > 1) throw new UsageError('--emit-sql takes one export (the one whose header and plan the query is for).');
  if (flags.emitSql && (flags.dialect ?? 'duckdb') !== 'duckdb' && flags.table === undefined) {
    throw new UsageError(`--dialect ${flags.dialect!} reads a table: give --table NAME (only DuckDB reads the export file itself).`);
  }
}

export async function metricsCommand(files: readonly string[], flags: MetricsFlags, context: CommandContext): Promise<number> {
  checkSurveyOptions(flags);
  checkSqlFlags(files, flags);
  const { config, absolute: configPath } = await loadWorkspaceConfig(context, flags.config);
  const map = flags.map !== undefined ? await loadMap(context, flags.map, config) : undefined;
  const inputs = inputPaths(context.cwd, [...files, flags.fromAggregates, flags.map, configPath]);
  if (flags.emitSql) {
    const sql = await emitMetricsSql(files[0]!, flags, context, map, config, { dialect: flags.dialect ?? 'duckdb', ...(flags.table !== undefined ? { table: flags.table } : {}) });
    if (flags.output !== undefined) await writeAtomic(flags.output, sql, inputs, context.cwd);
    else printResult(context, sql, { human: false });
    return 0;
  }
  const report =
    flags.fromAggregates !== undefined ? await metricsFromAggregates(flags.fromAggregates, flags, context, map, config) : await computeMetrics(files, flags, context, map, config);

  const text = metricsFormatters[flags.format](report, { color: flags.output === undefined && context.color, version: packageVersion() });
  if (flags.output !== undefined) {
    await writeAtomic(flags.output, text, inputs, context.cwd);
  } else {
    printResult(context, text, { human: flags.format === 'table' });
  }
  return flags.check && report.kpis.some((k) => k.status === 'breach') ? 1 : 0;
}

/** `journey metrics --emit-sql` and `--from-aggregates`: the aggregation query, and its counts read back. */
export type { Dialect, SqlDialect } from './dialects.js';
export { DIALECTS } from './dialects.js';
export type { AggregatesMeta, SqlSource } from './emit.js';
export { AGGREGATES_VERSION, emitSql } from './emit.js';
export type { CountRow } from './counts.js';
export { stateFromCounts } from './counts.js';

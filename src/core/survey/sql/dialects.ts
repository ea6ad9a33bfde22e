/**
 * What differs between the SQL dialects `journey metrics --emit-sql` writes: quoting identifiers
 * and string literals, the text type, and regular-expression replacement (the date texts). Every identifier and literal taken from the export (column names, the table
 * name, the plan) goes through `ident` or `literal`: a column named `x"; DROP TABLE y; --` stays
 * one identifier.
 */
export const DIALECTS = ['duckdb', 'postgres', 'bigquery', 'snowflake'] as const;
export type Dialect = (typeof DIALECTS)[number];

export interface SqlDialect {
  name: Dialect;
  /** A quoted identifier (one part of a name). */
  ident(name: string): string;
  /** A string literal. */
  literal(text: string): string;
  /** The text type, for CAST. */
  text: string;
  /** `expr` with the first match of the (POSIX and RE2) `pattern` replaced; `\\1` in `replacement` is its first group. */
  replace(expr: string, pattern: string, replacement: string): string;
}

/** Doubles the quote: "a""b" (DuckDB, Postgres, Snowflake). */
const doubleQuoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Backslash escapes, for dialects whose '...' strings read them (BigQuery, Snowflake, Postgres E'...'). */
function backslashed(text: string, quote: string): string {
  return text.replace(/[\\'"`\n\r\t\0]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    if (c === '\0') return '\\x00';
    return c === quote || c === '\\' ? `\\${c}` : c;
  });
}

const duckdbLiteral = (text: string): string => `'${text.replace(/'/g, "''")}'`;

const duckdb: SqlDialect = {
  name: 'duckdb',
  ident: doubleQuoted,
  // DuckDB reads no escapes in '...': only the quote is doubled.
  literal: (text) => duckdbLiteral(text),
  text: 'VARCHAR',
  replace: (expr, pattern, replacement) => `regexp_replace(${expr}, ${duckdbLiteral(pattern)}, ${duckdbLiteral(replacement)})`,
};

const postgres: SqlDialect = {
  name: 'postgres',
  ident: doubleQuoted,
  // E'...' reads backslash escapes whatever standard_conforming_strings says.
  literal: (text) => `E'${backslashed(text, "'")}'`,
  text: 'TEXT',
  replace: (expr, pattern, replacement) => `regexp_replace(${expr}, E'${backslashed(pattern, "'")}', E'${backslashed(replacement, "'")}')`,
};

const bigquery: SqlDialect = {
  name: 'bigquery',
  ident: (name) => `\`${backslashed(name, '`')}\``,
  literal: (text) => `'${backslashed(text, "'")}'`,
  text: 'STRING',
  replace: (expr, pattern, replacement) => `REGEXP_REPLACE(${expr}, r'${pattern}', r'${replacement}')`,
};

const snowflake: SqlDialect = {
  name: 'snowflake',
  ident: doubleQuoted,
  literal: (text) => `'${backslashed(text, "'")}'`,
  text: 'VARCHAR',
  replace: (expr, pattern, replacement) => `REGEXP_REPLACE(${expr}, '${backslashed(pattern, "'")}', '${backslashed(replacement, "'")}', 1, 1)`,
};

export const SQL_DIALECTS: Record<Dialect, SqlDialect> = { duckdb, postgres, bigquery, snowflake };

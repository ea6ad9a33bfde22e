// The metrics baseline, run as its own process like the CLI it is compared with: DuckDB
// (@duckdb/node-api) computing NPS by channel from a Qualtrics export, with the same rules
// journeykit applies (SURVEY.md): the first of the three header rows names the columns, responses
// with Status 0, 4 or 16 and a DistributionChannel other than preview/test count, NPS answers are
// 0-10, promoters 9-10, detractors 0-6. Prints one JSON object per channel on stdout:
// node bench/duckdb-nps.mjs FILE
import { closeSync, openSync, readSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];

// The column names: the export's first line (the ids row of the Qualtrics layout), read as a user
// would before handing DuckDB the rest; the two rows below it are skipped.
function headerNames(path) {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(65536);
  const length = readSync(fd, buffer, 0, buffer.length, 0);
  closeSync(fd);
  const line = buffer
    .toString('utf8', 0, length)
    .split(/\r?\n/, 1)[0]
    .replace(/^\uFEFF/, '');
  return line.split(',').map((name) => name.replace(/^"(.*)"$/, '$1').replace(/""/g, '"'));
}

const names = headerNames(file);
const sqlString = (s) => `'${s.replace(/'/g, "''")}'`;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const reader = await connection.runAndReadAll(`
  WITH responses AS (
    SELECT * FROM read_csv(${sqlString(file)}, header = false, skip = 3, quote = '"', escape = '"',
      names = [${names.map(sqlString).join(', ')}], all_varchar = true)
  ), answers AS (
    SELECT channel, TRY_CAST(Q1 AS DOUBLE) AS nps FROM responses
    WHERE TRY_CAST(Status AS INTEGER) IN (0, 4, 16)
      AND coalesce(lower(DistributionChannel), '') NOT IN ('preview', 'test')
  )
  SELECT channel,
    count(*) FILTER (WHERE nps BETWEEN 0 AND 10) AS n,
    count(*) FILTER (WHERE nps BETWEEN 9 AND 10) AS promoters,
    count(*) FILTER (WHERE nps BETWEEN 7 AND 8) AS passives,
    count(*) FILTER (WHERE nps BETWEEN 0 AND 6) AS detractors
  FROM answers GROUP BY channel ORDER BY channel`);
const rows = reader.getRowObjectsJson().map((row) => {
  const n = Number(row.n);
  const promoters = Number(row.promoters);
  const detractors = Number(row.detractors);
  const score = n === 0 ? null : Math.round(((promoters - detractors) / n) * 1000) / 10;
  return { channel: row.channel, score, n, promoters, passives: Number(row.passives), detractors };
});
connection.closeSync();
instance.closeSync();
process.stdout.write(JSON.stringify(rows) + '\n');

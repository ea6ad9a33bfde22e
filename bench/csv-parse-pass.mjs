// The baseline: a single-threaded csv-parse pass over a file that does nothing else.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

let records = 0;
for await (const record of createReadStream(process.argv[2]).pipe(parse({ relax_column_count: true }))) {
  if (record) records++;
}
process.stdout.write(`${records}\n`);

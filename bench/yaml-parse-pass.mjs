// Baseline for the many-maps workload: read and parse every *.journey.yaml under a directory with
// the yaml library (what any YAML-aware tool must do at least), in one process.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';

const dir = process.argv[2];
let nodes = 0;
for (const file of readdirSync(dir, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.journey.yaml'))
  .sort()) {
  const document = parseDocument(readFileSync(path.join(dir, file), 'utf8'));
  nodes += document.contents ? 1 : 0;
}
process.stdout.write(`${nodes}\n`);

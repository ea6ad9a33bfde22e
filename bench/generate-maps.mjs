// Deterministic workspace of N journey maps for `npm run bench`: the five example maps copied
// N/5 times, each copy's journey ids (and the based_on references between them) suffixed with
// the copy's number, so every map is valid and cross-file checks see N distinct journeys. The
// `updated` date is quoted: the same text for journeykit (YAML 1.2, a string either way), but the
// YAML 1.1 reader of ajv-cli (the batch baseline) would otherwise turn it into a Date object and
// report every map as invalid against the schema's string type.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function generateMaps(root, count, target) {
  const examples = path.join(root, 'examples');
  const sources = readdirSync(examples, { recursive: true })
    .filter((file) => String(file).endsWith('.journey.yaml'))
    .map((file) => String(file))
    .sort();
  mkdirSync(target, { recursive: true });
  copyFileSync(path.join(examples, 'journeykit.config.yaml'), path.join(target, 'journeykit.config.yaml'));
  let written = 0;
  for (let copy = 1; written < count; copy++) {
    const dir = path.join(target, `copy-${String(copy).padStart(4, '0')}`);
    mkdirSync(dir, { recursive: true });
    for (const source of sources) {
      if (written >= count) break;
      const text = readFileSync(path.join(examples, source), 'utf8')
        .replace(/^id: (.+)$/m, `id: $1-${copy}`)
        .replace(/^based_on: (.+)$/m, `based_on: $1-${copy}`)
        .replace(/^updated: (\d{4}-\d{2}-\d{2})$/m, "updated: '$1'");
      writeFileSync(path.join(dir, path.basename(source)), text);
      written += 1;
    }
  }
  return target;
}

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createSchemaValidator } from '../../../src/core/schema/compile.js';
import { schemaValidatorFrom } from '../../../src/core/schema/validator.js';
import { loadDocument } from '../../../src/core/validate.js';
import type { SchemaName } from '../../../src/io/package.js';
import { readSchema } from '../../../src/io/package.js';
import { precompiledValidation } from '../../../src/io/schema-code.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const files = (dir: string) =>
  readdirSync(path.join(ROOT, dir), { recursive: true })
    .map(String)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f));

/** Documents that break the schema in many ways, next to the valid examples and the fixture maps. */
const BROKEN_MAPS = [
  { version: 2, id: 'Bad Id', title: '', stages: [] },
  {
    version: 1,
    id: 'x',
    title: 'x',
    stages: [
      {
        id: 's',
        name: 'S',
        touchpoints: [{ id: 't', name: 'T', channel: 'web', emotion: 9, effort: 0, reach: 80, evidence: 'guessed', kpis: [{ metric: 'nps', target: 'high' }] }],
      },
    ],
    unknown: 1,
  },
  {
    version: 1,
    id: 'x',
    title: 'x',
    updated: '2026-13-45',
    stages: [
      {
        id: 's',
        name: 'S',
        touchpoints: [
          {
            id: 't',
            name: 'T',
            channel: 'web',
            pain_points: [{ id: 'p', description: 'd', severity: 6, frequency: -1 }],
            opportunities: [{ id: 'o', description: 'd', status: 'maybe', addresses: 'p' }],
          },
        ],
      },
    ],
  },
];

const BROKEN_CONFIGS = [
  { rules: { 'no-such-rule': 'error', 'missing-emotion': 'loud' }, channels: 'web', ignore: [1] },
  { scoring: { weights: { emotion: -1, effort: 'x' }, moment_of_truth: 9 }, kpis: [{ metric: 'nps' }], extra: true },
  { survey: { platform: 'excel', scales: { nps: { min: 'a' } } } },
];

describe('precompiled schema validation (npm run build)', () => {
  it.each<[SchemaName, string[]]>([
    [
      'journey-map',
      [...files('examples'), ...files('tests/fixtures/maps'), ...files('tests/fixtures/diff'), ...files('tests/fixtures/mermaid')].filter((f) => f.includes('.journey.')),
    ],
    ['journeykit-config', [...files('examples'), ...files('tests/fixtures')].filter((f) => f.endsWith('journeykit.config.yaml'))],
  ])('%s: the build made it from the current schema, and it reports exactly what run-time compilation reports', (name, inputs) => {
    const precompiled = precompiledValidation(name);
    expect(precompiled, 'dist/schemas is missing or stale: run npm run build').toBeDefined();
    const built = schemaValidatorFrom(precompiled!);
    const compiled = createSchemaValidator(readSchema(name));
    const documents = [
      ...inputs.map((file) => ({ file, bytes: readFileSync(path.join(ROOT, file)) })),
      ...(name === 'journey-map' ? BROKEN_MAPS : BROKEN_CONFIGS).map((doc, i) => ({ file: `broken-${i}.yaml`, bytes: Buffer.from(stringify(doc)) })),
    ];
    expect(documents.length).toBeGreaterThan(3);
    let findings = 0;
    for (const input of documents) {
      const a = loadDocument(input, built).diagnostics;
      const b = loadDocument(input, compiled).diagnostics;
      expect(a, input.file).toEqual(b);
      findings += a.length;
    }
    expect(findings).toBeGreaterThan(5);
  });
});

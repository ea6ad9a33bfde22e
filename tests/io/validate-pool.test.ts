/**
 * Large runs parse on worker threads: the report is the one a single thread produces, file for
 * file and finding for finding, cross-file rules included. The worker runs from dist/, so the
 * build must be current (`npm run build`).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../src/core/config.js';
import { rules } from '../../src/core/rules/index.js';
import type { InputFile } from '../../src/core/validate.js';
import { lintDocuments, validateFiles } from '../../src/core/validate.js';
import { parseYaml } from '../../src/core/yaml/parse.js';
import { loadDocumentsInParallel, PARALLEL_FROM_CORES, PARALLEL_FROM_FILES, useValidatePool } from '../../src/io/validate-pool.js';
import { threadLimit } from '../../src/io/threads.js';
import { mapSchemaValidator } from '../../src/io/schemas.js';
import { REPO_ROOT, runCli, workspace } from '../cli/harness.js';

const MAP_SCHEMA = await mapSchemaValidator();

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const CONFIG_TEXT = readFileSync(path.join(EXAMPLES, 'journeykit.config.yaml'), 'utf8');
const SOURCES = readdirSync(EXAMPLES, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.journey.yaml'))
  .sort()
  .map((f) => readFileSync(path.join(EXAMPLES, f), 'utf8'));

/** `count` maps: copies of the examples with their own ids, and a few broken in different ways. */
function maps(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    let text = SOURCES[i % SOURCES.length]!.replace(/^id: (.+)$/m, `id: $1-${i}`).replace(/^based_on: (.+)$/m, `based_on: $1-${i}`);
    if (i === 7) text = text.replace(/^title: .*$/m, ''); // schema: a required key missing
    if (i === 50) text = text.replace(/^(\s+- )id: /m, '$1id: Bad Id\n$1x: '); // schema and rules
    if (i === 99) text = text.replace(/^owner: .*$/m, 'owner: nobody-known'); // a rule
    if (i === 150) text = text.replace(/^id: .*$/m, `id: ${/^id: (.+)$/m.exec(SOURCES[0]!)![1]}-0`); // the id of m000 again (cross-file)
    if (i === 180) text = `${text}\nbad:\n\t- tab\n`; // YAML
    if (i === 201) text = text.replace(/^title: (.*)$/m, 'title: &t $1\nx-copy: *t'); // the full parser's path
    files[`maps/m${String(i).padStart(3, '0')}.journey.yaml`] = text;
  }
  return files;
}

const config = parseYaml(CONFIG_TEXT).value as ResolvedConfig;

describe('validation on worker threads', () => {
  it('reports exactly what one thread reports', async () => {
    expect(existsSync(path.join(REPO_ROOT, 'dist', 'io', 'validate-worker.js')), 'run `npm run build` first').toBe(true);
    const inputs: InputFile[] = Object.entries(maps(240)).map(([file, text]) => ({ file, bytes: new TextEncoder().encode(text) }));
    const options = { config, schema: MAP_SCHEMA, rules };
    let loaded = 0;
    const parallel = lintDocuments(await loadDocumentsInParallel(inputs, { threads: 3, onFileLoaded: () => loaded++ }), options).report;
    expect(loaded).toBe(inputs.length);
    const single = validateFiles(inputs, options);
    expect(parallel).toStrictEqual(single);
    expect(single.summary.errors).toBeGreaterThan(4);
  });

  it('is used for 200 maps or more, on machines with 4 cores or more', () => {
    expect(useValidatePool(PARALLEL_FROM_FILES, PARALLEL_FROM_CORES)).toBe(true);
    expect(useValidatePool(PARALLEL_FROM_FILES - 1, 16)).toBe(false);
    expect(useValidatePool(10_000, 2)).toBe(false);
  });

  it('JOURNEYKIT_THREADS caps the threads: a whole number of 1 or more, else exit 2 in one line', async () => {
    expect(threadLimit({})).toBeUndefined();
    expect(threadLimit({ JOURNEYKIT_THREADS: '3' })).toBe(3);
    for (const bad of ['0', '-1', '2.5', 'many']) expect(() => threadLimit({ JOURNEYKIT_THREADS: bad })).toThrow(/JOURNEYKIT_THREADS must be a whole number of 1 or more/);
    const cwd = workspace({ 'a.journey.yaml': readFileSync(path.join(REPO_ROOT, 'examples/retail/online-order.journey.yaml')) });
    const result = await runCli(['validate'], { cwd, env: { JOURNEYKIT_THREADS: 'all' } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe("journey: error: JOURNEYKIT_THREADS must be a whole number of 1 or more, not 'all'.");
  });

  // With JOURNEYKIT_THREADS=3 the run uses the pool on any machine (2 workers); without it, on this one only with 4 cores or more.
  it.each<Record<string, string>>([{ JOURNEYKIT_THREADS: '3' }, {}])('journey validate on a large workspace reports every kind of finding, in file order (%o)', async (env) => {
    const files = maps(PARALLEL_FROM_FILES + 10);
    const cwd = workspace({ 'journeykit.config.yaml': CONFIG_TEXT, ...files });
    const result = await runCli(['validate', '--format', 'json'], { cwd, env });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { files: { file: string; diagnostics: { code: string }[] }[] };
    expect(report.files.map((f) => f.file)).toEqual(Object.keys(files).sort());
    const codes = (i: number): string[] => report.files[i]!.diagnostics.map((d) => d.code);
    expect(codes(7)).toContain('schema/required');
    expect(codes(99)).toContain('lint/unknown-owner');
    expect(codes(150)).toContain('lint/duplicate-journey-id');
    expect(codes(180)).toEqual(['yaml/tab-indent']);
    expect(codes(201)).toEqual([]);
    expect(codes(0)).toContain('lint/duplicate-journey-id');
  });
});

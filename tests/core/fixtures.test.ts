import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../cli/harness.js';

/**
 * Fixture maps carry their expected findings inline (as markdownlint's fixtures do): a
 * `# expect: code[, code]` comment on the line where each finding must be reported.
 * Every map of the folder is validated in one run, so cross-file rules see each other.
 */
const dir = path.join(REPO_ROOT, 'tests', 'fixtures', 'maps');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.journey.yaml'))
  .sort();

function expected(file: string): string[] {
  const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
  return lines.flatMap((line, i) => {
    const match = /# expect: (.+)$/.exec(line);
    return match ? match[1]!.split(',').map((code) => `${i + 1} ${code.trim()}`) : [];
  });
}

describe('fixture maps with inline expectations', async () => {
  const result = await runCli(['validate', '.', '--format', 'json'], { cwd: dir });
  const report = JSON.parse(result.stdout) as { files: { file: string; diagnostics: { line: number; code: string }[] }[] };

  it.each(files)('%s reports exactly the findings marked in it', (file) => {
    const actual = report.files.find((f) => f.file === file)!.diagnostics.map((d) => `${d.line} ${d.code}`);
    expect(actual.sort()).toEqual(expected(file).sort());
  });

  it('covers every lint rule', async () => {
    const { rules } = await import('../../src/core/rules/index.js');
    const marked = new Set(files.flatMap(expected).map((e) => e.split(' ')[1]));
    const missing = rules.map((r) => `lint/${r.meta.id}`).filter((code) => !marked.has(code));
    expect(missing).toEqual([]);
  });
});

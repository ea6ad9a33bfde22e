import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './cli/harness.js';

// docs/format.md is generated from the schema's descriptions by scripts/generate-format-doc.mjs.
const SCRIPT = path.join(REPO_ROOT, 'scripts', 'generate-format-doc.mjs');
const SCHEMA = path.join(REPO_ROOT, 'schemas', 'journey-map.schema.json');
const scratch = mkdtempSync(path.join(tmpdir(), 'journeykit-docs-format-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runScript(args: string[]): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [SCRIPT, ...args], { cwd: REPO_ROOT, encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { status: failed.status, stdout: failed.stdout, stderr: failed.stderr };
  }
}

interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode>;
  $defs?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

function propertiesWithoutDescription(node: SchemaNode, where: string): string[] {
  const missing: string[] = [];
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    if (!child.description?.trim()) missing.push(`${where}${name}`);
    missing.push(...propertiesWithoutDescription(child, `${where}${name}.`));
  }
  if (node.items) missing.push(...propertiesWithoutDescription(node.items, `${where}[].`));
  for (const [name, def] of Object.entries(node.$defs ?? {})) {
    if (!def.description?.trim()) missing.push(`$defs.${name}`);
    missing.push(...propertiesWithoutDescription(def, `${name}.`));
  }
  return missing;
}

describe('docs/format.md', () => {
  it('is what scripts/generate-format-doc.mjs makes of the current schema (else run `npm run docs:format`)', () => {
    const result = runScript(['--check']);
    expect(result.stderr, 'docs/format.md is stale: run `npm run docs:format` and commit docs/format.md').toBe('');
    expect(result.status).toBe(0);
  });

  it('documents every property of the schema with its description', () => {
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as SchemaNode;
    expect(propertiesWithoutDescription(schema, '')).toEqual([]);
    const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'format.md'), 'utf8');
    const touchpoint = schema.$defs!.Touchpoint!;
    for (const [name, property] of Object.entries(touchpoint.properties!)) {
      expect(doc).toContain(`| \`${name}\` |`);
      expect(doc).toContain(property.description!.replace(/\|/g, '\\|'));
    }
    expect(doc).toMatch(/\| `emotion` \| optional \| number from -1000 to 1000 \|.*\[`emotion-out-of-scale`\]\(rules\.md#emotion-out-of-scale\) \(error\) \|/);
    expect(doc).toMatch(/\| `state` \| optional \| one of `current`, `future` \| `current` \|/);
    expect(doc).toMatch(/\| `stages` \| \*\*required\*\* \|/);
  });

  it('fails the check, naming the command to run, when a description changes and the doc does not', () => {
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as SchemaNode;
    schema.$defs!.Touchpoint!.properties!.reach!.description = 'How many customers come by here, as a fraction.';
    const changed = path.join(scratch, 'changed.schema.json');
    writeFileSync(changed, JSON.stringify(schema));
    const result = runScript(['--check', '--schema', changed]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('docs/format.md is not what the schema generates: run `npm run docs:format`');

    // Regenerating into another file picks the new description up.
    const out = path.join(scratch, 'format.md');
    expect(runScript(['--schema', changed, '--out', out]).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('How many customers come by here, as a fraction.');
    expect(runScript(['--check', '--schema', changed, '--out', out]).status).toBe(0);
  });

  it('refuses a schema property without a description', () => {
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as SchemaNode;
    delete schema.$defs!.PainPoint!.properties!.severity!.description;
    const changed = path.join(scratch, 'undescribed.schema.json');
    writeFileSync(changed, JSON.stringify(schema));
    const result = runScript(['--schema', changed, '--out', path.join(scratch, 'never.md')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('PainPoint.severity has no description in the schema');
  });
});

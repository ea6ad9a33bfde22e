import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ResolvedConfig } from '../../../src/core/config.js';
import { SEVERITIES } from '../../../src/core/diagnostics.js';
import type { JourneyMap } from '../../../src/core/model.js';
import { findRule, rules } from '../../../src/core/rules/index.js';
import type { Rule, RuleFinding, RunMap } from '../../../src/core/rules/rule.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const rulesDir = `${root}src/core/rules`;
/** Files of src/core/rules that are not rules. */
const NOT_RULES = new Set(['index.ts', 'rule.ts', 'shared.ts']);

const ids = rules.map((rule) => rule.meta.id);
const docs = readFileSync(`${root}docs/rules.md`, 'utf8');

/** The text of the `## <id>` section of docs/rules.md, or undefined. */
function sectionOf(id: string): string | undefined {
  const heading = `\n## ${id}\n`;
  const start = docs.indexOf(heading);
  if (start === -1) return undefined;
  const end = docs.indexOf('\n## ', start + heading.length);
  return docs.slice(start, end === -1 ? undefined : end);
}

interface Example {
  config: ResolvedConfig;
  /** The checked map comes first. */
  run: RunMap[];
}

/**
 * The YAML blocks after "Fails:" or "Fixed:" in a rule's section. A block starting with
 * `# journeykit.config.yaml` is the workspace config; `# file: <path>` names a map's file.
 */
function exampleOf(section: string, label: 'Fails:' | 'Fixed:'): Example {
  const start = section.indexOf(`\n${label}\n`);
  expect(start, `${label} in the section`).toBeGreaterThan(-1);
  const end = label === 'Fails:' ? section.indexOf('\nFixed:\n') : section.length;
  const example: Example = { config: {}, run: [] };
  for (const match of section.slice(start, end).matchAll(/```yaml\n([\s\S]*?)```/g)) {
    const text = match[1] ?? '';
    if (text.startsWith('# journeykit.config.yaml')) {
      example.config = { ...(parse(text) as ResolvedConfig), file: 'journeykit.config.yaml' };
    } else {
      const file = /^# file: (\S+)/.exec(text)?.[1] ?? 'maps/example.journey.yaml';
      example.run.push({ file, map: parse(text) as JourneyMap });
    }
  }
  expect(example.run.length, `a map after ${label}`).toBeGreaterThan(0);
  return example;
}

function check(rule: Rule, example: Example): RuleFinding[] {
  const [first] = example.run;
  if (first === undefined) throw new Error('no map in the example');
  return rule.check({ map: first.map, file: first.file, config: example.config, run: example.run });
}

describe('rule registry', () => {
  it('is sorted by id, with unique kebab-case ids', () => {
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it('has one file per rule, named after its id, exporting that rule', async () => {
    const files = readdirSync(rulesDir).filter((name) => name.endsWith('.ts') && !NOT_RULES.has(name));
    expect(files.map((name) => name.slice(0, -'.ts'.length)).sort()).toEqual([...ids].sort());
    for (const rule of rules) {
      const module = (await import(pathToFileURL(`${rulesDir}/${rule.meta.id}.ts`).href)) as { rule?: Rule };
      expect(module.rule, `${rule.meta.id}.ts exports the registered rule`).toBe(rule);
    }
  });

  it.each(rules.map((rule) => [rule.meta.id, rule] as const))('%s has complete metadata', (id, rule) => {
    expect(SEVERITIES).toContain(rule.meta.severity);
    expect(rule.meta.description).toMatch(/^[A-Z`].*\.$/);
    expect(rule.meta.description).not.toContain('\n');
    expect(rule.meta.docs.length).toBeGreaterThan(rule.meta.description.length);
    expect(rule.meta.docs).not.toContain('\n');
    expect(findRule(id)).toBe(rule);
  });

  it('findRule returns undefined for an unknown id', () => {
    expect(findRule('no-such-rule')).toBeUndefined();
  });
});

describe('docs/rules.md', () => {
  it.each(rules.map((rule) => [rule.meta.id, rule] as const))('documents %s', (id, rule) => {
    expect(docs).toContain(`| [\`${id}\`](#${id}) | ${rule.meta.severity} | ${rule.meta.description} |`);
    const section = sectionOf(id);
    expect(section, `## ${id}`).toBeDefined();
    expect(section).toContain(`Default severity: **${rule.meta.severity}**.`);
    expect(section).toContain(`\n${rule.meta.docs}\n`);
    expect(section).toContain(`rules: { ${id}: `);
  });

  it.each(rules.map((rule) => [rule.meta.id, rule] as const))('%s fires on its failing example (so it is not dead)', (id, rule) => {
    const findings = check(rule, exampleOf(sectionOf(id) ?? '', 'Fails:'));
    expect(findings.length).toBeGreaterThan(0);
  });

  it.each(rules.map((rule) => [rule.meta.id] as const))('the fixed example of %s passes every rule', (id) => {
    const example = exampleOf(sectionOf(id) ?? '', 'Fixed:');
    const findings = rules.flatMap((rule) => check(rule, example).map((f) => `${rule.meta.id}: ${f.message}`));
    expect(findings).toEqual([]);
  });

  it('documents no rule that is not registered', () => {
    const rows = [...docs.matchAll(/^\| \[`([a-z0-9-]+)`\]/gm)].map((match) => match[1]);
    expect(rows).toEqual(ids);
  });
});

describe('schemas/journeykit-config.schema.json', () => {
  it('lets the workspace config set the severity of every rule', () => {
    const schema = JSON.parse(readFileSync(`${root}schemas/journeykit-config.schema.json`, 'utf8')) as {
      properties?: { rules?: { properties?: Record<string, unknown> } };
    };
    const configurable = Object.keys(schema.properties?.rules?.properties ?? {});
    expect(configurable).toEqual(expect.arrayContaining(ids));
  });
});

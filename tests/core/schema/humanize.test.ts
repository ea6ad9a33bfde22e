import { describe, expect, it } from 'vitest';
import { createSchemaValidator } from '../../../src/core/schema/compile.js';
import { parseYaml } from '../../../src/core/yaml/parse.js';
import { readSchema } from '../../../src/io/package.js';

const validator = createSchemaValidator(readSchema('journey-map'));

function hintsFor(target: string): (string | undefined)[] {
  const text = `version: 1\nid: m\ntitle: M\nstages:\n  - id: s\n    name: S\n    touchpoints:\n      - id: t\n        name: T\n        channel: web\n        kpis:\n          - {metric: csat, target: ${target}}\n`;
  const parsed = parseYaml(text);
  return validator
    .validate(parsed.value, parsed.sourceMap, text)
    .filter((d) => d.code === 'schema/range')
    .map((d) => d.hint);
}

describe('schema/range on a KPI share', () => {
  it('a percentage gets the fraction to write', () => {
    expect(hintsFor('80')).toEqual(['Shares are fractions from 0 to 1: write 0.8 for 80%.']);
  });

  it('a number above 100 is no percentage: the plain limit, never "write Infinity"', () => {
    // Found by tests/fuzz/maps.test.ts: 1.7976931348623157e+308 gave "write Infinity for 1.7976931348623157e+308%".
    expect(hintsFor('1.7976931348623157e+308')).toEqual(['Use a value of at most 1.']);
    expect(hintsFor('250')).toEqual(['Use a value of at most 1.']);
  });
});

describe('values quoted in messages', () => {
  const messagesFor = (channel: string, metric: string): string[] => {
    const text = `version: 1\nid: m\ntitle: M\nstages:\n  - id: s\n    name: S\n    touchpoints:\n      - id: t\n        name: T\n        channel: ${JSON.stringify(channel)}\n        kpis:\n          - {metric: ${JSON.stringify(metric)}}\n`;
    const parsed = parseYaml(text);
    return validator.validate(parsed.value, parsed.sourceMap, text).map((d) => d.message);
  };
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  it('are cut to 60 characters without splitting an emoji, in the value and in the name of its owner', () => {
    const long = 'a' + '😀'.repeat(100);
    const messages = messagesFor(long, long);
    expect(messages.length).toBeGreaterThanOrEqual(2);
    for (const message of messages) {
      expect(message).not.toMatch(lone);
      expect(message).not.toContain('😀'.repeat(60));
    }
    expect(messages.some((m) => m.includes(`'a${'😀'.repeat(58)}…'`))).toBe(true);
    // The KPI is named by its (bad) metric, cut the same way.
    expect(messages.some((m) => m.includes(`KPI 'a${'😀'.repeat(58)}…'`))).toBe(true);
  });
});

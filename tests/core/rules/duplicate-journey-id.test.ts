import { describe, expect, it } from 'vitest';
import { rule } from '../../../src/core/rules/duplicate-journey-id.js';
import type { RuleCase } from './helpers.js';
import { FILE, checkCase, makeMap, runRule } from './helpers.js';

describe('duplicate-journey-id', () => {
  it.each<RuleCase>([
    { name: 'valid: alone in the run', map: makeMap(), expected: [] },
    {
      name: 'valid: other maps have other ids',
      map: makeMap(),
      others: [{ file: 'maps/returns.journey.yaml', map: makeMap({ id: 'returns' }) }],
      expected: [],
    },
    {
      name: 'valid: the same file listed twice is not a duplicate',
      map: makeMap(),
      others: [{ file: FILE, map: makeMap() }],
      expected: [],
    },
    {
      name: 'invalid: one other file uses the id',
      map: makeMap(),
      others: [
        { file: 'maps/returns.journey.yaml', map: makeMap({ id: 'returns' }) },
        { file: 'maps/copy.journey.yaml', map: makeMap() },
      ],
      expected: [
        {
          path: ['id'],
          message: "Journey id 'online-order' is also used by 'maps/copy.journey.yaml'.",
          hint: ['unique across the workspace', '`based_on`'],
        },
      ],
    },
    {
      name: 'invalid: two other files use the id',
      map: makeMap(),
      others: [
        { file: 'maps/a.journey.yaml', map: makeMap() },
        { file: 'maps/b.journey.yaml', map: makeMap() },
      ],
      expected: [{ path: ['id'], message: "Journey id 'online-order' is also used by 'maps/a.journey.yaml' and 'maps/b.journey.yaml'." }],
    },
  ])('$name', (testCase) => {
    expect(checkCase(rule, testCase)).toHaveLength(testCase.expected.length);
  });

  it('reports every file involved, each naming the others', () => {
    const a = { file: 'maps/a.journey.yaml', map: makeMap() };
    const b = { file: 'maps/b.journey.yaml', map: makeMap() };
    const run = [a, b];
    const fromA = rule.check({ ...a, config: {}, run });
    const fromB = rule.check({ ...b, config: {}, run });
    expect(fromA.map((f) => f.message)).toEqual(["Journey id 'online-order' is also used by 'maps/b.journey.yaml'."]);
    expect(fromB.map((f) => f.message)).toEqual(["Journey id 'online-order' is also used by 'maps/a.journey.yaml'."]);
    expect(runRule(rule, makeMap())).toEqual([]);
  });
});

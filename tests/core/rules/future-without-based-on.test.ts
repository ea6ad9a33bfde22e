import { describe, expect, it } from 'vitest';
import { rule } from '../../../src/core/rules/future-without-based-on.js';
import type { RuleCase } from './helpers.js';
import { checkCase, makeMap } from './helpers.js';

const FILE_2026 = 'maps/online-order-2026.journey.yaml';

describe('future-without-based-on', () => {
  it.each<RuleCase>([
    { name: 'valid: no state (current)', map: makeMap(), expected: [] },
    { name: 'valid: a current map', map: makeMap({ state: 'current' }), expected: [] },
    { name: 'valid: a future map with based_on', map: makeMap({ state: 'future', based_on: 'online-order-2025' }), expected: [] },
    {
      name: 'invalid: a future map alone in the run',
      map: makeMap({ id: 'online-order-2026', state: 'future' }),
      file: FILE_2026,
      expected: [
        {
          path: ['state'],
          message: "Journey 'online-order-2026' is a future-state map but has no based_on.",
          hint: 'Add `based_on:` with the id of the current-state map it redesigns.',
        },
      ],
    },
    {
      name: 'invalid: the hint lists the current-state maps of the run',
      map: makeMap({ id: 'online-order-2026', state: 'future' }),
      file: FILE_2026,
      others: [
        { file: 'maps/online-order.journey.yaml', map: makeMap() },
        { file: 'maps/mobile.journey.yaml', map: makeMap({ id: 'mobile', state: 'future' }) },
        { file: 'maps/returns.journey.yaml', map: makeMap({ id: 'returns', state: 'current' }) },
      ],
      expected: [{ path: ['state'], message: ["'online-order-2026'"], hint: ['(current-state maps in this run: online-order, returns)'] }],
    },
  ])('$name', (testCase) => {
    expect(checkCase(rule, testCase)).toHaveLength(testCase.expected.length);
  });
});

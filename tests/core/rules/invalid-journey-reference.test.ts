import { describe, expect, it } from 'vitest';
import type { JourneyMap } from '../../../src/core/model.js';
import { rule } from '../../../src/core/rules/invalid-journey-reference.js';
import type { RunMap } from '../../../src/core/rules/rule.js';
import type { RuleCase } from './helpers.js';
import { checkCase, makeMap, mapWith, touchpoint } from './helpers.js';

const current: RunMap = { file: 'maps/online-order.journey.yaml', map: makeMap() };
const future = (id: string, overrides: Partial<JourneyMap> = {}): JourneyMap => makeMap({ id, state: 'future', ...overrides });
const mobile: RunMap = {
  file: 'maps/online-order-mobile.journey.yaml',
  map: future('online-order-mobile', { based_on: 'online-order' }),
};
const FILE_2026 = 'maps/online-order-2026.journey.yaml';

describe('invalid-journey-reference', () => {
  it.each<RuleCase>([
    {
      name: 'valid: a future map based on a current map of the run',
      file: FILE_2026,
      map: future('online-order-2026', { based_on: 'online-order' }),
      others: [current],
      expected: [],
    },
    {
      name: 'valid: a target outside the run is left to unresolved-journey-reference',
      file: FILE_2026,
      map: future('online-order-2026', { based_on: 'somewhere-else' }),
      expected: [],
    },
    {
      name: 'valid: based_on on a current map is not judged',
      map: makeMap({ id: 'online-order-2025', based_on: 'online-order-mobile' }),
      others: [mobile],
      expected: [],
    },
    {
      name: 'valid: one of two maps with the target id is current',
      file: FILE_2026,
      map: future('online-order-2026', { based_on: 'online-order' }),
      others: [{ file: 'maps/copy.journey.yaml', map: future('online-order') }, current],
      expected: [],
    },
    {
      name: 'valid: links_to another map of the run, whatever its state',
      map: mapWith([touchpoint('returns', { links_to: 'online-order-mobile' })]),
      others: [mobile],
      expected: [],
    },
    {
      name: 'invalid: a future map based on itself',
      file: FILE_2026,
      map: future('online-order-2026', { based_on: 'online-order-2026' }),
      others: [current],
      expected: [
        {
          path: ['based_on'],
          message: "Journey 'online-order-2026' is based on itself.",
          hint: ['current-state map', 'remove `based_on`'],
        },
      ],
    },
    {
      name: 'invalid: a current map based on itself',
      map: makeMap({ based_on: 'online-order' }),
      expected: [{ path: ['based_on'], message: "Journey 'online-order' is based on itself." }],
    },
    {
      name: 'invalid: based on a future map that is itself based on a current one',
      file: FILE_2026,
      map: future('online-order-2026', { based_on: 'online-order-mobile' }),
      others: [mobile, current],
      expected: [
        {
          path: ['based_on'],
          message: "Journey 'online-order-2026' is based on 'online-order-mobile', which is a future-state map, not a current-state one.",
          hint: "Did you mean 'online-order', the map that 'online-order-mobile' redesigns? `based_on` must name a current-state map.",
        },
      ],
    },
    {
      name: 'invalid: based on a future map without based_on, listing the current maps of the run',
      file: FILE_2026,
      map: future('online-order-2026', { based_on: 'online-order-mobile' }),
      others: [{ file: mobile.file, map: future('online-order-mobile') }, current],
      expected: [
        {
          path: ['based_on'],
          message: ["'online-order-mobile'", 'future-state map'],
          hint: [
            '(current-state maps in this run: online-order)',
            "if 'online-order-mobile' in maps/online-order-mobile.journey.yaml describes today's journey, set its `state: current`.",
          ],
        },
      ],
    },
    {
      name: 'invalid: a touchpoint links to its own map',
      map: mapWith([touchpoint('checkout'), touchpoint('returns', { links_to: 'online-order' })]),
      others: [{ file: 'maps/online-returns.journey.yaml', map: makeMap({ id: 'online-returns' }) }],
      expected: [
        {
          path: ['stages', 0, 'touchpoints', 1, 'links_to'],
          message: "Touchpoint 'returns' links to journey 'online-order', which is this map itself.",
          hint: ['sub-journey', 'remove `links_to`'],
        },
      ],
    },
  ])('$name', (testCase) => {
    expect(checkCase(rule, testCase)).toHaveLength(testCase.expected.length);
  });
});

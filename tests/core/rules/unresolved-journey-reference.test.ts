import { describe, expect, it } from 'vitest';
import { rule } from '../../../src/core/rules/unresolved-journey-reference.js';
import type { RunMap } from '../../../src/core/rules/rule.js';
import type { RuleCase } from './helpers.js';
import { checkCase, makeMap, mapWith, touchpoint } from './helpers.js';

const current: RunMap = { file: 'maps/online-order.journey.yaml', map: makeMap() };
const returns: RunMap = { file: 'maps/returns.journey.yaml', map: makeMap({ id: 'returns' }) };
const FILE_2026 = 'maps/online-order-2026.journey.yaml';

describe('unresolved-journey-reference', () => {
  it.each<RuleCase>([
    { name: 'valid: no references', map: makeMap(), expected: [] },
    {
      name: 'valid: based_on and links_to resolve in the run',
      file: FILE_2026,
      map: mapWith([touchpoint('returns', { links_to: 'returns' })], { id: 'online-order-2026', state: 'future', based_on: 'online-order' }),
      others: [current, returns],
      expected: [],
    },
    {
      name: 'valid: a reference to the map itself is left to invalid-journey-reference',
      map: mapWith([touchpoint('checkout', { links_to: 'online-order' })], { based_on: 'online-order' }),
      expected: [],
    },
    {
      name: 'invalid: based_on with a typo, with did-you-mean over the run',
      file: FILE_2026,
      map: makeMap({ id: 'online-order-2026', state: 'future', based_on: 'online-ordr' }),
      others: [current],
      expected: [
        {
          path: ['based_on'],
          message: "Journey 'online-order-2026' is based on 'online-ordr', which was not among the 2 validated files.",
          hint: "Did you mean 'online-order'? If not, validate the file that defines 'online-ordr' in the same run (pass it or its folder to journey validate), or fix the id.",
        },
      ],
    },
    {
      name: 'invalid: links_to a map that was not validated',
      map: mapWith([touchpoint('checkout'), touchpoint('returns', { links_to: 'returns' })]),
      expected: [
        {
          path: ['stages', 0, 'touchpoints', 1, 'links_to'],
          message: "Touchpoint 'returns' links to journey 'returns', which was not among the 1 validated file.",
          hint: ["Validate the file that defines 'returns' in the same run", 'or fix the id'],
          notInHint: ['Did you mean'],
        },
      ],
    },
    {
      name: 'invalid: links_to names another touchpoint of the map',
      map: mapWith([touchpoint('book-visit', { links_to: 'engineer-visit' }), touchpoint('engineer-visit')]),
      expected: [
        {
          path: ['stages', 0, 'touchpoints', 0, 'links_to'],
          message: "Touchpoint 'book-visit' links to 'engineer-visit', which is a touchpoint of this map, not a journey: `links_to` names another journey map's id.",
          hint: ['top-level `id` of the journey map'],
          notInHint: ['Validate the file'],
        },
      ],
    },
    {
      name: 'invalid: based_on names a stage of the map',
      map: mapWith([touchpoint('checkout')], { based_on: 'purchase' }),
      expected: [{ path: ['based_on'], message: ["'purchase', which is a stage of this map, not a journey"] }],
    },
    {
      name: 'invalid: both references unresolved, in journey order',
      map: mapWith([touchpoint('returns', { links_to: 'return' })], { based_on: 'legacy-order' }),
      others: [returns],
      expected: [
        { path: ['based_on'], message: ["'legacy-order'", 'not among the 2 validated files'] },
        {
          path: ['stages', 0, 'touchpoints', 0, 'links_to'],
          message: ["'return'", 'not among the 2 validated files'],
          hint: ["Did you mean 'returns'?"],
        },
      ],
    },
  ])('$name', (testCase) => {
    expect(checkCase(rule, testCase)).toHaveLength(testCase.expected.length);
  });
});

import { describe, expect, it } from 'vitest';
import { rule } from '../../../src/core/rules/unknown-persona.js';
import type { RuleCase } from './helpers.js';
import { checkCase, mapWith, persona, touchpoint } from './helpers.js';

const personas = [persona('busy-parent'), persona('commuter')];

describe('unknown-persona', () => {
  it.each<RuleCase>([
    { name: 'valid: no personas list on the touchpoint', map: mapWith([touchpoint('checkout')], { personas }), expected: [] },
    {
      name: 'valid: every listed persona is defined',
      map: mapWith([touchpoint('checkout', { personas: ['commuter', 'busy-parent'] })], { personas }),
      expected: [],
    },
    {
      name: 'invalid: a typo, with did-you-mean and the defined personas',
      map: mapWith([touchpoint('checkout', { personas: ['commuter', 'busy-parnet'] })], { personas }),
      expected: [
        {
          path: ['stages', 0, 'touchpoints', 0, 'personas', 1],
          message: "Touchpoint 'checkout' names persona 'busy-parnet', which this map does not define.",
          hint: "Did you mean 'busy-parent'? Personas defined: busy-parent, commuter. Fix the id or add 'busy-parnet' under the top-level `personas:`.",
        },
      ],
    },
    {
      name: 'invalid: nothing close, one finding per unknown item in journey order',
      map: mapWith([touchpoint('checkout', { personas: ['student'] }), touchpoint('delivery', { personas: ['busy-parent', 'retiree'] })], { personas }),
      expected: [
        {
          path: ['stages', 0, 'touchpoints', 0, 'personas', 0],
          message: "Touchpoint 'checkout' names persona 'student', which this map does not define.",
          hint: ['Personas defined: busy-parent, commuter.'],
          notInHint: ['Did you mean'],
        },
        {
          path: ['stages', 0, 'touchpoints', 1, 'personas', 1],
          message: "Touchpoint 'delivery' names persona 'retiree', which this map does not define.",
        },
      ],
    },
    {
      name: 'invalid: the map defines no personas',
      map: mapWith([touchpoint('checkout', { personas: ['busy-parent'] })], { personas: undefined }),
      expected: [
        {
          path: ['stages', 0, 'touchpoints', 0, 'personas', 0],
          message: ["'busy-parent'", 'does not define'],
          hint: ['This map defines no personas'],
        },
      ],
    },
  ])('$name', (testCase) => {
    expect(checkCase(rule, testCase)).toHaveLength(testCase.expected.length);
  });
});

import { describe, expect, it } from 'vitest';
import { rule } from '../../../src/core/rules/unused-persona.js';
import type { RuleCase } from './helpers.js';
import { checkCase, makeMap, mapWith, persona, stage, touchpoint } from './helpers.js';

const personas = [persona('busy-parent'), persona('commuter'), persona('student')];

describe('unused-persona', () => {
  it.each<RuleCase>([
    {
      name: 'valid: a touchpoint without a personas list serves every persona',
      map: mapWith([touchpoint('checkout', { personas: ['busy-parent'] }), touchpoint('delivery')], { personas }),
      expected: [],
    },
    {
      name: 'valid: every persona listed somewhere',
      map: mapWith([touchpoint('checkout', { personas: ['busy-parent', 'student'] }), touchpoint('delivery', { personas: ['commuter'] })], { personas }),
      expected: [],
    },
    {
      name: 'valid: a map without touchpoints is left to stage-without-touchpoints',
      map: makeMap({ personas, stages: [stage('purchase', null)] }),
      expected: [],
    },
    {
      name: 'invalid: every touchpoint lists personas, none lists two of them',
      map: mapWith([touchpoint('checkout', { personas: ['commuter'] }), touchpoint('delivery', { personas: ['commuter'] })], { personas }),
      expected: [
        {
          path: ['personas', 0, 'id'],
          message: "Persona 'busy-parent' is not used by any touchpoint.",
          hint: "Every touchpoint lists its personas and none lists 'busy-parent'; add it to the `personas` of the touchpoints it goes through, or remove the persona.",
        },
        { path: ['personas', 2, 'id'], message: "Persona 'student' is not used by any touchpoint." },
      ],
    },
    {
      name: 'invalid: explicit empty lists serve no persona',
      map: mapWith([touchpoint('checkout', { personas: [] })], { personas: [persona('busy-parent')] }),
      expected: [{ path: ['personas', 0, 'id'], message: ["'busy-parent'"] }],
    },
  ])('$name', (testCase) => {
    expect(checkCase(rule, testCase)).toHaveLength(testCase.expected.length);
  });
});

import { describe, expect, it } from 'vitest';
import { rule } from '../../../src/core/rules/unaddressed-pain-point.js';
import type { RuleCase } from './helpers.js';
import { checkCase, mapWith, opportunity, painPoint, touchpoint } from './helpers.js';

const TP = ['stages', 0, 'touchpoints', 0];

describe('unaddressed-pain-point', () => {
  it.each<RuleCase>([
    { name: 'valid: no pain points', map: mapWith([touchpoint('checkout')]), expected: [] },
    {
      name: 'valid: addressed on the same touchpoint',
      map: mapWith([touchpoint('checkout', { pain_points: [painPoint('fee')], opportunities: [opportunity('show-fee', ['fee'])] })]),
      expected: [],
    },
    {
      name: 'valid: addressed from another touchpoint, by a live opportunity next to a dropped one',
      map: mapWith([
        touchpoint('checkout', { pain_points: [painPoint('fee')] }),
        touchpoint('product-page', {
          opportunities: [opportunity('free-shipping', ['fee'], { status: 'dropped' }), opportunity('show-fee', ['fee'], { status: 'done' })],
        }),
      ]),
      expected: [],
    },
    {
      name: 'invalid: no opportunity lists it',
      map: mapWith([
        touchpoint('checkout', {
          pain_points: [painPoint('fee'), painPoint('slow-page')],
          opportunities: [opportunity('show-fee', ['fee'])],
        }),
      ]),
      expected: [
        {
          path: [...TP, 'pain_points', 1, 'id'],
          message: "Pain point 'slow-page' on touchpoint 'checkout' is not addressed by any opportunity.",
          hint: ['`addresses: [slow-page]`', '`unaddressed-pain-point: off`'],
        },
      ],
    },
    {
      name: 'invalid: only dropped opportunities list it',
      map: mapWith([
        touchpoint('checkout', {
          pain_points: [painPoint('fee')],
          opportunities: [opportunity('free-shipping', ['fee'], { status: 'dropped' })],
        }),
      ]),
      expected: [
        {
          path: [...TP, 'pain_points', 0, 'id'],
          message: "Pain point 'fee' on touchpoint 'checkout' is addressed only by dropped opportunity 'free-shipping'.",
        },
      ],
    },
  ])('$name', (testCase) => {
    expect(checkCase(rule, testCase)).toHaveLength(testCase.expected.length);
  });
});

import { describe, expect, it } from 'vitest';
import { rule } from '../../../src/core/rules/unknown-pain-point.js';
import type { RuleCase } from './helpers.js';
import { checkCase, mapWith, opportunity, painPoint, touchpoint } from './helpers.js';

const checkout = (addresses: string[] | null) =>
  touchpoint('checkout', {
    pain_points: [painPoint('surprise-shipping-fee'), painPoint('slow-page')],
    opportunities: [opportunity('show-fee-early', addresses)],
  });

describe('unknown-pain-point', () => {
  it.each<RuleCase>([
    { name: 'valid: addresses pain points of its touchpoint', map: mapWith([checkout(['surprise-shipping-fee', 'slow-page'])]), expected: [] },
    { name: 'valid: no addresses (another rule)', map: mapWith([checkout(null)]), expected: [] },
    {
      name: 'valid: addresses a pain point of another touchpoint',
      map: mapWith([
        touchpoint('delivery', { pain_points: [painPoint('late-parcel')] }),
        touchpoint('tracking', { opportunities: [opportunity('live-tracking', ['late-parcel'])] }),
      ]),
      expected: [],
    },
    {
      name: 'invalid: a typo, with did-you-mean',
      map: mapWith([checkout(['slow-page', 'surprise-shiping-fee'])]),
      expected: [
        {
          path: ['stages', 0, 'touchpoints', 0, 'opportunities', 0, 'addresses', 1],
          message: "Opportunity 'show-fee-early' addresses pain point 'surprise-shiping-fee', which this map does not define.",
          hint: "Did you mean 'surprise-shipping-fee'? Pain points defined: surprise-shipping-fee, slow-page. Fix the id or add the pain point to the touchpoint where customers hit it.",
        },
      ],
    },
    {
      name: 'invalid: the map has no pain points at all',
      map: mapWith([touchpoint('checkout', { opportunities: [opportunity('show-fee-early', ['fee'])] })]),
      expected: [
        {
          path: ['stages', 0, 'touchpoints', 0, 'opportunities', 0, 'addresses', 0],
          message: ["'show-fee-early'", "'fee'"],
          hint: ['This map defines no pain points'],
          notInHint: ['Did you mean'],
        },
      ],
    },
  ])('$name', (testCase) => {
    expect(checkCase(rule, testCase)).toHaveLength(testCase.expected.length);
  });
});

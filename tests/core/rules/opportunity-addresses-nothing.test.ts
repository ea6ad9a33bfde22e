import { describe, expect, it } from 'vitest';
import { rule } from '../../../src/core/rules/opportunity-addresses-nothing.js';
import type { RuleCase } from './helpers.js';
import { checkCase, mapWith, opportunity, painPoint, touchpoint } from './helpers.js';

const TP = ['stages', 0, 'touchpoints', 0];

describe('opportunity-addresses-nothing', () => {
  it.each<RuleCase>([
    {
      name: 'valid: addresses a pain point',
      map: mapWith([touchpoint('checkout', { pain_points: [painPoint('fee')], opportunities: [opportunity('show-fee', ['fee'])] })]),
      expected: [],
    },
    {
      name: 'valid: an unknown id still addresses something (unknown-pain-point reports it)',
      map: mapWith([touchpoint('checkout', { opportunities: [opportunity('show-fee', ['fees'])] })]),
      expected: [],
    },
    {
      name: 'invalid: no addresses, hint lists the pain points of the touchpoint',
      map: mapWith([
        touchpoint('checkout', {
          pain_points: [painPoint('fee'), painPoint('slow-page')],
          opportunities: [opportunity('show-fee', ['fee']), opportunity('redesign', null)],
        }),
      ]),
      expected: [
        {
          path: [...TP, 'opportunities', 1, 'id'],
          message: "Opportunity 'redesign' on touchpoint 'checkout' addresses no pain point.",
          hint: 'List the pain points it relieves under `addresses:` (pain points on this touchpoint: fee, slow-page).',
        },
      ],
    },
    {
      name: 'invalid: an empty list, hint lists the pain points of the map',
      map: mapWith([touchpoint('checkout', { pain_points: [painPoint('fee')] }), touchpoint('delivery', { opportunities: [opportunity('lockers', [])] })]),
      expected: [
        {
          path: ['stages', 0, 'touchpoints', 1, 'opportunities', 0, 'id'],
          message: ["'lockers'", "'delivery'"],
          hint: ['(pain points of this map: fee)'],
        },
      ],
    },
    {
      name: 'invalid: no pain points anywhere',
      map: mapWith([touchpoint('checkout', { opportunities: [opportunity('show-fee', null)] })]),
      expected: [{ path: [...TP, 'opportunities', 0, 'id'], message: ["'show-fee'"], hint: ['under `pain_points:`'] }],
    },
  ])('$name', (testCase) => {
    expect(checkCase(rule, testCase)).toHaveLength(testCase.expected.length);
  });
});

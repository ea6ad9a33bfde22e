import { describe, expect, it } from 'vitest';
import { rule } from '../../../src/core/rules/duplicate-id.js';
import type { RuleCase } from './helpers.js';
import { checkCase, makeMap, opportunity, painPoint, persona, stage, touchpoint } from './helpers.js';

const TP = ['stages', 0, 'touchpoints', 0];

describe('duplicate-id', () => {
  it.each<RuleCase>([
    { name: 'valid: unique ids', map: makeMap(), expected: [] },
    {
      name: 'valid: different kinds may share an id',
      map: makeMap({
        personas: [persona('checkout')],
        stages: [
          stage('checkout', [
            touchpoint('checkout', {
              pain_points: [painPoint('checkout')],
              opportunities: [opportunity('checkout', ['checkout'])],
            }),
          ]),
        ],
      }),
      expected: [],
    },
    {
      name: 'invalid: persona id repeated',
      map: makeMap({ personas: [persona('busy-parent'), persona('commuter'), persona('busy-parent', { name: 'Parent' })] }),
      expected: [
        {
          path: ['personas', 2, 'id'],
          message: "Persona id 'busy-parent' is also used by the 1st persona ('Busy parent').",
          hint: ['rename one of them', "'busy-parent-2'", '`personas`'],
        },
      ],
    },
    {
      name: 'invalid: stage id repeated',
      map: makeMap({ stages: [stage('purchase', [touchpoint('checkout')]), stage('purchase', [touchpoint('delivery')])] }),
      expected: [{ path: ['stages', 1, 'id'], message: "Stage id 'purchase' is also used by the 1st stage ('Purchase')." }],
    },
    {
      name: 'invalid: touchpoint id repeated across stages',
      map: makeMap({ stages: [stage('purchase', [touchpoint('checkout')]), stage('support', [touchpoint('checkout')])] }),
      expected: [
        {
          path: ['stages', 1, 'touchpoints', 0, 'id'],
          message: "Touchpoint id 'checkout' is also used by the 1st touchpoint in stage 'purchase' ('Checkout').",
          hint: ['across all stages', "'checkout-2'"],
        },
      ],
    },
    {
      name: 'invalid: three occurrences give two findings, both naming the first; suggestions skip taken ids',
      map: makeMap({
        stages: [stage('purchase', [touchpoint('checkout'), touchpoint('checkout-2'), touchpoint('checkout', { name: 'Again' })]), stage('support', [touchpoint('checkout')])],
      }),
      expected: [
        {
          path: ['stages', 0, 'touchpoints', 2, 'id'],
          message: "Touchpoint id 'checkout' is also used by the 1st touchpoint in stage 'purchase' ('Checkout').",
          hint: ["'checkout-3'"],
        },
        {
          path: ['stages', 1, 'touchpoints', 0, 'id'],
          message: "Touchpoint id 'checkout' is also used by the 1st touchpoint in stage 'purchase' ('Checkout').",
          hint: ["'checkout-4'"],
        },
      ],
    },
    {
      name: 'invalid: pain point id repeated across touchpoints',
      map: makeMap({
        stages: [
          stage('purchase', [
            touchpoint('checkout', { pain_points: [painPoint('slow-page')] }),
            touchpoint('payment', { pain_points: [painPoint('card-declined'), painPoint('slow-page')] }),
          ]),
        ],
      }),
      expected: [
        {
          path: ['stages', 0, 'touchpoints', 1, 'pain_points', 1, 'id'],
          message: "Pain point id 'slow-page' is also used by the 1st pain point of touchpoint 'checkout' in stage 'purchase'.",
          hint: ['`addresses`'],
        },
      ],
    },
    {
      name: 'invalid: opportunity id repeated on one touchpoint',
      map: makeMap({
        stages: [
          stage('purchase', [
            touchpoint('checkout', {
              pain_points: [painPoint('slow-page')],
              opportunities: [opportunity('cache-pages', ['slow-page']), opportunity('cache-pages', ['slow-page'])],
            }),
          ]),
        ],
      }),
      expected: [
        {
          path: [...TP, 'opportunities', 1, 'id'],
          message: "Opportunity id 'cache-pages' is also used by the 1st opportunity of touchpoint 'checkout' in stage 'purchase'.",
        },
      ],
    },
  ])('$name', (testCase) => {
    const findings = checkCase(rule, testCase);
    expect(findings).toHaveLength(testCase.expected.length);
  });
});

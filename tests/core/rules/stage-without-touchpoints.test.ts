import { describe, expect, it } from 'vitest';
import { rule } from '../../../src/core/rules/stage-without-touchpoints.js';
import type { RuleCase } from './helpers.js';
import { checkCase, makeMap, stage } from './helpers.js';

describe('stage-without-touchpoints', () => {
  it.each<RuleCase>([
    { name: 'valid: every stage has touchpoints', map: makeMap({ stages: [stage('purchase'), stage('delivery')] }), expected: [] },
    {
      name: 'invalid: no touchpoints key and an empty list, in journey order',
      map: makeMap({ stages: [stage('awareness', null), stage('purchase'), stage('advocacy', [])] }),
      expected: [
        {
          path: ['stages', 0, 'id'],
          message: "Stage 'awareness' has no touchpoints.",
          hint: 'Add the touchpoints where the customer interacts with you in this stage under `touchpoints:`, or remove the stage if the journey does not have it.',
        },
        { path: ['stages', 2, 'id'], message: "Stage 'advocacy' has no touchpoints." },
      ],
    },
  ])('$name', (testCase) => {
    expect(checkCase(rule, testCase)).toHaveLength(testCase.expected.length);
  });
});

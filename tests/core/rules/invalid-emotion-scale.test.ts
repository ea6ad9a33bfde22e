import { describe, expect, it } from 'vitest';
import { rule } from '../../../src/core/rules/invalid-emotion-scale.js';
import type { RuleCase } from './helpers.js';
import { checkCase, makeMap } from './helpers.js';

describe('invalid-emotion-scale', () => {
  it.each<RuleCase>([
    { name: 'valid: no scales', map: makeMap(), expected: [] },
    { name: 'valid: scales without emotion', map: makeMap({ scales: {} }), expected: [] },
    { name: 'valid: min below max', map: makeMap({ scales: { emotion: { min: 1, max: 5 } } }), expected: [] },
    {
      name: 'invalid: min above max',
      map: makeMap({ scales: { emotion: { min: 2, max: -2 } } }),
      expected: [
        {
          path: ['scales', 'emotion', 'max'],
          message: 'Emotion scale max -2 is below its min 2.',
          hint: 'Swap the values: `emotion: {min: -2, max: 2}`.',
        },
      ],
    },
    {
      name: 'invalid: min equal to max',
      map: makeMap({ scales: { emotion: { min: 0, max: 0 } } }),
      expected: [{ path: ['scales', 'emotion', 'max'], message: 'Emotion scale max 0 equals its min 0, so the scale has no range.', hint: ['(the default)'] }],
    },
  ])('$name', (testCase) => {
    expect(checkCase(rule, testCase)).toHaveLength(testCase.expected.length);
  });
});

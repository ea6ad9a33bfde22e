import { describe, expect, it } from 'vitest';
import { rule } from '../../../src/core/rules/emotion-out-of-scale.js';
import type { RuleCase } from './helpers.js';
import { checkCase, mapWith, touchpoint } from './helpers.js';

const at = (i: number) => ['stages', 0, 'touchpoints', i, 'emotion'];

describe('emotion-out-of-scale', () => {
  it.each<RuleCase>([
    {
      name: 'valid: the bounds of the default scale are inside',
      map: mapWith([touchpoint('a', { emotion: -2 }), touchpoint('b', { emotion: 2 }), touchpoint('c', { emotion: 0.5 })]),
      expected: [],
    },
    { name: 'valid: no emotion', map: mapWith([touchpoint('checkout')]), expected: [] },
    {
      name: 'valid: a declared scale',
      map: mapWith([touchpoint('checkout', { emotion: 4 })], { scales: { emotion: { min: 1, max: 5 } } }),
      expected: [],
    },
    {
      name: 'valid: skipped when the scale itself is invalid',
      map: mapWith([touchpoint('checkout', { emotion: 10 })], { scales: { emotion: { min: 2, max: -2 } } }),
      expected: [],
    },
    {
      name: 'invalid: outside the default scale, on both sides',
      map: mapWith([touchpoint('checkout', { emotion: 3 }), touchpoint('delivery', { emotion: 1 }), touchpoint('returns', { emotion: -2.5 })]),
      expected: [
        {
          path: at(0),
          message: "Touchpoint 'checkout' has emotion 3, outside the map's emotion scale -2 to 2.",
          hint: 'Use a value from -2 to 2 (the default scale), or declare the scale the map uses, e.g. `scales: {emotion: {min: 1, max: 5}}`.',
        },
        { path: at(2), message: "Touchpoint 'returns' has emotion -2.5, outside the map's emotion scale -2 to 2." },
      ],
    },
    {
      name: 'invalid: outside a declared scale',
      map: mapWith([touchpoint('checkout', { emotion: 0 })], { scales: { emotion: { min: 1, max: 5 } } }),
      expected: [{ path: at(0), message: ['emotion 0', 'scale 1 to 5'], hint: ['widen `scales.emotion`'] }],
    },
  ])('$name', (testCase) => {
    expect(checkCase(rule, testCase)).toHaveLength(testCase.expected.length);
  });
});

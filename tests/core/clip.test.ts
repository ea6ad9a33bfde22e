import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip } from '../../src/core/clip.js';

describe('clip', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly ten', 11, 'exactly ten'],
    ['a bit longer than that', 10, 'a bit lon…'],
    ['😀😀😀😀😀', 5, '😀😀😀😀😀'],
    ['😀😀😀😀😀😀', 5, '😀😀😀😀…'],
    ['ab😀cd', 3, 'ab…'],
  ])('%j cut to %i is %j', (text, max, expected) => {
    expect(clip(text, max)).toBe(expected);
  });

  it('never splits a surrogate pair and never exceeds the limit in code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.integer({ min: 2, max: 60 }), (text, max) => {
        const out = clip(text, max);
        expect(Array.from(out).length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        if (out !== text) expect(text.startsWith(out.slice(0, -1))).toBe(true);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

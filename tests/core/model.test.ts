import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fractionBetween, pointBetween } from '../../src/core/model.js';

describe('fractionBetween and pointBetween: positions on a scale', () => {
  it('measure ordinary scales as (value - from) / (to - from) and back', () => {
    expect([-2, 0, 1, 2].map((v) => fractionBetween(v, -2, 2))).toEqual([0, 0.5, 0.75, 1]);
    expect(fractionBetween(-2, 2, -2)).toBe(1);
    expect([0, 0.5, 0.75, 1].map((f) => pointBetween(f, -2, 2))).toEqual([-2, 0, 1, 2]);
  });

  it('stay finite on scales wider than the largest number (the schema allows -1e308..1e308)', () => {
    // Found by tests/fuzz/maps.test.ts: to - from overflowed to Infinity, which made scores NaN.
    const max = Number.MAX_VALUE;
    expect([-max, 0, max].map((v) => fractionBetween(v, -max, max))).toEqual([0, 0.5, 1]);
    expect(fractionBetween(5e307, -1e308, 1e308)).toBe(0.75);
    expect([0, 0.5, 1].map((f) => pointBetween(f, -max, max))).toEqual([-max, 0, max]);
  });

  it('are finite and inverse to each other for every finite scale', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(finite, finite, fc.double({ min: 0, max: 1, noNaN: true }), (a, b, f) => {
        fc.pre(a !== b);
        const point = pointBetween(f, a, b);
        expect(Number.isFinite(point)).toBe(true);
        expect(Number.isFinite(fractionBetween(point, a, b))).toBe(true);
        expect(Math.abs(fractionBetween(point, a, b) - f)).toBeLessThan(1e-9);
      }),
      { seed: 20260707 },
    );
  });
});

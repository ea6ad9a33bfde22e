import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LOW_SAMPLE,
  cesFromTally,
  compareNps,
  compareShares,
  completionRate,
  csatFromTally,
  fcrFromTally,
  mergeTally,
  npsFromTally,
  wilson,
} from '../../../src/core/survey/stats.js';
import type { Scale, Tally } from '../../../src/core/survey/types.js';

fc.configureGlobal({ seed: 20261124, numRuns: 200 });

/** Small counts most of the time (n = 1, ties, empty), sometimes huge ones. */
const count = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 5 }) }, fc.integer({ min: 1, max: 10_000_000 }));
const entriesOf = (value: fc.Arbitrary<number>): fc.Arbitrary<[number, number][]> => fc.array(fc.tuple(value, count), { maxLength: 12 });

function toTally(entries: readonly (readonly [number, number])[]): Tally {
  const t: Tally = new Map();
  for (const [value, n] of entries) t.set(value, (t.get(value) ?? 0) + n);
  return t;
}

const npsTally = fc.oneof(
  entriesOf(fc.integer({ min: 0, max: 10 })).map(toTally),
  fc.tuple(fc.integer({ min: 0, max: 10 }), count).map(([v, n]) => toTally([[v, n]])),
);
/** Anything a buggy caller could hand over: off-scale values, fractions, junk counts. */
const junkTally = fc
  .array(
    fc.tuple(
      fc.oneof(fc.integer({ min: -3, max: 13 }), fc.double({ min: -20, max: 20 }), fc.constantFrom(Number.NaN, Infinity)),
      fc.oneof(count, fc.constantFrom(0, -1, 0.5, Number.NaN, Infinity)),
    ),
    { maxLength: 12 },
  )
  .map((entries): Tally => new Map(entries));

const scales: Scale[] = [
  { min: 1, max: 5 },
  { min: 1, max: 7 },
  { min: 0, max: 10 },
  { min: 1, max: 10 },
];
const scaled = fc.constantFrom(...scales).chain((scale) =>
  fc.record({
    scale: fc.constant(scale),
    tally: fc.oneof(
      entriesOf(fc.integer({ min: scale.min, max: scale.max })).map(toTally),
      fc.tuple(fc.integer({ min: scale.min, max: scale.max }), count).map(([v, n]) => toTally([[v, n]])),
    ),
    higherIsBetter: fc.boolean(),
  }),
);

function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (value !== null && typeof value === 'object') return Object.values(value).every(allFinite);
  return true;
}

function expectInterval(ci: [number, number], point: number, lo: number, hi: number): void {
  expect(ci[0]).toBeGreaterThanOrEqual(lo);
  expect(ci[1]).toBeLessThanOrEqual(hi);
  expect(ci[0]).toBeLessThanOrEqual(point);
  expect(ci[1]).toBeGreaterThanOrEqual(point);
}

describe('bounds and finiteness', () => {
  it('NPS: score in -100..100, interval contains it', () => {
    fc.assert(
      fc.property(npsTally, (t) => {
        const r = npsFromTally(t);
        if (t.size === 0) {
          expect(r).toBeUndefined();
          return;
        }
        if (!r) throw new Error('expected a result');
        expect(allFinite(r)).toBe(true);
        expect(r.promoters + r.passives + r.detractors).toBe(r.n);
        expect(r.lowSample).toBe(r.n < LOW_SAMPLE);
        expectInterval(r.ci95, r.score, -100, 100);
      }),
    );
  });

  it('CSAT and CES: scores in 0..100, means within the scale, intervals contain them', () => {
    fc.assert(
      fc.property(scaled, ({ scale, tally, higherIsBetter }) => {
        const csat = csatFromTally(tally, scale);
        const ces = cesFromTally(tally, scale, higherIsBetter);
        if (tally.size === 0) {
          expect(csat).toBeUndefined();
          expect(ces).toBeUndefined();
          return;
        }
        if (!csat || !ces) throw new Error('expected results');
        for (const r of [csat, ces]) {
          expect(allFinite(r)).toBe(true);
          expect(r.lowSample).toBe(r.n < LOW_SAMPLE);
          expectInterval(r.ci95, r.score, 0, 100);
          expect(r.mean).toBeGreaterThanOrEqual(scale.min);
          expect(r.mean).toBeLessThanOrEqual(scale.max);
        }
        expectInterval(ces.meanCi95, ces.mean, scale.min, scale.max);
      }),
    );
  });

  it('FCR and completion: shares in 0..100, intervals contain them', () => {
    fc.assert(
      fc.property(entriesOf(fc.integer({ min: 0, max: 1 })), fc.nat(20_000_000), fc.nat(20_000_000), (entries, a, b) => {
        const fcr = fcrFromTally(toTally(entries));
        if (entries.length === 0) expect(fcr).toBeUndefined();
        else if (fcr) {
          expect(allFinite(fcr)).toBe(true);
          expectInterval(fcr.ci95, fcr.score, 0, 100);
        } else throw new Error('expected FCR');
        const completion = completionRate(Math.min(a, b), Math.max(a, b));
        if (Math.max(a, b) === 0) expect(completion).toBeUndefined();
        else if (completion) {
          expect(allFinite(completion)).toBe(true);
          expectInterval(completion.ci95, completion.score, 0, 100);
        } else throw new Error('expected completion');
      }),
    );
  });

  it('Wilson: within 0..1 and contains the share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const s = Math.round(f * n);
        const [lo, hi] = wilson(s, n);
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
        expect(lo).toBeLessThanOrEqual(s / n);
        expect(hi).toBeGreaterThanOrEqual(s / n);
      }),
    );
  });

  it('no NaN or Infinity for any tally, however broken', () => {
    fc.assert(
      fc.property(junkTally, junkTally, fc.constantFrom(...scales), fc.boolean(), (t, u, scale, hib) => {
        for (const r of [npsFromTally(t), csatFromTally(t, scale), cesFromTally(t, scale, hib), fcrFromTally(t)]) {
          expect(allFinite(r)).toBe(true);
        }
        expect(allFinite(compareNps(t, u))).toBe(true);
      }),
    );
  });
});

describe('mean intervals', () => {
  it('the CES mean interval always has a width, also from identical answers or a single one', () => {
    fc.assert(
      fc.property(scaled, ({ scale, tally, higherIsBetter }) => {
        const ces = cesFromTally(tally, scale, higherIsBetter);
        if (!ces) return;
        expect(ces.meanCi95[1]).toBeGreaterThan(ces.meanCi95[0]);
        expectInterval(ces.meanCi95, ces.mean, scale.min, scale.max);
      }),
    );
  });
});

describe('row order and splitting do not matter', () => {
  it('merging per-worker tallies in any order equals one tally', () => {
    const rows = fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), count, fc.nat(3)), { maxLength: 20 });
    fc.assert(
      fc.property(rows, fc.constantFrom(...scales), fc.boolean(), (list, scale, hib) => {
        const whole = toTally(list.map(([v, n]) => [v, n] as const));
        const workers: Tally[] = [0, 1, 2, 3].map((): Tally => new Map());
        for (const [v, n, w] of list) {
          const worker = workers[w];
          if (worker) mergeTally(worker, new Map([[v, n]]));
        }
        const merged: Tally = new Map();
        for (const w of [...workers].reverse()) mergeTally(merged, w);
        expect(npsFromTally(merged)).toEqual(npsFromTally(whole));
        expect(csatFromTally(merged, scale)).toEqual(csatFromTally(whole, scale));
        expect(cesFromTally(merged, scale, hib)).toEqual(cesFromTally(whole, scale, hib));
        const reversed = toTally([...list].reverse().map(([v, n]) => [v, n] as const));
        expect(cesFromTally(reversed, scale, hib)).toEqual(cesFromTally(whole, scale, hib));
      }),
    );
  });
});

describe('NPS monotonicity', () => {
  it('a promoter never lowers NPS, a detractor never raises it', () => {
    fc.assert(
      fc.property(npsTally, fc.integer({ min: 9, max: 10 }), fc.integer({ min: 0, max: 6 }), (t, promoter, detractor) => {
        const before = npsFromTally(t)?.score;
        const withPromoter = new Map(t);
        mergeTally(withPromoter, new Map([[promoter, 1]]));
        const withDetractor = new Map(t);
        mergeTally(withDetractor, new Map([[detractor, 1]]));
        const up = npsFromTally(withPromoter)?.score ?? Number.NaN;
        const down = npsFromTally(withDetractor)?.score ?? Number.NaN;
        if (before === undefined) {
          expect(up).toBe(100);
          expect(down).toBe(-100);
          return;
        }
        expect(up).toBeGreaterThanOrEqual(before);
        expect(down).toBeLessThanOrEqual(before);
      }),
    );
  });
});

describe('two-sample tests', () => {
  it('a sample compared with itself is never significant', () => {
    fc.assert(
      fc.property(npsTally, fc.nat(10_000_000), fc.nat(10_000_000), (t, a, b) => {
        expect(compareNps(t, new Map(t))).toEqual({ delta: 0, z: 0, p: 1, significant: false });
        const [s, n] = [Math.min(a, b), Math.max(a, b)];
        expect(compareShares(s, n, s, n)).toEqual({ delta: 0, z: 0, p: 1, significant: false });
      }),
    );
  });

  it('results are finite, p in 0..1, and swapping the samples flips the sign only', () => {
    const share = fc.tuple(fc.nat(10_000_000), fc.nat(10_000_000)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
    fc.assert(
      fc.property(npsTally, npsTally, share, share, (t, u, [sa, na], [sb, nb]) => {
        for (const [ab, ba] of [
          [compareNps(t, u), compareNps(u, t)],
          [compareShares(sa, na, sb, nb), compareShares(sb, nb, sa, na)],
        ] as const) {
          expect(allFinite(ab)).toBe(true);
          expect(ab.p).toBeGreaterThanOrEqual(0);
          expect(ab.p).toBeLessThanOrEqual(1);
          expect(ab.significant).toBe(ab.p < 0.05);
          expect(ba.p).toBeCloseTo(ab.p, 12);
          expect(ba.delta).toBe(-ab.delta + 0);
          expect(ba.z).toBeCloseTo(-ab.z, 9);
        }
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  LOW_SAMPLE,
  Z95,
  cesCounts,
  cesFromTally,
  changeDirection,
  compareNps,
  compareShares,
  completionRate,
  csatCounts,
  csatFromTally,
  erfc,
  fcrFromTally,
  mergeTally,
  normalCdf,
  npsCounts,
  npsFromTally,
  round1,
  round2,
  t975,
  tallyTotal,
  twoSidedP,
  wilson,
} from '../../../src/core/survey/stats.js';
import type { Tally } from '../../../src/core/survey/types.js';

const tally = (entries: Record<number, number>): Tally => new Map(Object.entries(entries).map(([v, c]) => [Number(v), c]));
/** An NPS tally from promoter / passive / detractor counts. */
const nps = (promoters: number, passives: number, detractors: number): Tally => tally({ 10: promoters, 8: passives, 3: detractors });

describe('tallies', () => {
  it('merges by adding counts', () => {
    const into = tally({ 1: 2, 5: 1 });
    mergeTally(into, tally({ 5: 3, 7: 1 }));
    expect([...into].sort((a, b) => a[0] - b[0])).toEqual([
      [1, 2],
      [5, 4],
      [7, 1],
    ]);
    expect(tallyTotal(into)).toBe(7);
  });

  it('ignores counts that are not positive finite numbers', () => {
    expect(tallyTotal(tally({ 1: 2, 2: 0, 3: -4, 4: Number.NaN, 5: Number.POSITIVE_INFINITY }))).toBe(2);
    expect(tallyTotal(new Map())).toBe(0);
  });
});

describe('rounding', () => {
  it('rounds half away from zero on the printed decimal value', () => {
    expect(round1(20)).toBe(20);
    expect(round1(3.7749)).toBe(3.8);
    expect(round1(-12.25)).toBe(-12.3);
    expect(round1(12.25)).toBe(12.3);
    expect(round2(1.005)).toBe(1.01);
    expect(round2(2.345)).toBe(2.35);
    expect(round1(1e-9)).toBe(0);
  });

  it('never returns -0', () => {
    expect(Object.is(round1(-0.04), 0)).toBe(true);
    expect(Object.is(round2(-0), 0)).toBe(true);
  });
});

describe('distributions', () => {
  it('normal CDF and two-sided p-values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 9);
    expect(normalCdf(Z95)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-Z95)).toBeCloseTo(0.025, 6);
    expect(twoSidedP(Z95)).toBeCloseTo(0.05, 6);
    expect(twoSidedP(0)).toBeCloseTo(1, 9);
    // Relative accuracy in the tail (scipy: 2 * norm.sf(5), 2 * norm.sf(8)).
    expect(twoSidedP(5) / 5.733031437583866e-7).toBeCloseTo(1, 5);
    expect(twoSidedP(8) / 1.244192114854348e-15).toBeCloseTo(1, 5);
    expect(twoSidedP(-5)).toBe(twoSidedP(5));
    expect(twoSidedP(40)).toBe(0);
    expect(erfc(-40)).toBe(2);
  });

  it.each([
    [0, 1.0],
    [0.1, 0.8875370839817152],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028516],
    [1.99, 0.004888586800383002],
    [2, 0.004677734981047266],
    [3, 2.2090496998585445e-5],
    [5, 1.5374597944280347e-12],
    [8, 1.1224297172982928e-29],
    [20, 5.395865611607901e-176],
    [26, 5.663192408856145e-296],
  ])('erfc(%s) matches scipy to 1e-12 relative', (x, expected) => {
    expect(Math.abs(erfc(x) / expected - 1)).toBeLessThan(1e-12);
    expect(Math.abs(erfc(-x) - (2 - expected))).toBeLessThan(1e-15);
  });

  it('t quantiles (0.975)', () => {
    expect(t975(1)).toBeCloseTo(12.706, 3);
    expect(t975(2)).toBeCloseTo(4.303, 3);
    expect(t975(10)).toBeCloseTo(2.228, 3);
    expect(t975(30)).toBeCloseTo(2.042, 3);
    expect(t975(31)).toBe(Z95);
    expect(() => t975(0)).toThrow(RangeError);
  });
});

describe('wilson', () => {
  it.each([
    { s: 0, n: 10, lo: 0, hi: 0.2775328 },
    { s: 10, n: 10, lo: 0.7224672, hi: 1 },
    { s: 1, n: 1, lo: 0.2065493, hi: 1 },
    { s: 42, n: 50, lo: 0.7148578, hi: 0.9166258 },
  ])('$s of $n', ({ s, n, lo, hi }) => {
    const [l, h] = wilson(s, n);
    expect(l).toBeCloseTo(lo, 6);
    expect(h).toBeCloseTo(hi, 6);
  });

  it('is [0, 1] when n is 0', () => {
    expect(wilson(0, 0)).toEqual([0, 1]);
  });
});

describe('NPS', () => {
  it('SURVEY.md worked example: P 45, passives 30, D 25', () => {
    const r = npsFromTally(nps(45, 30, 25));
    expect(r).toEqual({ score: 20, n: 100, promoters: 45, passives: 30, detractors: 25, ci95: [3.8, 35.1], lowSample: false });
  });

  it('classifies 0..6 / 7..8 / 9..10 and ignores values off the scale', () => {
    const t = tally({ 0: 1, 6: 2, 7: 3, 8: 4, 9: 5, 10: 6, 11: 100, [-1]: 100 });
    expect(npsCounts(t)).toEqual({ promoters: 11, passives: 7, detractors: 3, n: 21 });
    const r = npsFromTally(t);
    expect(r?.score).toBe(38.1);
    expect(r?.lowSample).toBe(true);
  });

  it('widens the interval to the score when the shrunk interval misses it (n = 1)', () => {
    const r = npsFromTally(tally({ 10: 1 }));
    expect(r?.score).toBe(100);
    expect(r?.ci95[1]).toBe(100);
    expect(r?.ci95[0]).toBeCloseTo(-48.5, 1);
  });

  it('is undefined without answers', () => {
    expect(npsFromTally(new Map())).toBeUndefined();
    expect(npsFromTally(tally({ 12: 4 }))).toBeUndefined();
  });

  it(`flags samples under ${LOW_SAMPLE}`, () => {
    expect(npsFromTally(nps(10, 10, 9))?.lowSample).toBe(true);
    expect(npsFromTally(nps(10, 10, 10))?.lowSample).toBe(false);
  });
});

describe('CSAT', () => {
  it('SURVEY.md worked example: 42 of 50 satisfied', () => {
    const r = csatFromTally(tally({ 5: 30, 4: 12, 3: 5, 2: 2, 1: 1 }), { min: 1, max: 5 });
    expect(r).toEqual({ score: 84, n: 50, mean: 4.36, scale: [1, 5], ci95: [71.5, 91.7], lowSample: false });
  });

  it('top two boxes are the values >= max - 1; answers off the scale are ignored', () => {
    expect(csatCounts(tally({ 7: 1, 6: 1, 5: 1, 1: 1, 9: 3, 0: 2 }), { min: 1, max: 7 })).toEqual({ successes: 2, n: 4 });
  });

  it('is undefined without answers on the scale', () => {
    expect(csatFromTally(tally({ 9: 3 }), { min: 1, max: 5 })).toBeUndefined();
  });

  it('rejects an invalid scale', () => {
    expect(() => csatFromTally(tally({ 1: 1 }), { min: 5, max: 1 })).toThrow(RangeError);
  });
});

describe('CES', () => {
  it('1-5, lower is better: score = % of 1-2, t interval on the mean (df 9)', () => {
    const r = cesFromTally(tally({ 1: 3, 2: 4, 3: 2, 4: 1 }), { min: 1, max: 5 }, false);
    // mean 2.1, s^2 = 8.9 / 9, half width = 2.2621572 * sqrt(0.98889 / 10) = 0.71137
    expect(r).toEqual({
      score: 70,
      n: 10,
      ci95: [39.7, 89.2],
      scale: [1, 5],
      higherIsBetter: false,
      mean: 2.1,
      meanCi95: [1.39, 2.81],
      lowSample: true,
    });
  });

  it('1-7, higher is better: score = % of 5-7, t interval on the mean (df 19)', () => {
    const r = cesFromTally(tally({ 7: 5, 6: 5, 5: 4, 4: 3, 2: 2, 1: 1 }), { min: 1, max: 7 }, true);
    expect(r).toEqual({
      score: 70,
      n: 20,
      ci95: [48.1, 85.5],
      scale: [1, 7],
      higherIsBetter: true,
      mean: 5.1,
      meanCi95: [4.26, 5.94],
      lowSample: true,
    });
  });

  it('the midpoint itself is on neither side', () => {
    expect(cesCounts(tally({ 4: 10 }), { min: 1, max: 7 }, true)).toEqual({ successes: 0, n: 10 });
    expect(cesCounts(tally({ 3: 10 }), { min: 1, max: 5 }, false)).toEqual({ successes: 0, n: 10 });
  });

  it('uses the normal quantile above 30 answers', () => {
    const r = cesFromTally(tally({ 1: 16, 2: 15 }), { min: 1, max: 5 }, false);
    const mean = 46 / 31;
    const sd = Math.sqrt((16 * (1 - mean) ** 2 + 15 * (2 - mean) ** 2) / 30);
    expect(r?.meanCi95).toEqual([round2(mean - (Z95 * sd) / Math.sqrt(31)), round2(mean + (Z95 * sd) / Math.sqrt(31))]);
  });

  it('with one answer the mean interval is the whole scale', () => {
    const r = cesFromTally(tally({ 2: 1 }), { min: 1, max: 5 }, false);
    expect(r?.mean).toBe(2);
    expect(r?.meanCi95).toEqual([1, 5]);
  });

  it('identical answers never give a zero-width mean interval: the Wilson bound on the share that could answer otherwise', () => {
    // 40 answers of 6 on 1-7: u = z^2 / (40 + z^2) = 0.08763; [6 - 5u, 6 + u].
    const u = (Z95 * Z95) / (40 + Z95 * Z95);
    expect(cesFromTally(tally({ 6: 40 }), { min: 1, max: 7 }, true)?.meanCi95).toEqual([round2(6 - 5 * u), round2(6 + u)]);
    expect(cesFromTally(tally({ 6: 40 }), { min: 1, max: 7 }, true)?.meanCi95).toEqual([5.56, 6.09]);
    // At the end of the scale the interval opens on the inside only.
    expect(cesFromTally(tally({ 1: 3 }), { min: 1, max: 5 }, false)?.meanCi95).toEqual([1, round2(1 + 4 * ((Z95 * Z95) / (3 + Z95 * Z95)))]);
    // So many identical answers that the bounds round to the answer: rounded outwards, still a width.
    const many = cesFromTally(tally({ 3: 1_000_000 }), { min: 1, max: 5 }, false)!.meanCi95;
    expect(many[0]).toBeLessThan(3);
    expect(many[1]).toBeGreaterThan(3);
    expect(many[1] - many[0]).toBeCloseTo(0.02, 9);
    // Nearly identical: the t interval, rounded outwards when it would print as one point.
    const nearly = cesFromTally(tally({ 5: 99_999, 4: 1 }), { min: 1, max: 5 }, false)!.meanCi95;
    expect(nearly[0]).toBeLessThan(nearly[1]);
  });

  it('is undefined without answers', () => {
    expect(cesFromTally(new Map(), { min: 1, max: 7 }, true)).toBeUndefined();
  });
});

describe('FCR and completion', () => {
  it('FCR: share of 1 among 1/0', () => {
    expect(fcrFromTally(tally({ 1: 42, 0: 8, 2: 5 }))).toEqual({ score: 84, n: 50, ci95: [71.5, 91.7], lowSample: false });
    expect(fcrFromTally(tally({ 2: 5 }))).toBeUndefined();
  });

  it('completion: finished / started', () => {
    expect(completionRate(42, 50)).toEqual({ score: 84, n: 50, finished: 42, ci95: [71.5, 91.7], lowSample: false });
    expect(completionRate(0, 0)).toBeUndefined();
    expect(completionRate(12, 10)).toMatchObject({ score: 100, finished: 10 });
  });
});

describe('compareNps', () => {
  // Expected values computed independently (Python, math.erfc) from SURVEY.md's formula on the
  // adjusted estimates: n' = n + 3, p' = (P + 0.75)/n', d' = (D + 0.75)/n', var' = p' + d' - (p' - d')^2.
  it('significant: 20.0 against -10.0 with n = 100 each', () => {
    const r = compareNps(nps(45, 30, 25), nps(30, 30, 40));
    expect(r.delta).toBe(30);
    expect(r.z).toBeCloseTo(2.5524232, 6);
    expect(r.p).toBeCloseTo(0.0106977, 6);
    expect(r.significant).toBe(true);
  });

  it('not significant: 20.0 against 10.0 with n = 100 each', () => {
    const r = compareNps(nps(45, 30, 25), nps(40, 30, 30));
    expect(r.delta).toBe(10);
    expect(r.z).toBeCloseTo(0.8508077, 6);
    expect(r.p).toBeCloseTo(0.3948762, 6);
    expect(r.significant).toBe(false);
  });

  it('the sign follows a - b', () => {
    const r = compareNps(nps(30, 30, 40), nps(45, 30, 25));
    expect(r.delta).toBe(-30);
    expect(r.z).toBeLessThan(0);
  });

  it('no evidence when a sample is empty or both are the same single category', () => {
    expect(compareNps(new Map(), nps(1, 0, 0))).toEqual({ delta: 0, z: 0, p: 1, significant: false });
    expect(compareNps(nps(5, 0, 0), nps(9, 0, 0))).toEqual({ delta: 0, z: 0, p: 1, significant: false });
  });

  it('one promoter against a month of 100 answers is not a change (the observed-variance test gave p = 7e-23)', () => {
    const r = compareNps(nps(1, 0, 0), nps(50, 20, 30));
    expect(r.delta).toBe(80);
    expect(r.z).toBeCloseTo(0.1451397, 6);
    expect(r.p).toBeCloseTo(0.8846006, 6);
    expect(r.significant).toBe(false);
    // Ten passives (observed variance 0) against 100 answers: still the adjusted variances.
    const passives = compareNps(nps(0, 10, 0), nps(50, 20, 30));
    expect(passives.p).toBeGreaterThan(0.05);
  });

  it('a single-group period against another single-group period: the adjusted estimates', () => {
    const one = compareNps(nps(1, 0, 0), nps(0, 0, 1));
    expect(one.delta).toBe(200);
    expect(Number.isFinite(one.z)).toBe(true);
    expect(one.significant).toBe(false);
    const many = compareNps(nps(100, 0, 0), nps(0, 0, 100));
    expect(Number.isFinite(many.z)).toBe(true);
    expect(many.significant).toBe(true);
  });
});

describe('compareShares', () => {
  it('significant: 42/50 against 30/50', () => {
    const r = compareShares(42, 50, 30, 50);
    expect(r.delta).toBe(24);
    expect(r.z).toBeCloseTo(2.6726124, 6);
    expect(r.p).toBeCloseTo(0.0075263, 5);
    expect(r.significant).toBe(true);
  });

  it('not significant: 42/50 against 40/50', () => {
    const r = compareShares(42, 50, 40, 50);
    expect(r.delta).toBe(4);
    expect(r.z).toBeCloseTo(0.5205792, 6);
    expect(r.p).toBeCloseTo(0.6026599, 5);
    expect(r.significant).toBe(false);
  });

  it('delta is the difference of the scores as shown', () => {
    // 1/3 = 33.3%, 1/6 = 16.7%: shown difference 16.6, not round1(16.666...) = 16.7.
    expect(compareShares(1, 3, 1, 6).delta).toBe(16.6);
  });

  it('no evidence when a sample is empty or the pooled variance is 0', () => {
    expect(compareShares(0, 0, 3, 10)).toEqual({ delta: 0, z: 0, p: 1, significant: false });
    expect(compareShares(10, 10, 20, 20)).toEqual({ delta: 0, z: 0, p: 1, significant: false });
    expect(compareShares(0, 10, 0, 20)).toEqual({ delta: 0, z: 0, p: 1, significant: false });
  });
});

describe('changeDirection', () => {
  it.each([
    [3.2, 'up'],
    [-0.1, 'down'],
    [0, 'flat'],
    [0.04, 'flat'],
    [-0.04, 'flat'],
  ] as const)('%s -> %s', (delta, direction) => {
    expect(changeDirection(delta)).toBe(direction);
  });
});

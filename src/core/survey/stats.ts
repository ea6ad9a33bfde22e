/**
 * The statistics of `journey metrics`: NPS, CSAT, CES, FCR and completion rate with their 95%
 * intervals, and the two-sample tests that decide whether a change between periods is real.
 * The formulas are the ones SURVEY.md writes down ("Metric definitions"); the numbers must match.
 *
 * Everything is computed from tallies (value -> count), so partial results from worker threads
 * merge by adding counts and the order of the rows cannot change a result. Tallies are read in
 * ascending key order, so even floating-point sums are the same however a tally was built.
 *
 * Values that do not belong to a metric (an NPS of 12, a CSAT of 7 on a 1-5 scale, an FCR of 2)
 * and counts that are not positive integers are ignored here: the reader warns about bad
 * cells, this module only has to stay defined for whatever it is given.
 *
 * Results are computed at full precision and rounded only when the result object is built:
 * scores and their intervals to 1 decimal, means and mean intervals to 2 decimals.
 */
import type { CesResult, CompletionResult, CsatResult, FcrResult, Interval, NpsResult, Scale, Tally } from './types.js';

/** The 0.975 quantile of the standard normal distribution, as SURVEY.md writes it. */
export const Z95 = 1.959964;

/** Every metric with fewer answers than this is flagged as a low sample. */
export const LOW_SAMPLE = 30;

// ---------------------------------------------------------------------------------------------
// Tallies

/** Adds the counts of `from` to `into` (in place). */
export function mergeTally(into: Tally, from: Tally): void {
  for (const [value, count] of from) {
    into.set(value, (into.get(value) ?? 0) + count);
  }
}

/** Sum of all valid counts of a tally, whatever the values. */
export function tallyTotal(t: Tally): number {
  let total = 0;
  for (const [, count] of entries(t)) total += count;
  return total;
}

/**
 * The usable entries of a tally, in ascending value order: finite values with positive integer
 * counts. Sorting makes sums independent of insertion order (merged tallies give identical bits).
 */
function entries(t: Tally): [number, number][] {
  const out: [number, number][] = [];
  for (const [value, count] of t) {
    if (Number.isFinite(value) && Number.isSafeInteger(count) && count > 0) out.push([value, count]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Entries whose value lies on the scale (inclusive). */
function entriesOnScale(t: Tally, scale: Scale): [number, number][] {
  return entries(t).filter(([value]) => value >= scale.min && value <= scale.max);
}

function checkScale(scale: Scale): void {
  if (!Number.isFinite(scale.min) || !Number.isFinite(scale.max) || scale.min >= scale.max) {
    throw new RangeError(`Invalid scale [${scale.min}, ${scale.max}]: min and max must be finite and min < max.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Rounding

/**
 * Rounds half away from zero at `digits` decimals, on the decimal value that prints (so 1.005
 * rounds to 1.01, not to 1.00 as `Math.round(1.005 * 100) / 100` does). Monotonic, so a rounded
 * interval still contains the rounded score. Never returns -0.
 */
function roundTo(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const abs = Math.abs(x);
  const text = String(abs);
  // Tiny or huge numbers print in exponent form; plain scaling is exact enough for them.
  const scaled = text.includes('e') ? Math.round(abs * 10 ** digits) : Math.round(Number(`${text}e${digits}`));
  const rounded = text.includes('e') ? scaled / 10 ** digits : Number(`${scaled}e-${digits}`);
  return (x < 0 ? -rounded : rounded) + 0;
}

/** Scores and their interval bounds: 1 decimal. */
export function round1(x: number): number {
  return roundTo(x, 1);
}

/** Means and mean intervals: 2 decimals. */
export function round2(x: number): number {
  return roundTo(x, 2);
}

/** Rounds an interval and makes sure it still contains the rounded point estimate. */
function roundInterval(interval: Interval, point: number, round: (x: number) => number): Interval {
  const p = round(point);
  return [Math.min(round(interval[0]), p), Math.max(round(interval[1]), p)];
}

/**
 * A mean interval rounded for output that keeps a width: when its bounds differ but round to the
 * same value (thousands of identical answers), they are rounded outwards to the next 0.01 inside
 * the scale, so a printed interval never claims certainty the data do not give.
 */
function roundMeanInterval(interval: Interval, point: number, scale: Scale): Interval {
  const rounded = roundInterval(interval, point, round2);
  if (rounded[0] < rounded[1] || !(interval[0] < interval[1])) return rounded;
  const lo = Math.max(scale.min, round2(Math.floor(interval[0] * 100 + 1e-9) / 100));
  const hi = Math.min(scale.max, round2(Math.ceil(interval[1] * 100 - 1e-9) / 100));
  if (lo < hi) return [Math.min(lo, rounded[0]), Math.max(hi, rounded[1])];
  // Both bounds sit on the rounding step: one step out on the side that has room.
  return rounded[1] < scale.max ? [rounded[0], round2(rounded[1] + 0.01)] : [round2(rounded[0] - 0.01), rounded[1]];
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

// ---------------------------------------------------------------------------------------------
// Unrounded figures

/**
 * The full-precision score (and mean) of each result built here, for judging KPI status on the
 * unrounded value (SURVEY.md). Kept beside the result, not in it, so the output shape stays as
 * CLI.md documents it; a result read back from a JSON file has none and is judged as printed.
 */
const EXACT = new WeakMap<object, { score: number; mean?: number }>();

function remember<T extends object>(result: T, score: number, mean?: number): T {
  EXACT.set(result, mean === undefined ? { score } : { score, mean });
  return result;
}

/** The unrounded score of a result built by this module, else its printed score. */
export function exactScore(result: { score: number }): number {
  return EXACT.get(result)?.score ?? result.score;
}

/** The unrounded mean of a result built by this module, else its printed mean. */
export function exactMean(result: { mean: number }): number {
  return EXACT.get(result)?.mean ?? result.mean;
}

// ---------------------------------------------------------------------------------------------
// Distributions

/**
 * Complementary error function to about 1e-14 relative accuracy, so small p-values stay right
 * in relative terms (Abramowitz-Stegun 7.1.26 has a 1.5e-7 absolute error, which swamps p-values
 * below 1e-6). |x| < 2: Maclaurin series of erf (terms stay below e^4, no cancellation to speak
 * of); |x| >= 2: the Laplace continued fraction of erfc, evaluated with Lentz's method.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const z = Math.abs(x);
  let r: number;
  if (z < 2) {
    // erf(z) = 2/sqrt(pi) * sum (-1)^k z^(2k+1) / (k! (2k+1))
    let term = z;
    let sum = z;
    for (let k = 1; k < 100; k++) {
      term *= (-z * z) / k;
      const next = term / (2 * k + 1);
      sum += next;
      if (Math.abs(next) < 1e-17 * Math.abs(sum)) break;
    }
    r = 1 - (2 / Math.sqrt(Math.PI)) * sum;
  } else if (z > 27) {
    r = 0; // below the smallest double
  } else {
    // erfc(z) = exp(-z^2)/sqrt(pi) * 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + 2/(z + ...)))))
    const tiny = 1e-300;
    let f = z;
    let c = z;
    let d = 0;
    for (let k = 1; k < 500; k++) {
      const a = k / 2;
      d = z + a * d;
      d = Math.abs(d) < tiny ? 1 / tiny : 1 / d;
      c = z + a / c;
      if (Math.abs(c) < tiny) c = tiny;
      const delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    r = Math.exp(-z * z) / (Math.sqrt(Math.PI) * f);
  }
  return x >= 0 ? r : 2 - r;
}

/** Standard normal cumulative distribution function. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Two-sided p-value of a standard normal test statistic. */
export function twoSidedP(z: number): number {
  if (Number.isNaN(z)) return 1;
  return clamp(erfc(Math.abs(z) / Math.SQRT2), 0, 1);
}

/** The 0.975 quantile of Student's t for df 1..30. */
const T975: readonly number[] = [
  12.7062047, 4.3026527, 3.1824463, 2.7764451, 2.5705818, 2.4469119, 2.3646243, 2.3060041, 2.2621572, 2.2281389, 2.2009852, 2.1788128, 2.1603687, 2.1447867, 2.1314495, 2.1199053,
  2.1098156, 2.100922, 2.0930241, 2.0859634, 2.0796138, 2.0738731, 2.0686576, 2.0638986, 2.0595386, 2.0555294, 2.0518305, 2.0484071, 2.0452296, 2.0422725,
];

/**
 * Critical value of a 95% interval for a mean with `df` degrees of freedom: Student's t (0.975
 * quantile) for df 1..30, and the normal Z95 above, the convention SURVEY.md uses (t for n <= 30,
 * normal for n > 30).
 */
export function t975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`t975: df must be a positive integer, got ${df}.`);
  return T975[df - 1] ?? Z95;
}

// ---------------------------------------------------------------------------------------------
// Intervals

/**
 * Wilson score interval for `successes` of `n`, as fractions 0..1:
 * centre = (p + z^2/2n) / (1 + z^2/n), half width = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2).
 * With n = 0 nothing is known and the interval is [0, 1].
 */
export function wilson(successes: number, n: number): [number, number] {
  if (!(n > 0) || !Number.isFinite(n)) return [0, 1];
  const p = clamp(successes / n, 0, 1);
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (Z95 / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // The Wilson interval always contains p; min/max only absorbs floating-point noise at 0 and 1.
  return [clamp(Math.min(centre - half, p), 0, 1), clamp(Math.max(centre + half, p), 0, 1)];
}

/** A share result (percent) with its Wilson interval, rounded for output. */
function shareOf(successes: number, n: number): { score: number; ci95: Interval } {
  const share = (100 * successes) / n;
  const [lo, hi] = wilson(successes, n);
  return { score: round1(share), ci95: roundInterval([100 * lo, 100 * hi], share, round1) };
}

// ---------------------------------------------------------------------------------------------
// NPS

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
  n: number;
}

/** Promoters (9-10), passives (7-8) and detractors (0-6) among the values 0..10 of a tally. */
export function npsCounts(t: Tally): NpsCounts {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const [value, count] of entries(t)) {
    if (value < 0 || value > 10) continue;
    if (value >= 9) promoters += count;
    else if (value <= 6) detractors += count;
    else passives += count;
  }
  return { promoters, passives, detractors, n: promoters + passives + detractors };
}

/**
 * Adjusted-Wald estimates (SURVEY.md): n' = n + 3, p' = (P + 0.75) / n', d' = (D + 0.75) / n',
 * nps' = p' - d', var' = p' + d' - nps'^2. Fractions, not percent.
 */
function adjustedNps(c: NpsCounts): { nps: number; variance: number; n: number } {
  const n = c.n + 3;
  const p = (c.promoters + 0.75) / n;
  const d = (c.detractors + 0.75) / n;
  const nps = p - d;
  return { nps, variance: Math.max(0, p + d - nps * nps), n };
}

/**
 * NPS = 100 (P - D) / n with the adjusted-Wald 95% interval 100 (nps' +- z sqrt(var'/n')),
 * clipped to -100..100. The adjusted interval is centred on the shrunk nps', so with very small
 * samples it can miss the observed score (1 promoter: score 100, upper bound 98.5); the interval
 * is then widened to include the score, which is what a reader expects of "score [low, high]".
 */
export function npsFromTally(t: Tally): NpsResult | undefined {
  const c = npsCounts(t);
  if (c.n === 0) return undefined;
  const score = (100 * (c.promoters - c.detractors)) / c.n;
  const adj = adjustedNps(c);
  const half = Z95 * Math.sqrt(adj.variance / adj.n);
  const lo = clamp(Math.min(100 * (adj.nps - half), score), -100, 100);
  const hi = clamp(Math.max(100 * (adj.nps + half), score), -100, 100);
  const result: NpsResult = {
    score: round1(score),
    n: c.n,
    promoters: c.promoters,
    passives: c.passives,
    detractors: c.detractors,
    ci95: roundInterval([lo, hi], score, round1),
    lowSample: c.n < LOW_SAMPLE,
  };
  return remember(result, score);
}

// ---------------------------------------------------------------------------------------------
// CSAT, CES, FCR, completion

export interface ShareCounts {
  successes: number;
  n: number;
}

/** Answers on the scale, and those in its top two boxes (values >= max - 1). */
export function csatCounts(t: Tally, scale: Scale): ShareCounts {
  checkScale(scale);
  let successes = 0;
  let n = 0;
  for (const [value, count] of entriesOnScale(t, scale)) {
    n += count;
    if (value >= scale.max - 1) successes += count;
  }
  return { successes, n };
}

/**
 * Answers on the scale, and those on its "easy" side: strictly above the midpoint when higher is
 * better (1-7: 5, 6, 7), strictly below it when lower is better (1-5: 1, 2).
 */
export function cesCounts(t: Tally, scale: Scale, higherIsBetter: boolean): ShareCounts {
  checkScale(scale);
  const mid = (scale.min + scale.max) / 2;
  let successes = 0;
  let n = 0;
  for (const [value, count] of entriesOnScale(t, scale)) {
    n += count;
    if (higherIsBetter ? value > mid : value < mid) successes += count;
  }
  return { successes, n };
}

/** FCR answers: 1 (yes, resolved on first contact) and 0 (no). */
export function fcrCounts(t: Tally): ShareCounts {
  let successes = 0;
  let n = 0;
  for (const [value, count] of entries(t)) {
    if (value !== 0 && value !== 1) continue;
    n += count;
    if (value === 1) successes += count;
  }
  return { successes, n };
}

/** Mean of the on-scale answers and their sample variance (n - 1); full precision. */
function meanAndVariance(values: [number, number][], scale: Scale): { mean: number; variance: number; n: number } {
  let n = 0;
  let sum = 0;
  for (const [value, count] of values) {
    n += count;
    sum += value * count;
  }
  const mean = clamp(sum / n, scale.min, scale.max);
  let squares = 0;
  for (const [value, count] of values) squares += count * (value - mean) ** 2;
  return { mean, variance: n > 1 ? squares / (n - 1) : 0, n };
}

/** Top-two-box share with its Wilson interval, and the mean beside it. */
export function csatFromTally(t: Tally, scale: Scale): CsatResult | undefined {
  const { successes, n } = csatCounts(t, scale);
  if (n === 0) return undefined;
  const { mean } = meanAndVariance(entriesOnScale(t, scale), scale);
  const share = shareOf(successes, n);
  const result: CsatResult = {
    score: share.score,
    n,
    mean: round2(mean),
    scale: [scale.min, scale.max],
    ci95: share.ci95,
    lowSample: n < LOW_SAMPLE,
  };
  return remember(result, (100 * successes) / n, mean);
}

/**
 * A 95% interval for the mean of answers on a bounded scale, never of zero width:
 * - n >= 2 with spread: mean +- c * s / sqrt(n), c = Student t (df n - 1) for n <= 30, Z95 above;
 * - n >= 2, every answer the same value v (s = 0, where the t interval would have zero width and
 *   claim certainty): the Wilson interval of "0 of n answers differ from v" bounds the share u of
 *   the population that could answer otherwise, u = z^2 / (n + z^2), and the mean can then move at
 *   most u of the way to either end of the scale: [v - u (v - min), v + u (max - v)];
 * - n = 1: the spread is unknown, the interval is the whole scale [min, max].
 * Clipped to the scale. Full precision.
 */
export function meanInterval(values: readonly [number, number][], scale: Scale): { mean: number; ci: Interval; n: number } {
  const stats = meanAndVariance(values as [number, number][], scale);
  const { mean, n } = stats;
  if (n < 2) return { mean, ci: [scale.min, scale.max], n };
  if (stats.variance > 0) {
    const critical = n <= LOW_SAMPLE ? t975(n - 1) : Z95;
    const half = critical * Math.sqrt(stats.variance / n);
    return { mean, ci: [clamp(mean - half, scale.min, scale.max), clamp(mean + half, scale.min, scale.max)], n };
  }
  const u = wilson(0, n)[1];
  return { mean, ci: [clamp(mean - u * (mean - scale.min), scale.min, scale.max), clamp(mean + u * (scale.max - mean), scale.min, scale.max)], n };
}

/**
 * Share of answers on the easy side with its Wilson interval, and the mean with its 95% interval
 * (meanInterval: never of zero width, the whole scale for a single answer).
 */
export function cesFromTally(t: Tally, scale: Scale, higherIsBetter: boolean): CesResult | undefined {
  const { successes, n } = cesCounts(t, scale, higherIsBetter);
  if (n === 0) return undefined;
  const { mean, ci } = meanInterval(entriesOnScale(t, scale), scale);
  const share = shareOf(successes, n);
  const result: CesResult = {
    score: share.score,
    n,
    ci95: share.ci95,
    scale: [scale.min, scale.max],
    higherIsBetter,
    mean: round2(mean),
    meanCi95: roundMeanInterval(ci, mean, scale),
    lowSample: n < LOW_SAMPLE,
  };
  return remember(result, (100 * successes) / n, mean);
}

/** Share of yes (1) among yes/no (1/0) answers, with its Wilson interval. */
export function fcrFromTally(t: Tally): FcrResult | undefined {
  const { successes, n } = fcrCounts(t);
  if (n === 0) return undefined;
  const share = shareOf(successes, n);
  return remember({ score: share.score, n, ci95: share.ci95, lowSample: n < LOW_SAMPLE }, (100 * successes) / n);
}

/**
 * finished / started as a percentage, Wilson interval; n is the number started. `finished` is
 * clamped to 0..started (more finished than started is a data error the reader reports).
 */
export function completionRate(finished: number, started: number): CompletionResult | undefined {
  if (!Number.isFinite(started) || started <= 0) return undefined;
  const done = Number.isFinite(finished) ? clamp(finished, 0, started) : 0;
  const share = shareOf(done, started);
  return remember({ score: share.score, n: started, finished: done, ci95: share.ci95, lowSample: started < LOW_SAMPLE }, (100 * done) / started);
}

// ---------------------------------------------------------------------------------------------
// Two-sample tests

export interface ComparisonResult {
  /** a - b in the score's unit, the difference of the rounded scores as they are shown. */
  delta: number;
  /** Test statistic (full precision). */
  z: number;
  /** Two-sided p-value from the normal distribution (full precision). */
  p: number;
  /** p < 0.05. */
  significant: boolean;
}

const NO_EVIDENCE = (delta: number): ComparisonResult => ({ delta, z: 0, p: 1, significant: false });

function fromZ(delta: number, z: number): ComparisonResult {
  const p = twoSidedP(z);
  return { delta, z: z + 0, p, significant: p < 0.05 };
}

/**
 * Difference of two independent NPS values, a (current) against b (baseline), on the adjusted-Wald
 * estimates of each period, exactly as in its interval (SURVEY.md):
 * z = (nps'1 - nps'2) / sqrt(var'1/n'1 + var'2/n'2), n' = n + 3, p' = (P + 0.75) / n',
 * d' = (D + 0.75) / n', nps' = p' - d', var' = p' + d' - nps'^2; two-sided.
 * The observed variance is 0 when a period's answers all fall in one group (one promoter), and
 * any difference then looked certain; the adjusted variance never is. Equal observed scores are
 * no change (p = 1), whatever the sample sizes.
 */
export function compareNps(a: Tally, b: Tally): ComparisonResult {
  const ca = npsCounts(a);
  const cb = npsCounts(b);
  if (ca.n === 0 || cb.n === 0) return NO_EVIDENCE(0);
  const scoreA = (ca.promoters - ca.detractors) / ca.n;
  const scoreB = (cb.promoters - cb.detractors) / cb.n;
  const delta = round1(round1(100 * scoreA) - round1(100 * scoreB));
  if (scoreA === scoreB) return NO_EVIDENCE(delta);
  const aa = adjustedNps(ca);
  const ab = adjustedNps(cb);
  const se = Math.sqrt(aa.variance / aa.n + ab.variance / ab.n);
  if (!(se > 0)) return NO_EVIDENCE(delta);
  return fromZ(delta, (aa.nps - ab.nps) / se);
}

/**
 * Two-proportion z-test with pooled variance, a (current) against b (baseline), for CSAT, the CES
 * score, FCR and completion: z = (pA - pB) / sqrt(p(1-p)(1/nA + 1/nB)), p = (sA + sB) / (nA + nB).
 * The pooled variance is 0 only when both shares are 0% or both 100%: no difference, p = 1.
 */
export function compareShares(successesA: number, nA: number, successesB: number, nB: number): ComparisonResult {
  if (!(nA > 0) || !(nB > 0) || !Number.isFinite(nA) || !Number.isFinite(nB)) return NO_EVIDENCE(0);
  const sA = clamp(successesA, 0, nA);
  const sB = clamp(successesB, 0, nB);
  const pA = sA / nA;
  const pB = sB / nB;
  const delta = round1(round1(100 * pA) - round1(100 * pB));
  const pooled = (sA + sB) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  if (pA === pB || !(se > 0)) return NO_EVIDENCE(delta);
  return fromZ(delta, (pA - pB) / se);
}

/**
 * Direction of a change as shown: 'flat' when the delta rounds to 0.0 at the score's precision,
 * so a table never shows an arrow next to "+0.0".
 */
export function changeDirection(delta: number): 'up' | 'down' | 'flat' {
  const shown = round1(delta);
  if (shown > 0) return 'up';
  if (shown < 0) return 'down';
  return 'flat';
}

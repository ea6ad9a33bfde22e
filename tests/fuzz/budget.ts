/**
 * Seeds and time budgets of the fuzz tests. JOURNEYKIT_FUZZ_SEED (another seed) and
 * JOURNEYKIT_FUZZ_MS (a longer budget per property, with no cap on the number of runs) explore
 * further by hand, e.g. `JOURNEYKIT_FUZZ_MS=60000 npx vitest run tests/fuzz`; a failure prints
 * the seed and path that replay it.
 */
import fc from 'fast-check';

export const SEED = Number(process.env.JOURNEYKIT_FUZZ_SEED ?? 7_2026);
const EXPLORING = process.env.JOURNEYKIT_FUZZ_MS !== undefined;
/** Time budget of one property; a slow 2-core machine runs fewer cases, never longer. */
export const BUDGET_MS = Number(process.env.JOURNEYKIT_FUZZ_MS ?? 1500);
/**
 * No single command may take longer than this ("a few seconds"): far above a normal run (tens of
 * milliseconds), far below a hang, with room for a CI machine whose two cores run other test
 * files and a browser at the same time.
 */
export const RUN_LIMIT_MS = 5000;

/**
 * fc.assert, seeded, for at most `numRuns` runs or `budgetMs`. fast-check stops waiting for the run
 * its time limit interrupts but does not stop it: that run is awaited here, so it cannot go on
 * into the next test (whose workspace it would miss), and its failure fails this test.
 */
export async function assertWithin<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, numRuns: number, budgetMs = BUDGET_MS): Promise<void> {
  let last: Promise<void> = Promise.resolve();
  const property = fc.asyncProperty(arbitrary, (value) => (last = predicate(value)));
  try {
    await fc.assert(property, { seed: SEED, numRuns: EXPLORING ? 1e6 : numRuns, interruptAfterTimeLimit: budgetMs, markInterruptAsFailure: false });
  } catch (error) {
    await last.catch(() => undefined);
    throw error;
  }
  await last;
}

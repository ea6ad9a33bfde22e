import { wholeNumber } from '../core/whole-number.js';

/**
 * JOURNEYKIT_THREADS: the threads journeykit may use (validation's worker pool, the readers of a
 * large survey export), in place of the cores Node reports. In a container with a CPU limit,
 * Node 20 reports the host's cores; `1` turns worker threads off. Undefined when unset.
 */
export function threadLimit(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.JOURNEYKIT_THREADS;
  if (text === undefined || text.trim() === '') return undefined;
  return wholeNumber(text, 'JOURNEYKIT_THREADS', 1, 'It caps the threads journeykit uses; unset it to use every core.');
}

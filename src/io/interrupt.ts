import { constants } from 'node:os';

/**
 * What must be undone when the user presses Ctrl-C (or the CI runner sends SIGTERM, or the
 * terminal closes): temporary files of atomic writes, the images of an unfinished report, the
 * rendering browser and its profile directory.
 *
 * The process catches these signals only while something is registered here (and only once the
 * bin has called `handleInterrupts`; the in-process tests never do). The rest of the time the
 * signals keep their default action, carried out by the kernel: the process ends at once, even in
 * the middle of a long synchronous parse that would keep a JavaScript handler from running for
 * seconds, and even while a thread of libuv's pool is stuck in a blocking open() (of a FIFO, say),
 * which makes `process.exit` wait forever. While a cleanup is registered, the handler runs every
 * cleanup, says so on stderr, then gives the signal back its default action and raises it again:
 * either way the process ends by the signal, which a shell reports as 128 + its number (130 for
 * Ctrl-C). A second signal while the cleanups run is ignored; it cannot cut them short.
 *
 * Cleanups run synchronously (the process ends right after them): nothing here may be async.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Signal = (typeof SIGNALS)[number];

const cleanups = new Set<() => void>();
let enabled = false;
let listening = false;
let releasing = false;
let interrupted = false;

/** Called once by the bin: from now on, a registered cleanup makes the process catch the signals. */
export function handleInterrupts(): void {
  enabled = true;
  if (cleanups.size > 0) listen();
}

/**
 * Registers a cleanup; returns the function that unregisters it once the work is done. Register
 * before creating what the cleanup removes: from the registration on, a signal waits for the
 * handler instead of ending the process on the spot.
 */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  if (enabled) listen();
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) release();
  };
}

/** Runs every registered cleanup once, newest first; one failing does not stop the others. */
function runInterruptCleanups(): void {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // Best effort: the process is about to exit.
    }
  }
  cleanups.clear();
}

function listen(): void {
  if (listening || interrupted) return;
  listening = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

/**
 * Hands the signals back to their default action once nothing needs cleaning up. Not at once: a
 * signal caught a moment ago may still wait in the event loop's queue, and it would be lost (the
 * process would go on, or end with 0) if its listener went away first. Two turns of the loop let
 * it poll for the signal before the listeners go.
 */
function release(): void {
  if (!listening || releasing) return;
  releasing = true;
  setImmediate(() =>
    setImmediate(() => {
      releasing = false;
      if (cleanups.size > 0 || interrupted) return;
      listening = false;
      for (const signal of SIGNALS) process.off(signal, onSignal);
    }),
  );
}

function onSignal(signal: Signal): void {
  // A second Ctrl-C while the first one's cleanup runs: the cleanup finishes, then the process ends.
  if (interrupted) return;
  interrupted = true;
  runInterruptCleanups();
  try {
    process.stderr.write(`\njourney: interrupted (${signal}).\n`);
  } catch {
    // stderr is gone (a closed terminal): nothing to say it on.
  }
  endBySignal(signal);
}

/**
 * Ends the process by `signal`, as if it had not been caught: the default action, which the kernel
 * carries out whatever the other threads are doing. (`process.exit` would wait for libuv's
 * threads, forever if one is stuck in open() of a FIFO.) On Windows, where there are no such
 * signals to raise, the exit code says which one it was.
 */
function endBySignal(signal: Signal): never {
  if (process.platform === 'win32') process.exit(128 + constants.signals[signal]);
  // Node gives a signal its default action back once it has no listener left.
  for (const name of SIGNALS) process.removeAllListeners(name);
  process.kill(process.pid, signal);
  // Not reached: the signal's default action ends the process before kill() returns.
  process.kill(process.pid, 'SIGKILL');
  process.exit(128 + constants.signals[signal]);
}

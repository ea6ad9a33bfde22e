/**
 * What must be undone when the user presses Ctrl-C (or the CI runner sends SIGTERM): temporary
 * files of atomic writes, the rendering browser and its profile directory. The bin's signal
 * handler runs these synchronously, then exits 130 (SIGINT) or 128 + the signal number; nothing
 * here may be async, since the process exits right after.
 */
const cleanups = new Set<() => void>();

/** Registers a cleanup; returns the function that unregisters it once the work is done. */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

/** Runs every registered cleanup once, newest first; one failing does not stop the others. */
export function runInterruptCleanups(): void {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // Best effort: the process is about to exit.
    }
  }
  cleanups.clear();
}

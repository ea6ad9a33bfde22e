import type { Output } from './output.js';

const MIN_BYTES = 5 * 1024 * 1024;

/** A progress bar on stderr for large files, drawn only when stderr is a terminal. */
export function progressBar(stderr: Output): { update(label: string, done: number, total: number): void; done(): void } {
  let drawn = false;
  let last = -1;
  return {
    update(label, done, total) {
      if (!stderr.isTTY || total < MIN_BYTES) return;
      const percent = Math.floor((done / total) * 100);
      if (percent === last) return;
      last = percent;
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      stderr.write(
        `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${(done / 1048576).toFixed(0)}/${(total / 1048576).toFixed(0)} MB`,
      );
      drawn = true;
    },
    done() {
      if (drawn) stderr.write('\r\u001b[K');
      drawn = false;
    },
  };
}

/**
 * "validated 120/1000 maps" on stderr while a run goes through many items, redrawn in place,
 * only when stderr is a terminal and there are at least `minTotal` items; `done()` clears it.
 */
export function countProgress(stderr: Output, verb: string, noun: string, total: number, minTotal: number): { step(): void; done(): void } {
  const shown = stderr.isTTY === true && total >= minTotal;
  let count = 0;
  return {
    step() {
      count += 1;
      if (shown) stderr.write(`\r${verb} ${count}/${total} ${noun}\u001b[K`);
    },
    done() {
      if (shown && count > 0) stderr.write('\r\u001b[K');
    },
  };
}

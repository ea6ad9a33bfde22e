import { UsageError } from './errors.js';

/**
 * A flag's (or a variable's) whole number, written in decimal digits, at least `min`: otherwise a
 * usage error (exit 2) saying `<name> must be a whole number of <min> or more, not '<text>'`. An
 * empty text, `0x10`, `1e3` or `2.5` is refused, not read as 0, 16, 1000 or 2.
 */
export function wholeNumber(text: string, name: string, min: number, hint?: string): number {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${name} must be a whole number of ${min} or more, not '${text}'.`, hint);
  return n;
}

/** `value` with `digits` decimals; never `-0.0`; `-` for a value that is not a finite number. */
export function fixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '-';
  const text = value.toFixed(digits);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/**
 * Scores on a 0..100 scale (NPS points, percentages, friction, priority): one decimal; `-` for
 * a value that is unknown or not a finite number.
 */
export function scoreText(value: number | undefined): string {
  return value === undefined ? '-' : fixed(value, 1);
}

/** Text cut to what a diagram has room for, by an estimate of its drawn width. */

/** `text` cut by code point, with an ellipsis, so its estimated width as drawn stays within `fit`. */
export function drawnWithin(text: string, fit: { budget: number; narrow: number; wide: number }): string {
  const widthOf = (ch: string) => (ch.codePointAt(0)! >= 0x2e80 ? fit.wide : fit.narrow);
  const chars = [...text];
  if (chars.reduce((w, ch) => w + widthOf(ch), 0) <= fit.budget) return text;
  let out = '';
  let width = widthOf('\u2026');
  for (const ch of chars) {
    if (width + widthOf(ch) > fit.budget) break;
    out += ch;
    width += widthOf(ch);
  }
  return `${out.trimEnd()}\u2026`;
}

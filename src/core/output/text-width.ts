/**
 * How many terminal cells text takes, for aligning columns and carets: string-width's reading of
 * Unicode's East Asian Width and emoji presentation (wide characters and emoji take two cells,
 * combining marks, zero-width and control characters none, ambiguous ones one). Text arrives
 * terminal-safe (escape/terminal.ts); terminals themselves disagree at the edges.
 */
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

export function graphemes(text: string): { segment: string; index: number }[] {
  return Array.from(segmenter.segment(text), ({ segment, index }) => ({ segment, index }));
}

export function displayWidth(text: string): number {
  return stringWidth(text);
}

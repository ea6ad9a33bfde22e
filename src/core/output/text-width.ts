/**
 * How many terminal cells text takes, for aligning columns and carets: string-width's reading of
 * Unicode's East Asian Width and emoji presentation (wide characters and emoji take two cells,
 * combining marks, zero-width and control characters none, ambiguous ones one). Text arrives
 * terminal-safe (escape/terminal.ts); terminals themselves disagree at the edges.
 */
import { createRequire } from 'node:module';
import type stringWidthFunction from 'string-width';

// string-width builds an Intl.Segmenter and its Unicode tables as it loads (~10 ms of CPU, a tenth
// of a cold `journey validate`): it is loaded when a width is first asked for, at the first
// problem to print, not by every command that might print one.
let stringWidth: typeof stringWidthFunction | undefined;
let segmenter: Intl.Segmenter | undefined;

export function graphemes(text: string): { segment: string; index: number }[] {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), ({ segment, index }) => ({ segment, index }));
}

export function displayWidth(text: string): number {
  stringWidth ??= (createRequire(import.meta.url)('string-width') as { default: typeof stringWidthFunction }).default;
  return stringWidth(text);
}

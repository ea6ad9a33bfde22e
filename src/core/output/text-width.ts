/**
 * How many terminal cells text takes, for aligning columns and carets: East Asian wide
 * characters and emoji take two, combining marks and zero-width characters none. An
 * approximation of wcwidth that needs no dependency; terminals themselves disagree at the edges.
 */

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

export function graphemes(text: string): { segment: string; index: number }[] {
  return Array.from(segmenter.segment(text), ({ segment, index }) => ({ segment, index }));
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function displayWidth(text: string): number {
  // Most cells are printable ASCII: one cell per character, no segmentation needed.
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const { segment } of segmenter.segment(text)) width += graphemeWidth(segment);
  return width;
}

export function graphemeWidth(grapheme: string): number {
  const first = grapheme.codePointAt(0);
  if (first === undefined) return 0;
  if (/\p{Emoji_Presentation}|\uFE0F/u.test(grapheme)) return 2;
  if (isWide(first)) return 2;
  if (/^[\p{Mn}\p{Me}\p{Cf}]/u.test(grapheme)) return 0;
  return 1;
}

// East Asian Wide and Fullwidth blocks (Unicode 15, rounded to whole blocks).
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

function isWide(codePoint: number): boolean {
  return WIDE.some(([from, to]) => codePoint >= from && codePoint <= to);
}

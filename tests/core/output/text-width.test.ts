import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { cell, renderTable } from '../../../src/core/output/table.js';
import { displayWidth } from '../../../src/core/output/text-width.js';

/**
 * Text whose width in a terminal is known, with the cells it takes: the cases the hand-written
 * width got wrong (Tangut is wide, a text-style emoji without U+FE0F narrow, the Hangul filler
 * invisible) beside the ones it got right and must keep (CJK, a Hangul syllable written as
 * conjoining jamo, an emoji with U+FE0F, a combining accent).
 */
const CASES: readonly [string, string, number][] = [
  ['CJK', '中文', 4],
  ['Hangul syllable', '한국', 4],
  ['conjoining Hangul jamo', '\u1100\u1161\u11A8', 2],
  ['Hangul filler', 'a\u3164b', 2],
  ['Tangut', '\u{17000}\u{17001}', 4],
  ['text-style emoji', '\u{1F321}', 1],
  ['emoji with U+FE0F', '\u{1F321}\uFE0F', 2],
  ['emoji presentation', '😀', 2],
  ['combining accent', 'e\u0301', 1],
  ['ASCII', 'abc', 3],
];

describe('display width', () => {
  it.each(CASES)('%s takes the cells a terminal gives it', (_, text, cells) => {
    expect(displayWidth(text)).toBe(cells);
  });

  it('keeps a table column aligned after CJK, Hangul jamo, Tangut and emoji', () => {
    const rows = CASES.map(([, text]) => [cell(text), cell('|')]);
    const lines = renderTable(
      [
        { header: 'name', align: 'left' },
        { header: 'x', align: 'left' },
      ],
      rows,
      new Chalk({ level: 0 }),
    );
    const widest = Math.max(4, ...CASES.map(([, , cells]) => cells));
    expect(lines[0]).toBe(`  name${' '.repeat(widest - 4)}  x`);
    CASES.forEach(([, text, cells], i) => {
      expect(lines[i + 1]).toBe(`  ${text}${' '.repeat(widest - cells)}  |`);
    });
  });
});

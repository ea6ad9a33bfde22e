import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Range } from '../../../src/core/diagnostics.js';
import { codeFrame } from '../../../src/core/output/code-frame.js';

const at = (line: number, column: number, endLine = line, endColumn = column + 1): Range => ({ line, column, endLine, endColumn });
const frame = (source: string, range: Range): string => codeFrame(source, range, { color: false });

describe('codeFrame', () => {
  const source = 'id: a\nname: A\nstages:\n  - id: s1\n    name: One\n';

  it('shows the line with one line of context and carets under the range', () => {
    expect(frame(source, at(4, 9, 4, 11))).toBe(['  3 | stages:', '> 4 |   - id: s1', '    |         ^^', '  5 |     name: One'].join('\n'));
  });

  it('has no line before the first line and no phantom line after the final newline', () => {
    expect(frame(source, at(1, 1, 1, 3))).toBe(['> 1 | id: a', '    | ^^', '  2 | name: A'].join('\n'));
    expect(frame(source, at(5, 5, 5, 9))).toBe(['  4 |   - id: s1', '> 5 |     name: One', '    |     ^^^^'].join('\n'));
  });

  it('points at the empty line after the final newline when the diagnostic does', () => {
    expect(frame(source, at(6, 1))).toBe(['  5 |     name: One', '> 6 |', '    | ^'].join('\n'));
  });

  it('draws at least one caret, also for an empty range and past the end of the line', () => {
    expect(frame('a: b\n', at(1, 4, 1, 4))).toBe(['> 1 | a: b', '    |    ^'].join('\n'));
    expect(frame('a: b\n', at(1, 5, 1, 5))).toBe(['> 1 | a: b', '    |     ^'].join('\n'));
  });

  it('runs the carets to the end of the line when the range ends on a later line', () => {
    expect(frame('a:\n  b: c   \n  d: e\n', at(2, 3, 3, 7))).toBe(['  1 | a:', '> 2 |   b: c', '    |   ^^^^', '  3 |   d: e'].join('\n'));
  });

  it('widens the gutter for the largest line number shown', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `k${i + 1}: v`).join('\n');
    expect(frame(lines, at(9, 1, 9, 3))).toBe(['   8 | k8: v', '>  9 | k9: v', '     | ^^', '  10 | k10: v'].join('\n'));
  });

  it('expands tabs to tab stops and keeps the carets under the right text', () => {
    expect(frame('a: "x\ty"\n', at(1, 7, 1, 8))).toBe(['> 1 | a: "x   y"', '    |         ^'].join('\n'));
  });

  it('counts wide characters as two cells and columns in UTF-16 code units', () => {
    // 'owner: ' is 7 units; '顧客' 2 units, 4 cells; '🛒' 2 units, 2 cells.
    expect(frame('owner: 顧客 🛒 x\n', at(1, 8, 1, 10))).toBe(['> 1 | owner: 顧客 🛒 x', '    |        ^^^^'].join('\n'));
    expect(frame('owner: 顧客 🛒 x\n', at(1, 14, 1, 15))).toBe(['> 1 | owner: 顧客 🛒 x', '    | ' + ' '.repeat(15) + '^'].join('\n'));
  });

  it('handles CRLF line endings', () => {
    expect(frame('a: 1\r\nb: 2\r\n', at(2, 4, 2, 5))).toBe(['  1 | a: 1', '> 2 | b: 2', '    |    ^'].join('\n'));
  });

  it('shows control characters safely', () => {
    expect(frame('a: "\u001b[2J"\n', at(1, 4, 1, 10))).toBe(['> 1 | a: "␛[2J"', '    |    ^^^^^^'].join('\n'));
  });

  it('cuts long lines around the column and keeps the context lines aligned', () => {
    const long = 'k: ' + 'x'.repeat(150) + 'TARGET' + 'y'.repeat(150);
    const text = `before: ${'b'.repeat(300)}\n${long}\nshort: 1\n`;
    const column = long.indexOf('TARGET') + 1;
    const out = frame(text, at(2, column, 2, column + 6)).split('\n');
    expect(out).toHaveLength(4);
    for (const line of out) expect(line.length).toBeLessThanOrEqual(6 + 1 + 100 + 1);
    expect(out[0]).toMatch(/^ {2}1 \| …b+…$/);
    expect(out[1]).toMatch(/^> 2 \| …x+TARGETy+…$/);
    expect(out[3]).toBe('  3 | …');
    // The carets sit under TARGET.
    const caretAt = out[2]!.indexOf('^');
    expect(out[1]!.slice(caretAt, caretAt + 6)).toBe('TARGET');
    expect(out[2]!.slice(caretAt)).toBe('^^^^^^');
  });

  it('frames a finding in the middle of a 400,000-character line as it frames a 300-character one', () => {
    const long = 'k: ' + 'x'.repeat(200_000) + 'TARGET' + 'y'.repeat(200_000);
    const text = `before: ${'b'.repeat(400_000)}\n${long}\nshort: 1\n`;
    const column = long.indexOf('TARGET') + 1;
    // Before the layout was windowed this took minutes (the test timeout catches a regression).
    const out = frame(text, at(2, column, 2, column + 6)).split('\n');
    expect(out[0]).toMatch(/^ {2}1 \| …b+…$/);
    expect(out[1]).toMatch(/^> 2 \| …x+TARGETy+…$/);
    const caretAt = out[2]!.indexOf('^');
    expect(out[1]!.slice(caretAt, caretAt + 6)).toBe('TARGET');
    expect(out[2]!.slice(caretAt)).toBe('^^^^^^');
  });

  it('cuts a long line only at the end when the column is near its start', () => {
    const out = frame('k: ' + 'v'.repeat(200) + '\n', at(1, 1, 1, 2)).split('\n');
    expect(out[0]).toBe('> 1 | k: ' + 'v'.repeat(97) + '…');
    expect(out[1]).toBe('    | ^');
  });

  it('returns nothing for a line outside the source', () => {
    expect(frame(source, at(0, 1))).toBe('');
    expect(frame(source, at(9, 1))).toBe('');
    expect(frame('', at(2, 1))).toBe('');
  });

  it('colours the marker and carets only when asked', () => {
    const plain = codeFrame(source, at(4, 9, 4, 11), { color: false });
    const coloured = codeFrame(source, at(4, 9, 4, 11), { color: true, severity: 'warning' });
    expect(plain).not.toContain('\u001b');
    expect(coloured).toContain('\u001b[33m');
    expect(stripVTControlCharacters(coloured)).toBe(plain);
  });
});

import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../../../src/core/escape/csv.js';

describe('csvCell: formula injection', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+cmd', "'+cmd"],
    ['-cmd', "'-cmd"],
    ['-2+3', "'-2+3"],
    ['+1 555 0100', "'+1 555 0100"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['@cmd', "'@cmd"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['-', "'-"],
    ['a=1', 'a=1'],
    ['mail me@x.org', 'mail me@x.org'],
  ])('%j -> %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it.each([
    ['-12.5', '-12.5'],
    ['+1', '+1'],
    ['-2', '-2'],
    ['-0.5', '-0.5'],
    ['-.5', '-.5'],
    ['1e3', '1e3'],
    ['-1.5E-3', '-1.5E-3'],
  ])('leaves the numeric string %j alone', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it.each(['-Infinity', '-0x10', '+1,5', '-1.2.3', '- 1', '+'])('neutralises %j, which is no plain number', (input) => {
    expect(csvCell(input).replace(/^"/, '')).toMatch(/^'/);
  });
});

describe('csvCell: numbers', () => {
  it.each([
    [-12.5, '-12.5'],
    [0, '0'],
    [-0, '0'],
    [23.5, '23.5'],
    [1100, '1100'],
    [1e-7, '1e-7'],
  ])('%d -> %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes an empty cell for null, undefined, NaN and infinities', () => {
    expect([null, undefined, Number.NaN, Infinity, -Infinity].map(csvCell)).toEqual(['', '', '', '', '']);
  });
});

describe('csvCell: RFC 4180 quoting', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['line\nbreak', '"line\nbreak"'],
    ['cr\rlf', '"cr\rlf"'],
    [' leading', '" leading"'],
    ['trailing ', '"trailing "'],
    ['in side', 'in side'],
    ['a|b', 'a|b'],
    ['a;b', 'a;b'],
    ['顧客 🛒', '顧客 🛒'],
    ["it's", "it's"],
  ])('%j -> %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('joins a record with commas and no line ending', () => {
    expect(csvRow(['a', 1, null, 'b,c', '=x'])).toBe(`a,1,,"b,c",'=x`);
  });
});

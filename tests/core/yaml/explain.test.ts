import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/core/yaml/parse.js';

const TOUCHPOINT = (extra: string): string =>
  [
    'version: 1',
    'stages:',
    '  - id: purchase',
    '    touchpoints:',
    '      - id: checkout',
    '        name: Checkout',
    extra,
    '        emotion: -1',
    '        effort: 4',
    '      - id: pay',
    '        name: Pay',
    '',
  ].join('\n');

function errors(text: string): { line: number; column: number; code: string; message: string; hint?: string }[] {
  return parseYaml(text).diagnostics.map(({ line, column, code, message, hint }) => ({ line, column, code, message, ...(hint ? { hint } : {}) }));
}

describe('YAML syntax errors in plain words', () => {
  it('one extra space of indentation: one error at the line with the mistake, not the line above', () => {
    const found = errors(TOUCHPOINT('         channel: web'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 7, column: 9, code: 'yaml/syntax', message: 'This line is indented one space more than the keys above it.' });
    expect(found[0]!.hint).toContain("Start 'channel' at column 9, under 'name' on line 6");
  });

  it('counts the spaces: three more', () => {
    expect(errors('a:\n  b: 1\n     c: 2\n')[0]).toMatchObject({ line: 3, message: 'This line is indented 3 spaces more than the keys above it.' });
  });

  it('one space less than the keys above it, in a mapping and in a list item', () => {
    expect(errors('a:\n  b:\n    c: 1\n   d: 2\n  e: 3\n')).toEqual([
      expect.objectContaining({ line: 4, column: 4, message: 'This line is indented one space less than the keys above it.' }),
    ]);
    expect(errors('a:\n  - id: x\n   name: y\n')).toEqual([expect.objectContaining({ line: 3, message: 'This line is indented one space less than the keys above it.' })]);
  });

  it('a tab: one clear error, none from the rest of the same item, and the next item still checked', () => {
    const text = TOUCHPOINT('\tchannel: web').replace('        name: Pay', '         name: Pay');
    const found = errors(text);
    expect(found.map((d) => [d.line, d.code])).toEqual([
      [7, 'yaml/tab-indent'],
      [11, 'yaml/syntax'],
    ]);
    expect(found[0]!.message).toBe('This line is indented with a tab; YAML indents with spaces only.');
    expect(found[1]!.message).toBe('This line is indented one space more than the keys above it.');
  });

  it("a value holding ': ' is explained with the quoted value to write", () => {
    const [found] = errors('a:\n  b: Note: fee\n  c: 1\n');
    expect(found).toMatchObject({ line: 2, column: 6, message: "The value of 'b' holds ': ', which YAML reads as the start of another key." });
    expect(found!.hint).toBe('Put the value in quotes: b: "Note: fee".');
  });

  it('an unclosed quote or bracket is reported where it opens', () => {
    expect(errors('a:\n  b: "open\n  c: 1\n')).toEqual([expect.objectContaining({ line: 2, column: 6, message: 'A value opened with " is never closed.' })]);
    expect(errors('a:\n  b: [x, y\n  c: 1\n')).toEqual([expect.objectContaining({ line: 2, column: 6, message: "A list opened with '[' is never closed with ']'." })]);
  });

  it("'-id' without a space after the dash is named", () => {
    expect(errors('a:\n  -id: x\n  - id: y\n')).toEqual([
      expect.objectContaining({ line: 2, column: 3, message: "'-id' has no space after the dash, so YAML reads it as a key, not a list item." }),
    ]);
  });

  it('a line without a colon', () => {
    expect(errors('a:\n  b 1\n  c: 1\n')[0]).toMatchObject({ line: 2, message: "This line is neither 'key: value' nor a list item ('- item')." });
  });

  it('does not mistake block scalar content or a continued plain value for indentation', () => {
    expect(errors('a: |\n  text\n     more: text\nb: 1\n')).toEqual([]);
    expect(errors('a:\n  b: long text\n     continued here\n  c: 1\n')).toEqual([]);
  });

  it('mistakes in different items are each reported once', () => {
    const text = 'stages:\n  - id: a\n    name: A\n     x: 1\n    y: 2\n  - id: b\n    name: B\n   z: 1\n';
    expect(errors(text).map((d) => [d.line, d.message])).toEqual([
      [4, 'This line is indented one space more than the keys above it.'],
      [8, 'This line is indented one space less than the keys above it.'],
    ]);
  });
});

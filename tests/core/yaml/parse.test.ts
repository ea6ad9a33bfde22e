import { describe, expect, it } from 'vitest';
import { decodeSource } from '../../../src/core/yaml/decode.js';
import { parseYaml } from '../../../src/core/yaml/parse.js';

const codes = (text: string): string[] => parseYaml(text).diagnostics.map((d) => d.code);

describe('parseYaml', () => {
  it('returns plain data with source positions of keys and values', () => {
    const parsed = parseYaml('id: a\nstages:\n  - id: s1\n    name: "One"\n');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.value).toEqual({ id: 'a', stages: [{ id: 's1', name: 'One' }] });
    expect(parsed.sourceMap.locate(['stages', 0, 'name'])).toEqual({ line: 4, column: 11, endLine: 4, endColumn: 16 });
    expect(parsed.sourceMap.locate(['stages', 0, 'name'], 'key')).toEqual({ line: 4, column: 5, endLine: 4, endColumn: 9 });
    // A path that does not exist falls back to its nearest ancestor.
    expect(parsed.sourceMap.locate(['stages', 0, 'missing']).line).toBe(3);
  });

  it.each([
    ['duplicate keys', 'a: 1\nb: 2\na: 3\n', 'yaml/duplicate-key', 3, 1],
    ['tab indentation', 'a:\n\tb: 1\n', 'yaml/tab-indent', 2, 1],
    ['unclosed flow sequence', 'a: [1, 2\nb: c\n', 'yaml/syntax', 2, 1],
    ['bad indentation', 'a:\n  b: 1\n c: 2\n', 'yaml/syntax', 3, 1],
    ['an unknown local tag', 'a: !foo bar\n', 'yaml/unknown-tag', 1, 4],
    ['a YAML 1.1 binary tag', 'a: !!binary aGVsbG8=\n', 'yaml/unknown-tag', 1, 4],
    ['two documents', 'a: 1\n---\nb: 2\n', 'yaml/multiple-documents', 2, 1],
    ['an empty file', '', 'yaml/empty', 1, 1],
    ['a file with only comments', '# nothing here\n', 'yaml/empty', 1, 1],
    ['.nan', 'a: .nan\n', 'yaml/non-finite-number', 1, 4],
    ['.inf', 'a: -.inf\n', 'yaml/non-finite-number', 1, 4],
    ['a complex key', '? [a, b]\n: 1\n', 'yaml/complex-key', 1, 3],
  ])('refuses %s with a located diagnostic', (_name, text, code, line, column) => {
    const parsed = parseYaml(text);
    expect(parsed.value).toBeUndefined();
    expect(parsed.diagnostics[0]).toMatchObject({ code, severity: 'error', line, column });
    expect(parsed.diagnostics[0]!.message).toMatch(/\.$/);
    expect(parsed.diagnostics[0]!.hint).toBeTruthy();
  });

  it('names the repeated key', () => {
    expect(parseYaml('id: a\nid: b\n').diagnostics[0]!.message).toBe("Key 'id' appears more than once in this mapping.");
  });

  it('stops a billion-laughs alias bomb quickly', () => {
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const started = performance.now();
    const parsed = parseYaml(lines.join('\n') + '\n');
    // Linear: seconds at most (it took many minutes), with room for a loaded CI machine.
    expect(performance.now() - started).toBeLessThan(5000);
    expect(parsed.value).toBeUndefined();
    expect(parsed.diagnostics[0]!.code).toBe('yaml/alias-limit');
  });

  it('expands small aliases', () => {
    expect(parseYaml('a: &x [1, 2]\nb: *x\n').value).toEqual({ a: [1, 2], b: [1, 2] });
  });

  it('refuses nesting deeper than the limit, in block and flow style', () => {
    expect(codes('a: ' + '['.repeat(100) + ']'.repeat(100) + '\n')).toEqual(['yaml/too-deep']);
    expect(codes('['.repeat(200_000))[0]).toMatch(/^yaml\//);
  });

  it("counts brackets after an apostrophe in plain text (\"it's\" opens no quote), in linear time", () => {
    // Found by tests/fuzz/maps.test.ts: the bracket count skipped from the apostrophe of "it's"
    // to the next one, so the brackets in between reached the library, which overflowed its stack
    // at 2,000 and ran for many minutes at 200,000.
    const text = (n: number) => "title: it's here\nx-a: " + '['.repeat(n) + ']'.repeat(n) + "\nx-b: don't\n";
    // The top-level mapping is the first level, so the 256th bracket is one too many.
    expect(parseYaml(text(600)).diagnostics).toEqual([expect.objectContaining({ code: 'yaml/too-deep', line: 2, column: 5 + 256 })]);
    const started = performance.now();
    expect(codes(text(200_000))).toEqual(['yaml/too-deep']);
    // Linear: seconds at most (it took many minutes), with room for a loaded CI machine.
    expect(performance.now() - started).toBeLessThan(5000);
    // Brackets inside quoted scalars still do not count.
    expect(codes(`a: '${'['.repeat(600)}'\nb: "${'{'.repeat(600)}"\n`)).toEqual([]);
  });

  it('refuses nesting that would overflow the library\'s stack before it composes, at the first level too many', () => {
    // CI once died with "FATAL ERROR: RegExpCompiler": the library caught its own stack overflow,
    // but V8 aborts the process when a regular expression is compiled with the stack nearly
    // exhausted. So nesting past 256 levels never reaches the library's recursive composer.
    const compact = (n: number) => 'a:\n  ' + '- '.repeat(n) + 'x\n';
    const indented = (n: number) => 'a:\n' + Array.from({ length: n }, (_, d) => `${'  '.repeat(d + 1)}- `).join('\n') + 'x\n';
    const maps = (n: number) => Array.from({ length: n }, (_, d) => `${' '.repeat(d)}k:`).join('\n') + ' x\n';
    for (const text of [compact(3000), compact(100_000), indented(1200), maps(3000)]) {
      const { diagnostics } = parseYaml(text);
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({ code: 'yaml/too-deep', message: 'The document nests deeper than 64 levels.', path: '' });
    }
    // Located at the 257th level: the compact sequence's 256th dash (the map is level 1), the
    // indented one's 256th line, the mappings' 257th key.
    expect(parseYaml(compact(3000)).diagnostics[0]).toMatchObject({ line: 2, column: 3 + 2 * 255 });
    expect(parseYaml(indented(1200)).diagnostics[0]).toMatchObject({ line: 2 + 255, column: 2 * 256 + 1 });
    expect(parseYaml(maps(3000)).diagnostics[0]).toMatchObject({ line: 257, column: 257 });
    // At the bound itself the library composes the document, and the semantic limit speaks,
    // with the path of the first level too deep.
    for (const text of [compact(255), indented(255), maps(256), 'a: ' + '['.repeat(255) + ']'.repeat(255) + '\n']) {
      const { diagnostics } = parseYaml(text);
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]!.code).toBe('yaml/too-deep');
      expect(diagnostics[0]!.path).not.toBe('');
    }
  });

  it('reports the first place in the file that nests too deep, not the last', () => {
    const text = `a: ${'['.repeat(300)}${']'.repeat(300)}\nb: ${'{'.repeat(300)}${'}'.repeat(300)}\n`;
    expect(parseYaml(text).diagnostics).toEqual([expect.objectContaining({ code: 'yaml/too-deep', line: 1, column: 3 + 256 })]);
  });

  it('locates runaway flow brackets (refused before composing) at their line and column', () => {
    // Found by tests/fuzz/maps.test.ts: the diagnostic said line 0, column = offset in the file.
    const text = 'version: 1\r\nid: x\ntags: ' + '['.repeat(600) + '\n';
    const [diagnostic] = parseYaml(text).diagnostics;
    expect(diagnostic).toMatchObject({ code: 'yaml/too-deep', line: 3, column: 6 + 256, endLine: 3, endColumn: 6 + 257 });
    expect(parseYaml('['.repeat(600)).diagnostics[0]).toMatchObject({ line: 1, column: 257 });
  });

  it('keeps __proto__ and constructor as ordinary keys without touching prototypes', () => {
    const parsed = parseYaml('__proto__: {polluted: true}\nconstructor: {prototype: {polluted: true}}\n');
    const value = parsed.value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('counts lines the same with CRLF line ends', () => {
    const parsed = parseYaml('a: 1\r\nb:\r\n  c: x\r\n');
    expect(parsed.sourceMap.locate(['b', 'c'])).toMatchObject({ line: 3, column: 6 });
  });

  it('reads JSON, which is YAML', () => {
    const parsed = parseYaml('{\n  "id": "a",\n  "n": [1, 2]\n}\n');
    expect(parsed.value).toEqual({ id: 'a', n: [1, 2] });
    expect(parsed.sourceMap.locate(['n', 1])).toMatchObject({ line: 3, column: 12 });
  });
});

describe('decodeSource', () => {
  const bytes = (...parts: (string | number[])[]): Uint8Array =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

  it('strips a UTF-8 byte order mark', () => {
    const decoded = decodeSource(bytes([0xef, 0xbb, 0xbf], 'a: 1\n'));
    expect(decoded).toMatchObject({ ok: true, text: 'a: 1\n' });
  });

  it('decodes UTF-16 with a byte order mark', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: é\n', 'utf16le')]);
    expect(decodeSource(le)).toMatchObject({ ok: true, text: 'a: é\n' });
    const be = Buffer.from(Buffer.from('a: é\n', 'utf16le')).swap16();
    expect(decodeSource(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toMatchObject({ ok: true, text: 'a: é\n' });
  });

  it('refuses invalid UTF-8 at the first bad byte', () => {
    const decoded = decodeSource(bytes('id: a\ntitle: Caf', [0xe9], '\n'));
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.diagnostic).toMatchObject({ code: 'io/invalid-utf8', line: 2, column: 11, message: 'Byte 0xE9 is not valid UTF-8.' });
  });

  it('refuses binary files', () => {
    const decoded = decodeSource(bytes([0x89], 'PNG', [0, 0, 0, 13]));
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.diagnostic.code).toBe('io/binary-file');
  });
});

import { describe, expect, it } from 'vitest';
import { decodeSource } from '../../../src/core/yaml/decode.js';
import { DEFAULT_YAML_LIMITS, parseYaml } from '../../../src/core/yaml/parse.js';

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
    ['unclosed flow sequence', 'a: [1, 2\nb: c\n', 'yaml/syntax', 1, 4],
    ['bad indentation', 'a:\n  b: 1\n c: 2\n', 'yaml/syntax', 3, 2],
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

  it('counts brackets after an apostrophe in plain text ("it\'s" opens no quote), in linear time', () => {
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

  it("refuses nesting that would overflow the library's stack before it composes, at the first level too many", () => {
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

  it('refuses a mapping with more keys than the limit, at the mapping, before the quadratic work', () => {
    const keys = (n: number, indent = '  ') => Array.from({ length: n }, (_, i) => `${indent}k${i}: ${i}`).join('\n') + '\n';
    expect(parseYaml(`id: a\nx-big:\n${keys(1000)}`).diagnostics).toEqual([]);
    expect(parseYaml(`id: a\nx-big:\n${keys(1001)}`).diagnostics).toEqual([
      expect.objectContaining({ code: 'yaml/too-many-keys', line: 3, column: 3, message: 'This mapping has 1,001 keys, more than the 1,000 allowed in one mapping.' }),
    ]);
    // Flow mappings too, located at their brace.
    const flow = `a: {${Array.from({ length: 1001 }, (_, i) => `k${i}: 1`).join(', ')}}\n`;
    expect(parseYaml(flow).diagnostics).toEqual([expect.objectContaining({ code: 'yaml/too-many-keys', line: 1, column: 4 })]);
    // 32,000 keys in one mapping took 3.9 s (the library compared every key with every other).
    const started = performance.now();
    expect(codes(keys(32_000, ''))).toEqual(['yaml/too-many-keys']);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('finds repeated keys in linear time, all of them, also 1 and "1" (the same key once converted)', () => {
    expect(parseYaml('a: 1\nb: 2\na: 3\nb: 4\n').diagnostics.map((d) => [d.code, d.line, d.path])).toEqual([
      ['yaml/duplicate-key', 3, '/a'],
      ['yaml/duplicate-key', 4, '/b'],
    ]);
    expect(parseYaml('1: x\n"1": y\n').diagnostics).toEqual([
      expect.objectContaining({ code: 'yaml/duplicate-key', line: 2, column: 1, message: "Key '1' appears more than once in this mapping." }),
    ]);
    // A repeated key inside an anchor is reported where it is written, not again at each alias.
    expect(parseYaml('a: &x {k: 1, k: 2}\nb: *x\nc: *x\n').diagnostics.map((d) => [d.line, d.column])).toEqual([[1, 14]]);
    // 49 mappings of 1,000 keys (each compared with every other before): well under a second here.
    const mappings = Array.from({ length: 49 }, (_, m) => `m${m}:\n` + Array.from({ length: 1000 }, (_, i) => `  k${i}: 1\n`).join('')).join('');
    const started = performance.now();
    expect(parseYaml(mappings).diagnostics).toEqual([]);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('counts nodes as written (keys included) before composing, and blames aliases only when they expand it', () => {
    const limits = { ...DEFAULT_YAML_LIMITS, maxNodes: 10 };
    // The root, 4 keys and 4 values: 9; a list of 9 items is 10.
    expect(parseYaml('{a: 1, b: 2, c: 3, d: 4}', limits).diagnostics).toEqual([]);
    expect(parseYaml(`[${'1,'.repeat(8)}1]`, limits).diagnostics).toEqual([]);
    expect(parseYaml(`[${'1,'.repeat(9)}1]`, limits).diagnostics).toEqual([
      expect.objectContaining({ code: 'yaml/too-many-nodes', line: 1, column: 20, message: 'The document holds more than 10 nodes (keys, values, lists and mappings).' }),
    ]);
    expect(parseYaml('a:\n' + '  - 1\n'.repeat(9), limits).diagnostics).toEqual([expect.objectContaining({ code: 'yaml/too-many-nodes', line: 9 })]);
    // Empty values count too.
    expect(codes('-\n'.repeat(10)).length).toBe(0);
    expect(parseYaml('-\n'.repeat(10), limits).diagnostics).toEqual([expect.objectContaining({ code: 'yaml/too-many-nodes', line: 10 })]);
    // 10 nodes as written, 18 once the aliases are expanded: located at the alias that passes the limit.
    expect(parseYaml('a: &x [1, 2, 3]\nb: *x\nc: *x\n', limits).diagnostics).toEqual([
      expect.objectContaining({ code: 'yaml/alias-limit', line: 2, column: 4, message: 'The document expands to more than 10 nodes through its aliases.' }),
    ]);
  });

  it('refuses a 5 MB flow sequence as too many nodes while reading it, not as an alias bomb after 2.8 GB', () => {
    const text = '[' + '1,'.repeat(2_621_439) + '1]\n';
    const started = performance.now();
    expect(parseYaml(text).diagnostics).toEqual([
      expect.objectContaining({
        code: 'yaml/too-many-nodes',
        line: 1,
        column: 2 * 100_000,
        message: 'The document holds more than 100,000 nodes (keys, values, lists and mappings).',
      }),
    ]);
    // It took 24 s; refused after the 100,001st value, it is well under a second here.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses more tokens than the limit while reading them: line breaks, comments, dashes, stray brackets', () => {
    const limits = { ...DEFAULT_YAML_LIMITS, maxTokens: 20 };
    expect(parseYaml('a: 1\n' + '\n'.repeat(15), limits).diagnostics).toEqual([]);
    expect(parseYaml('a: 1\n' + '\n'.repeat(17), limits).diagnostics).toEqual([
      expect.objectContaining({
        code: 'yaml/too-many-tokens',
        line: 17,
        column: 1,
        message: 'The file holds more than 20 YAML tokens (values, punctuation, comments and line breaks).',
      }),
    ]);
    for (const unit of ['\n', '# c\n', '-\n', ':\n', ']']) {
      const text = unit.repeat(Math.ceil((5 * 1024 * 1024) / unit.length / 4));
      const started = performance.now();
      expect(codes(text)).toEqual(['yaml/too-many-tokens']);
      expect(performance.now() - started).toBeLessThan(5000);
    }
  });

  it('keeps the first 100 syntax errors of a file full of them', () => {
    const started = performance.now();
    const { diagnostics } = parseYaml('a: 1\n' + ']\n'.repeat(200_000));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(diagnostics).toHaveLength(100);
    expect(diagnostics[0]).toMatchObject({ code: 'yaml/syntax', line: 2, column: 1 });
    expect(parseYaml('a: 1\n' + ']'.repeat(400_000)).diagnostics).toEqual([expect.objectContaining({ code: 'yaml/syntax', line: 2 })]);
  });

  it('refuses 2,000 nested block collections closed at once (the parser recursed per level and overflowed the stack)', () => {
    const lines = (n: number, item: (d: number) => string) => Array.from({ length: n }, (_, d) => '  '.repeat(d) + item(d)).join('\n');
    const cases = [
      lines(2000, () => 'a:') + ' x\nb: 1\n',
      lines(2000, () => '-') + ' x\n- 1\n',
      lines(2000, (d) => (d % 2 ? '-' : 'a:')) + ' x\nb: 1\n',
      lines(2000, () => '- a:') + ' x\n- b\n',
      '- '.repeat(100_000) + 'x\n- y\n',
    ];
    for (const text of cases) {
      const { diagnostics } = parseYaml(text);
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]!.code).toBe('yaml/too-deep');
    }
    // At the first level too many: the 257th mapping's key.
    expect(parseYaml(cases[0]!).diagnostics[0]).toMatchObject({ line: 257, column: 513 });
    expect(parseYaml(cases[4]!).diagnostics[0]).toMatchObject({ line: 1, column: 513 });
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
  const bytes = (...parts: (string | number[])[]): Uint8Array => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

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

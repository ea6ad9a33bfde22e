import { chmodSync, existsSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, VALID_MAP, workspace } from './harness.js';

const json = (stdout: string) =>
  JSON.parse(stdout) as {
    files: { file: string; diagnostics: { code: string; severity: string; line: number; column: number; message: string; hint?: string }[] }[];
    summary: { files: number; errors: number; warnings: number; infos: number };
  };

describe('journey validate: exit codes and discovery', () => {
  it('exits 0 on a valid map and says so', async () => {
    const cwd = workspace({ 'maps/online-order.journey.yaml': VALID_MAP });
    const result = await runCli(['validate'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('1 file checked');
    expect(result.code).toBe(0);
  });

  it('finds maps below the working directory, skipping node_modules and other extensions', async () => {
    const cwd = workspace({
      'a.journey.yaml': VALID_MAP,
      'deep/er/b.journey.yml': VALID_MAP.replace('id: online-order', 'id: other-order'),
      'node_modules/pkg/c.journey.yaml': 'broken: [',
      'notes.yaml': 'broken: [',
    });
    const result = await runCli(['validate', '--format', 'json'], { cwd });
    expect(json(result.stdout).files.map((f) => f.file)).toEqual(['a.journey.yaml', 'deep/er/b.journey.yml']);
    expect(result.code).toBe(0);
  });

  it('takes files, directories and globs, relative POSIX paths in output', async () => {
    const cwd = workspace({
      'maps/a.journey.yaml': VALID_MAP,
      'maps/b.journey.yaml': VALID_MAP.replace('id: online-order', 'id: b-order'),
      'other/x.yaml': VALID_MAP.replace('id: online-order', 'id: x-order'),
    });
    const result = await runCli(['validate', 'maps', 'other/x.yaml', 'maps/*.journey.yaml', '--format', 'json'], { cwd });
    expect(json(result.stdout).files.map((f) => f.file)).toEqual(['maps/a.journey.yaml', 'maps/b.journey.yaml', 'other/x.yaml']);
  });

  it('exits 1 with a located finding for an invalid map', async () => {
    const cwd = workspace({ 'a.journey.yaml': VALID_MAP.replace('effort: 4', 'effort: 7') });
    const result = await runCli(['validate', '--format', 'json'], { cwd });
    expect(result.code).toBe(1);
    const d = json(result.stdout).files[0]!.diagnostics[0]!;
    expect(d).toMatchObject({ code: 'schema/range', severity: 'error', line: 15, column: 17 });
    expect(d.message).toContain('7');
  });

  it('exits 2 with a one-line message for a missing path', async () => {
    const cwd = workspace();
    const result = await runCli(['validate', 'nope.journey.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe("journey: error: Path 'nope.journey.yaml' does not exist.");
    expect(result.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('exits 2 when a glob matches nothing or nothing is found', async () => {
    const cwd = workspace({ 'readme.md': '# hi' });
    expect((await runCli(['validate', 'maps/*.journey.yaml'], { cwd })).code).toBe(2);
    const none = await runCli(['validate'], { cwd });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No journey maps');
  });

  it('exits 2 on unknown flags and formats', async () => {
    const cwd = workspace({ 'a.journey.yaml': VALID_MAP });
    expect((await runCli(['validate', '--format', 'xml'], { cwd })).code).toBe(2);
    expect((await runCli(['validate', '--bogus'], { cwd })).code).toBe(2);
    expect((await runCli(['validate', '--max-warnings', 'lots'], { cwd })).code).toBe(2);
  });

  it('does not follow symlink loops', async () => {
    const cwd = workspace({ 'maps/a.journey.yaml': VALID_MAP });
    symlinkSync(cwd, path.join(cwd, 'maps', 'loop'));
    const result = await runCli(['validate', '--format', 'json'], { cwd });
    expect(json(result.stdout).files.map((f) => f.file)).toEqual(['maps/a.journey.yaml']);
  });
});

describe('journey validate: failure policy', () => {
  const withWarning = VALID_MAP.replace('          - id: show-fee-early', '          - id: unrelated\n            description: Nothing\n          - id: show-fee-early');

  it('warnings pass by default, fail with --fail-on warning or over --max-warnings', async () => {
    const cwd = workspace({ 'a.journey.yaml': withWarning });
    const base = await runCli(['validate', '--format', 'json'], { cwd });
    expect(json(base.stdout).summary.warnings).toBeGreaterThan(0);
    expect(base.code).toBe(0);
    expect((await runCli(['validate', '--fail-on', 'warning'], { cwd })).code).toBe(1);
    expect((await runCli(['validate', '--max-warnings', '0'], { cwd })).code).toBe(1);
    expect((await runCli(['validate', '--max-warnings', '10'], { cwd })).code).toBe(0);
  });

  it('--quiet reports errors only', async () => {
    const cwd = workspace({ 'a.journey.yaml': withWarning });
    const result = await runCli(['validate', '--quiet', '--format', 'json'], { cwd });
    expect(json(result.stdout).summary).toMatchObject({ warnings: 0, infos: 0 });
  });
});

describe('journey validate: config', () => {
  it('finds journeykit.config.yaml by walking up and applies rule severities', async () => {
    const cwd = workspace({
      'journeykit.config.yaml': 'rules:\n  opportunity-addresses-nothing: error\n',
      'maps/a.journey.yaml': VALID_MAP.replace('            addresses: [surprise-fee]\n', ''),
    });
    const result = await runCli(['validate', '--format', 'json'], { cwd: path.join(cwd, 'maps') });
    const codes = json(result.stdout).files[0]!.diagnostics.map((d) => `${d.severity} ${d.code}`);
    expect(codes).toContain('error lint/opportunity-addresses-nothing');
    expect(result.code).toBe(1);
  });

  it('turns rules off', async () => {
    const cwd = workspace({
      'journeykit.config.yaml': 'rules:\n  unaddressed-pain-point: off\n  opportunity-addresses-nothing: off\n',
      'a.journey.yaml': VALID_MAP.replace('            addresses: [surprise-fee]\n', ''),
    });
    const result = await runCli(['validate', '--format', 'json'], { cwd });
    expect(json(result.stdout).summary).toMatchObject({ errors: 0, warnings: 0, infos: 0 });
  });

  it('skips the config ignore globs when discovering', async () => {
    const cwd = workspace({
      'journeykit.config.yaml': 'ignore:\n  - "drafts/**"\n',
      'a.journey.yaml': VALID_MAP,
      'drafts/b.journey.yaml': 'broken: [',
    });
    const result = await runCli(['validate', '--format', 'json'], { cwd });
    expect(json(result.stdout).files.map((f) => f.file)).toEqual(['a.journey.yaml']);
  });

  it('an invalid config stops the run with its located diagnostics, exit 2', async () => {
    const cwd = workspace({
      'journeykit.config.yaml': 'rules:\n  unused-persna: off\n',
      'a.journey.yaml': VALID_MAP,
    });
    const result = await runCli(['validate'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('journeykit.config.yaml');
    expect(result.stderr).toContain('2:3');
    expect(result.stderr).toContain("Did you mean 'unused-persona'?");
    expect(result.stdout).toBe('');
  });

  it('an empty config, or one with only comments, sets nothing', async () => {
    for (const config of ['', '# journeykit settings, none yet\n']) {
      const cwd = workspace({ 'journeykit.config.yaml': config, 'a.journey.yaml': VALID_MAP });
      const result = await runCli(['validate'], { cwd });
      expect(result.code, result.stderr).toBe(0);
    }
  });

  it('a config over 1 MB is refused as a config, not as a map', async () => {
    const cwd = workspace({ 'journeykit.config.yaml': `# ${'x'.repeat(1024 * 1024)}\n`, 'a.journey.yaml': VALID_MAP });
    const result = await runCli(['validate'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('over the 1.0 MB limit for a workspace config');
    expect(result.stderr).not.toContain('journey map');
  });

  it("counts the maps on a terminal's stderr when there are many, and prints nothing there otherwise", async () => {
    const files = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`m${i}.journey.yaml`, VALID_MAP.replace('id: online-order', `id: order-${i}`)]));
    const cwd = workspace(files);
    const terminal = await runCli(['validate', '--format', 'json'], { cwd, stderrTty: true });
    expect(terminal.code).toBe(0);
    expect(terminal.stderr).toContain('\rvalidated 1/60 maps\u001b[K');
    expect(terminal.stderr).toContain('\rvalidated 60/60 maps\u001b[K');
    // The line is cleared at the end, and stdout holds only the report.
    expect(terminal.stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(JSON.parse(terminal.stdout)).toMatchObject({ summary: { files: 60 } });
    const piped = await runCli(['validate', '--format', 'json'], { cwd });
    expect(piped.stderr).toBe('');
    const few = workspace({ 'a.journey.yaml': VALID_MAP });
    expect((await runCli(['validate'], { cwd: few, stderrTty: true })).stderr).toBe('');
  });

  it('a directory given as --config is exit 2', async () => {
    const cwd = workspace({ 'conf/x': '', 'a.journey.yaml': VALID_MAP });
    const result = await runCli(['validate', '--config', 'conf'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Config file 'conf' is a directory, not a file.");
  });

  it('an unreadable config and a missing --config are exit 2', async () => {
    const cwd = workspace({ 'journeykit.config.yaml': 'rules: [', 'a.journey.yaml': VALID_MAP });
    expect((await runCli(['validate'], { cwd })).code).toBe(2);
    const missing = await runCli(['validate', '--config', 'nope.yaml'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Config file 'nope.yaml' does not exist.");
    if (process.getuid?.() !== 0) {
      const locked = workspace({ 'journeykit.config.yaml': 'rules: {}\n', 'a.journey.yaml': VALID_MAP });
      chmodSync(path.join(locked, 'journeykit.config.yaml'), 0o000);
      expect((await runCli(['validate'], { cwd: locked })).code).toBe(2);
    }
  });
});

describe('journey validate --output', () => {
  it('writes the report atomically and leaves no temporary file', async () => {
    const cwd = workspace({ 'a.journey.yaml': VALID_MAP });
    const result = await runCli(['validate', '--format', 'sarif', '--output', 'out.sarif'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(path.join(cwd, 'out.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
    expect(readdirSync(cwd).sort()).toEqual(['a.journey.yaml', 'out.sarif']);
  });

  it('refuses to overwrite an input file or to create a directory', async () => {
    const cwd = workspace({ 'a.journey.yaml': VALID_MAP });
    const clash = await runCli(['validate', '--output', 'a.journey.yaml'], { cwd });
    expect(clash.code).toBe(2);
    expect(readFileSync(path.join(cwd, 'a.journey.yaml'), 'utf8')).toBe(VALID_MAP);
    const nodir = await runCli(['validate', '--output', 'reports/out.txt'], { cwd });
    expect(nodir.code).toBe(2);
    expect(existsSync(path.join(cwd, 'reports'))).toBe(false);
  });
});

describe('journey validate: bad input never crashes', () => {
  const billion = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]']
    .concat(Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array.from({ length: 10 }, () => `*a${i}`).join(', ')}]`))
    .join('\n');
  const cases: [string, string | Uint8Array, string][] = [
    ['malformed YAML', 'version: 1\nid: [broken\n', 'yaml/syntax'],
    ['tabs', 'version: 1\nstages:\n\t- id: a\n', 'yaml/tab-indent'],
    ['duplicate keys', 'version: 1\nid: a\nid: b\n', 'yaml/duplicate-key'],
    ['an alias bomb', billion, 'yaml/alias-limit'],
    ['a binary file', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), 'io/binary-file'],
    ['an empty file', '', 'yaml/empty'],
    ['invalid UTF-8', new Uint8Array([...Buffer.from('version: 1\ntitle: Caf'), 0xe9, 0x0a]), 'io/invalid-utf8'],
    ['wrong types', VALID_MAP.replace('effort: 4', 'effort: "four"'), 'schema/type'],
    ['out-of-range numbers', VALID_MAP.replace('target: 0.1', 'target: 10'), 'schema/range'],
    ['unknown keys', VALID_MAP.replace('    name: Purchase', '    nmae: Purchase'), 'schema/unknown-key'],
    ['dangling references', VALID_MAP.replace('addresses: [surprise-fee]', 'addresses: [suprise-fee]'), 'lint/unknown-pain-point'],
    ['a top-level list', '- a\n- b\n', 'schema/type'],
  ];
  it.each(cases)('%s: a located diagnostic, exit 1, no stack trace', async (_name, content, code) => {
    const cwd = workspace({ 'bad.journey.yaml': content });
    const result = await runCli(['validate', '--format', 'json'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const d = json(result.stdout).files[0]!.diagnostics;
    expect(d.map((x) => x.code)).toContain(code);
    for (const x of d) {
      expect(x.line).toBeGreaterThanOrEqual(1);
      expect(x.column).toBeGreaterThanOrEqual(1);
    }
  });

  it('a JSON map validates like YAML, with positions', async () => {
    const cwd = workspace({
      'a.journey.yaml': JSON.stringify(
        { version: 1, id: 'a', title: 'A', stages: [{ id: 's', name: 'S', touchpoints: [{ id: 't', name: 'T', channel: 'web', effort: 9 }] }] },
        null,
        2,
      ),
    });
    const result = await runCli(['validate', '--format', 'json'], { cwd });
    const d = json(result.stdout).files[0]!.diagnostics.find((x) => x.code === 'schema/range')!;
    expect(d.line).toBeGreaterThan(1);
  });

  it('a 50 MB file is refused at once', async () => {
    const cwd = workspace();
    const file = path.join(cwd, 'huge.journey.yaml');
    writeFileSync(file, Buffer.alloc(50 * 1024 * 1024, 0x61));
    const started = performance.now();
    const result = await runCli(['validate', '--format', 'json'], { cwd });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(json(result.stdout).files[0]!.diagnostics[0]!.code).toBe('io/file-too-large');
    expect(result.code).toBe(1);
  });

  it('BOM and CRLF files validate with the right lines', async () => {
    const text = '\ufeff' + VALID_MAP.replace('effort: 4', 'effort: 9').replace(/\n/g, '\r\n');
    const cwd = workspace({ 'a.journey.yaml': text });
    const result = await runCli(['validate', '--format', 'json'], { cwd });
    expect(json(result.stdout).files[0]!.diagnostics[0]).toMatchObject({ code: 'schema/range', line: 15, column: 17 });
  });
});

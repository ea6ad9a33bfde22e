import { describe, expect, it } from 'vitest';
import type { ValidationReport } from '../../../src/core/diagnostics.js';
import { summarize } from '../../../src/core/diagnostics.js';
import type { FormatName } from '../../../src/core/formatters/index.js';
import { FORMAT_NAMES, formatters } from '../../../src/core/formatters/index.js';
import { expectGolden } from '../../golden.js';
import { CLEAN_FILE, HOSTILE_FILE, emptyReport, options, report } from './report-fixture.js';

const GOLDEN: readonly [FormatName, string, boolean][] = [
  ['stylish', 'stylish.txt', false],
  ['stylish', 'stylish-color.txt', true],
  ['json', 'json.json', false],
  ['github', 'github.txt', false],
  ['sarif', 'sarif.json', false],
  ['junit', 'junit.xml', false],
  ['markdown', 'markdown.md', false],
];

describe('validate formatters: golden files', () => {
  it.each(GOLDEN)('%s -> tests/golden/validate/%s', (name, golden, color) => {
    expectGolden(`validate/${golden}`, formatters[name](report, options(color)));
  });

  it('covers every format', () => {
    expect(new Set(GOLDEN.map(([name]) => name))).toEqual(new Set(FORMAT_NAMES));
  });
});

describe('the formatter registry', () => {
  it('has a formatter for every name and nothing else', () => {
    expect(Object.keys(formatters).sort()).toEqual([...FORMAT_NAMES].sort());
  });

  it.each(FORMAT_NAMES)('%s: non-empty, deterministic, pure, one trailing newline', (name) => {
    const snapshot = structuredClone(report);
    const out = formatters[name](report, options());
    expect(out.length).toBeGreaterThan(1);
    expect(out).toMatch(/[^\n]\n$/);
    expect(formatters[name](report, options())).toBe(out);
    expect(report).toEqual(snapshot);
  });

  it.each(FORMAT_NAMES)('%s: no colour codes unless asked, and a clean run ends in one newline or nothing', (name) => {
    expect(formatters[name](report, options())).not.toContain('\u001b');
    const clean = formatters[name](emptyReport, options());
    expect(clean === '' || /[^\n]\n$/.test(clean)).toBe(true);
  });
});

describe('json', () => {
  const parsed = JSON.parse(formatters.json(report, options())) as {
    files: { file: string; diagnostics: Record<string, unknown>[] }[];
    summary: Record<string, number>;
  };

  it('has exactly the keys of the CLI.md contract, in its order', () => {
    expect(Object.keys(parsed)).toEqual(['files', 'summary']);
    expect(Object.keys(parsed.summary)).toEqual(['files', 'errors', 'warnings', 'infos']);
    for (const file of parsed.files) {
      expect(Object.keys(file)).toEqual(['file', 'diagnostics']);
      for (const d of file.diagnostics) {
        const keys = ['code', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'path'];
        expect(Object.keys(d)).toEqual(d.hint === undefined ? keys : [...keys, 'hint']);
      }
    }
  });

  it('lists every file, clean ones too, never the source, and the summary', () => {
    expect(parsed.files.map((f) => f.file)).toEqual(report.files.map((f) => f.file));
    expect(parsed.files.find((f) => f.file === CLEAN_FILE)?.diagnostics).toEqual([]);
    expect(formatters.json(report, options())).not.toContain('"source"');
    expect(parsed.summary).toEqual({ files: 3, errors: 3, warnings: 2, infos: 2 });
  });

  it('drops properties a diagnostic should not carry', () => {
    const files = [{ file: 'a.yaml', diagnostics: [{ ...report.files[0]!.diagnostics[0]!, extra: 1 }] }];
    const out = JSON.parse(formatters.json({ files, summary: summarize(files) }, options())) as typeof parsed;
    expect(out.files[0]!.diagnostics[0]).not.toHaveProperty('extra');
  });
});

describe('github', () => {
  const lines = formatters.github(report, options()).trimEnd().split('\n');

  it('prints one command per finding and nothing else', () => {
    expect(lines).toHaveLength(7);
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=[^:,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:,]+::/);
    expect(lines.map((l) => l.slice(2, l.indexOf(' ')))).toEqual(['notice', 'warning', 'error', 'error', 'notice', 'warning', 'error']);
  });

  it('prints nothing at all for a clean run', () => {
    expect(formatters.github(emptyReport, options())).toBe('');
  });

  it('escapes the file property and appends the hint after an escaped newline', () => {
    const hostile = lines.find((l) => l.includes('schema/enum'))!;
    expect(hostile).toContain(`file=maps/hostile #1/evil map%2C 100%25.journey.yaml,`);
    expect(hostile).toContain('100%25 <b>sure</b>');
    expect(hostile).toContain('%0Ahint: Use `web`');
    expect(hostile).toContain('%0D%0ALine two: C:\\maps, %250A stays text');
  });
});

describe('stylish', () => {
  it('summarises a clean run in one line', () => {
    expect(formatters.stylish(emptyReport, options())).toBe('✔ 1 file checked, no problems\n');
  });

  it('prints rows without frames when the source is unknown', () => {
    const files = report.files.map(({ source: _source, ...file }) => file);
    const out = formatters.stylish({ files, summary: summarize(files) }, options());
    expect(out).not.toMatch(/^ +>? +\d+ \|/m);
    expect(out).toContain("  15:20  warning  Touchpoint 'search' names persona 'shoppr'");
  });

  it('counts problems with singular and plural words', () => {
    const files = [{ file: 'a.yaml', diagnostics: [report.files[0]!.diagnostics[3]!] }];
    const one: ValidationReport = { files, summary: summarize(files) };
    expect(formatters.stylish(one, options()).trimEnd().split('\n').at(-1)).toBe('✖ 1 problem (1 error, 0 warnings, 0 infos) in 1 of 1 file');
  });
});

describe('junit', () => {
  const xml = formatters.junit(report, options());

  it('fails only on errors and counts tests and failures', () => {
    expect(xml).toContain('<testsuites name="journeykit" tests="8" failures="3" errors="0">');
    expect(xml.match(/<failure /g)).toHaveLength(3);
    expect(xml.match(/<system-out>/g)).toHaveLength(4);
    expect(xml).toContain(`<testcase classname="${CLEAN_FILE}" name="valid"/>`);
  });

  it('leaves no raw markup from messages', () => {
    const outsideTags = xml.replace(/<\/?[a-z-]+(\s+[a-z]+="[^"<>]*")*\s*\/?>|<\?xml[^>]*\?>/gi, '');
    expect(outsideTags).not.toMatch(/[<>]/);
    expect(xml).not.toContain('<script>');
  });
});

describe('markdown', () => {
  const md = formatters.markdown(report, options());

  it('has one table row per finding with six unescaped pipes', () => {
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity') && !l.startsWith('| ---'));
    expect(rows).toHaveLength(7);
    for (const row of rows) expect(row.match(/(?<!\\)(?:\\\\)*\|/g)).toHaveLength(6);
  });

  it('renders hostile text inert', () => {
    const row = md.split('\n').find((l) => l.includes('schema/enum'))!;
    expect(row).not.toContain('<script>');
    expect(row).not.toContain('](http://');
    expect(row).not.toMatch(/@cx-team/);
    expect(row).toContain(HOSTILE_FILE.replace('#', '#&#8203;'));
  });

  it('says so when there are no problems', () => {
    expect(formatters.markdown(emptyReport, options())).toBe('### journeykit validate\n\n✅ 1 file checked, no problems\n');
  });
});

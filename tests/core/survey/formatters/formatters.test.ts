import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../../../src/core/output/text-width.js';
import { CSV_HEADER } from '../../../../src/core/survey/formatters/csv.js';
import type { MetricsFormatName } from '../../../../src/core/survey/formatters/index.js';
import { METRICS_FORMAT_NAMES, metricsFormatters } from '../../../../src/core/survey/formatters/index.js';
import type { MetricsReport } from '../../../../src/core/survey/types.js';
import { expectGolden } from '../../../golden.js';
import { HOSTILE_SEGMENTS, emptyReport, report } from './report-fixture.js';
import { warningFromJson, warningToJson } from '../../../../src/core/survey/warnings.js';
import type { MetricsJson } from '../../../../src/core/survey/formatters/json.js';

const plain = { color: false, version: '' };
/** The report as the JSON holds it: warnings in their JSON shape. */
const asJson = (r: MetricsReport) => ({ ...r, warnings: r.warnings.map(warningToJson) });
const format = (name: MetricsFormatName, r: MetricsReport = report, color = false): string => metricsFormatters[name](r, { color, version: '' });

const GOLDEN: readonly [MetricsFormatName, string, boolean][] = [
  ['table', 'table.txt', false],
  ['table', 'table-color.txt', true],
  ['json', 'json.json', false],
  ['csv', 'csv.csv', false],
  ['markdown', 'markdown.md', false],
  ['sarif', 'sarif.json', false],
  ['github', 'github.txt', false],
];

describe('metrics formatters: golden files', () => {
  it.each(GOLDEN)('%s -> tests/golden/metrics/%s', (name, golden, color) => {
    expectGolden(`metrics/${golden}`, format(name, report, color));
  });

  it('covers every format', () => {
    expect(new Set(GOLDEN.map(([name]) => name))).toEqual(new Set(METRICS_FORMAT_NAMES));
  });
});

describe('the metrics formatter registry', () => {
  it('has a formatter for every name and nothing else', () => {
    expect(Object.keys(metricsFormatters).sort()).toEqual([...METRICS_FORMAT_NAMES].sort());
  });

  it.each(METRICS_FORMAT_NAMES)('%s: non-empty, deterministic, pure, one trailing newline, no colour unless asked', (name) => {
    const snapshot = structuredClone(report);
    const out = format(name);
    expect(out).toMatch(/[^\n]\n$/);
    expect(format(name)).toBe(out);
    expect(report).toEqual(snapshot);
    expect(out).not.toContain('\u001b');
  });

  it.each(METRICS_FORMAT_NAMES)('%s: handles a report with nothing measured', (name) => {
    const out = format(name, emptyReport);
    // Annotations print nothing when there is nothing to annotate, as validate's do.
    if (name === 'github') expect(out).toBe('');
    else expect(out).toMatch(/[^\n]\n$/);
    expect(out).not.toMatch(/NaN|Infinity|undefined/);
  });

  it.each(METRICS_FORMAT_NAMES)('%s: no line ends in a space', (name) => {
    expect(format(name)).not.toMatch(/ \n/);
  });
});

/** Every number anywhere in a parsed JSON value. */
function numbers(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbers);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(numbers);
  return [];
}

describe('json', () => {
  const text = format('json');
  const parsed = JSON.parse(text) as Record<string, unknown> & MetricsJson;

  it('is the report, key order of the CLI.md contract, 2-space indented', () => {
    expect(Object.keys(parsed)).toEqual(['source', 'overall', 'segments', 'periods', 'kpis', 'warnings']);
    expect(Object.keys(parsed.source)).toEqual([
      'files',
      'platform',
      'platformDetected',
      'encoding',
      'delimiter',
      'rows',
      'included',
      'excluded',
      'columns',
      'inferred',
      'scales',
      'timeZone',
    ]);
    expect(Object.keys(parsed.overall)).toEqual(['nps', 'csat', 'ces', 'fcr', 'completion']);
    expect(Object.keys(parsed.overall.nps!)).toEqual(['score', 'n', 'promoters', 'passives', 'detractors', 'ci95', 'lowSample']);
    expect(Object.keys(parsed.overall.csat!)).toEqual(['score', 'n', 'mean', 'scale', 'ci95', 'lowSample']);
    expect(Object.keys(parsed.overall.ces!)).toEqual(['score', 'n', 'ci95', 'scale', 'higherIsBetter', 'mean', 'meanCi95', 'lowSample']);
    expect(Object.keys(parsed.overall.fcr!)).toEqual(['score', 'n', 'ci95', 'lowSample']);
    expect(Object.keys(parsed.kpis[0]!)).toEqual(['metric', 'source', 'touchpoint', 'target', 'threshold', 'direction', 'value', 'n', 'status']);
    expect(Object.keys(parsed.periods['2026-03']!.change!.nps!)).toEqual(['from', 'delta', 'p', 'significant', 'direction', 'tested']);
    expect(text.startsWith('{\n  "source": {\n    "files": [\n')).toBe(true);
  });

  it('round-trips to exactly the report, hostile segment keys and all', () => {
    expect(parsed).toEqual(asJson(report));
    expect({ ...parsed, warnings: parsed.warnings.map(warningFromJson) }).toEqual(report);
    expect(Object.keys(parsed.segments.channel!)).toEqual(Object.keys(report.segments.channel!));
    expect(Object.hasOwn(parsed.segments.channel!, HOSTILE_SEGMENTS.proto)).toBe(true);
  });

  it('has no NaN or Infinity, and every number is finite', () => {
    expect(text).not.toMatch(/NaN|Infinity/);
    const all = numbers(parsed);
    expect(all.length).toBeGreaterThan(100);
    expect(all.every(Number.isFinite)).toBe(true);
    // The only null is the value of the KPI without data; JSON.stringify would turn NaN into null.
    expect(text.match(/null/g)).toEqual(['null']);
    expect(parsed.kpis.find((k) => k.status === 'no-data')?.value).toBeNull();
  });

  it('drops properties outside the contract', () => {
    const extra = structuredClone(report) as MetricsReport & { extra?: number };
    extra.extra = 1;
    (extra.overall.nps as unknown as Record<string, unknown>).tally = new Map([[10, 1]]);
    (extra.source as unknown as Record<string, unknown>).bytes = 123;
    expect(JSON.parse(format('json', extra))).toEqual(asJson(report));
  });

  it('keeps a negative NPS a number', () => {
    expect(parsed.segments.channel![HOSTILE_SEGMENTS.emoji]!.nps!.score).toBe(-12.5);
  });
});

describe('csv', () => {
  const text = format('csv');
  // Strict: every record must have as many cells as the header.
  const records: string[][] = parse(text, { relax_column_count: false });
  const [header, ...rows] = records;
  const col = (name: (typeof CSV_HEADER)[number]): number => CSV_HEADER.indexOf(name);
  const segmentRows = (segment: string): string[][] => rows.filter((r) => r[col('scope')] === 'segment' && r[col('segment')] === segment);

  it('has the documented header and the same number of cells in every record', () => {
    expect(header).toEqual([...CSV_HEADER]);
    expect(text.split('\n')[0]).toBe('scope,dimension,segment,period,metric,score,ci_low,ci_high,n,mean,low_sample,status,target,threshold');
    for (const row of rows) expect(row).toHaveLength(CSV_HEADER.length);
  });

  it('has one row per metric and scope, then one per KPI', () => {
    const count = (set: object): number => Object.keys(set).filter((k) => k !== 'change').length;
    const expected =
      count(report.overall) +
      Object.values(report.segments).reduce((sum, d) => sum + Object.values(d).reduce((s, set) => s + count(set), 0), 0) +
      Object.values(report.periods).reduce((sum, set) => sum + count(set), 0) +
      report.kpis.length;
    expect(rows).toHaveLength(expected);
    expect(rows.map((r) => r[col('scope')])).toEqual(
      [...rows.map((r) => r[col('scope')])].sort((a, b) => ['overall', 'segment', 'period', 'kpi'].indexOf(a!) - ['overall', 'segment', 'period', 'kpi'].indexOf(b!)),
    );
  });

  it('reads back every value of the overall rows', () => {
    const nps = rows.find((r) => r[col('scope')] === 'overall' && r[col('metric')] === 'nps');
    expect(nps).toEqual(['overall', '', '', '', 'nps', '23.5', '19.9', '27.1', '1100', '', 'false', '', '', '']);
    const ces = rows.find((r) => r[col('scope')] === 'overall' && r[col('metric')] === 'ces');
    expect(ces).toEqual(['overall', '', '', '', 'ces', '74', '71.2', '76.6', '1000', '5.6', 'false', '', '', '']);
  });

  it('keeps harmless segment values intact and numbers numeric', () => {
    for (const value of ['web', HOSTILE_SEGMENTS.pipe, HOSTILE_SEGMENTS.script, HOSTILE_SEGMENTS.multiline, HOSTILE_SEGMENTS.cjk, HOSTILE_SEGMENTS.emoji, HOSTILE_SEGMENTS.proto]) {
      expect(segmentRows(value).length, value).toBeGreaterThan(0);
    }
    const store = segmentRows(HOSTILE_SEGMENTS.emoji).find((r) => r[col('metric')] === 'nps');
    expect(store?.[col('score')]).toBe('-12.5');
    expect(store?.[col('low_sample')]).toBe('true');
    // Plain numbers are no formula: left as they are.
    expect(segmentRows(HOSTILE_SEGMENTS.plus)).toHaveLength(1);
    expect(segmentRows(HOSTILE_SEGMENTS.minus)).toHaveLength(1);
  });

  it('neutralises segment values a spreadsheet would run as a formula', () => {
    for (const value of [HOSTILE_SEGMENTS.formula, HOSTILE_SEGMENTS.at]) {
      expect(segmentRows(value)).toHaveLength(0);
      expect(segmentRows(`'${value}`)).toHaveLength(1);
    }
    for (const row of rows) for (const c of row) expect(c).not.toMatch(/^[=@\t\r]/);
    for (const row of rows) for (const c of row) if (/^[+-]/.test(c)) expect(Number.isFinite(Number(c)), c).toBe(true);
  });

  it('writes the two-dimension segments and the periods in order', () => {
    expect(segmentRows('web / north')[0]?.[col('dimension')]).toBe('channel × region');
    expect([...new Set(rows.filter((r) => r[col('scope')] === 'period').map((r) => r[col('period')]))]).toEqual(['2026-01', '2026-02', '2026-03']);
  });

  it('writes KPIs with value, status, target and threshold', () => {
    const kpis = rows.filter((r) => r[col('scope')] === 'kpi');
    expect(kpis.map((r) => [r[col('segment')], r[col('metric')], r[col('score')], r[col('status')], r[col('target')], r[col('threshold')]])).toEqual([
      ['checkout', 'nps', '23.5', 'breach', '50', '30'],
      ['', 'csat', '81.2', 'met', '80', '70'],
      ['phone-support', 'fcr', '68.4', 'watch', '75', '65'],
      ['返品 🔁', 'ces', '', 'no-data', '2', '3'],
      ['chat', 'fcr', '25', 'insufficient', '75', '65'],
    ]);
  });

  it('uses LF line endings outside quoted cells', () => {
    expect(text.replace(/"(?:[^"]|"")*"/g, '')).not.toContain('\r');
  });
});

describe('table', () => {
  const text = format('table');
  const lines = text.split('\n');
  const section = (title: string): string[] => {
    const start = lines.indexOf(title);
    expect(start, title).toBeGreaterThanOrEqual(0);
    const end = lines.indexOf('', start);
    return lines.slice(start + 1, end === -1 ? undefined : end);
  };

  it('says what was detected', () => {
    expect(text).toContain('Platform   Qualtrics (detected)');
    expect(text).toContain('Delimiter  ;');
    expect(text).toContain('1200 read, 1130 included, 70 excluded (preview 12, spam 3, incomplete 55)');
    expect(text).toContain('Time zone  America/Denver');
    expect(format('table', emptyReport)).toContain('Platform   generic CSV (from --platform)');
    expect(format('table', emptyReport)).toContain('Delimiter  tab');
  });

  it('aligns the score columns on display width, whatever the segment value', () => {
    const [header, ...rows] = section('By channel');
    const end = (line: string, text: string, from = 0): number => displayWidth(line.slice(0, line.indexOf(text, from) + text.length));
    const npsEnd = end(header!, 'NPS');
    const checked = rows.filter((row) => !row.trim().startsWith('* ') && !row.trim().startsWith('__proto__'));
    expect(checked).toHaveLength(11);
    for (const row of checked) {
      expect(row).toMatch(/^ {2}\S/);
      // The score is the first number after the label; labels contain no digit-dot-digit.
      const score = /-?\d+\.\d/.exec(row)![0];
      expect(end(row, score), row).toBe(npsEnd);
    }
  });

  it('makes user text terminal-safe and keeps every segment on one line', () => {
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).toContain('Berlin, "Mitte"␊Floor 2');
    expect(text).toContain('␛[2J');
  });

  it('marks only significant period changes', () => {
    const rows = section('By period');
    expect(rows.filter((row) => row.startsWith('  20') && /[▲▼]/.test(row))).toHaveLength(1);
    expect(rows.find((row) => row.startsWith('  2026-03'))).toContain('36.0 ▲');
    expect(text).toContain('NPS 2026-03: +17.8 against 2026-02 (p < 0.001)');
  });

  it('lists at most 20 warnings', () => {
    expect(text).toContain('Warnings (23)');
    expect(text).toContain('  ... and 3 more\n');
    expect(text).toContain('  line 57, column Q2: Value');
  });

  it('colours KPI statuses', () => {
    const color = format('table', report, true);
    expect(color).toContain('\u001b[32mmet\u001b[39m');
    expect(color).toContain('\u001b[33mwatch\u001b[39m');
    expect(color).toContain('\u001b[31mbreach\u001b[39m');
    expect(color).toContain('\u001b[2mno data\u001b[22m');
  });
});

describe('markdown', () => {
  const text = format('markdown');

  it('escapes every piece of user text', () => {
    expect(text).not.toContain('<script');
    expect(text).not.toContain('<img');
    expect(text).not.toMatch(/(^|[^\\&])@(cmd|here)/m);
    expect(text).toContain('&lt;script&gt;');
    expect(text).toContain('a\\|b');
    expect(text).toContain('Berlin, "Mitte"<br>Floor 2');
    expect(text).toContain('store #&#8203;2, "final".csv');
  });

  it('keeps every table row to its header’s column count', () => {
    const tables = text.split('\n\n').filter((block) => block.startsWith('|'));
    expect(tables.length).toBeGreaterThanOrEqual(6);
    const cells = (row: string): number => row.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
    for (const t of tables) {
      const rows = t.split('\n');
      for (const row of rows) expect(cells(row), row).toBe(cells(rows[0]!));
    }
  });

  it('has the status emoji, the significant change and the first 10 warnings', () => {
    for (const status of ['✅ met', '⚠️ watch', '❌ breach', '➖ no data']) expect(text).toContain(`| ${status} |`);
    expect(text.match(/▲|▼/g)).toHaveLength(3); // the cell and `▲ ▼` in the note
    expect(text).toContain('36.0 ▲ (n=360)');
    expect(text).toContain('**23 warnings**, the first 10:');
    expect(text).toContain('… and 13 more');
  });

  it('says so when there are no warnings', () => {
    expect(format('markdown', emptyReport)).toContain('No warnings.');
  });

  it('keeps a dimension name ending in hashes whole: no closing sequence for the heading (escaping audit)', () => {
    const text = format('markdown', { ...report, segments: { 'Store #': report.segments.channel! } });
    expect(text).toContain('\n#### By Store \\#\n');
  });
});

it('options are only about colour', () => {
  expect(metricsFormatters.json(report, plain)).toBe(format('json'));
});

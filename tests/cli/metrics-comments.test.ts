import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MetricsReport } from '../../src/core/survey/types.js';
import { REPO_ROOT, VALID_MAP, runCli, workspace } from './harness.js';

/**
 * Verbatim comments (issue 13, item 7): `journey metrics` keeps up to five answers of the
 * export's free-text column per touchpoint, masked, with the line each starts on.
 */
const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A small generic export: 14 responses over two touchpoints, a free-text column with traps. */
function exportWithComments(): string {
  const rows: [string, string, string][] = [
    ['checkout', '9', 'Quick and easy.'],
    ['checkout', '3', 'Fee only showed at the end.\nVery annoying.'],
    ['delivery', '10', 'Driver was lovely'],
    ['checkout', '6', 'N/A'],
    ['checkout', '8', 'Call me on +44 20 7946 0958 or write to ana.lima@example.com'],
    ['delivery', '2', 'Order 100482913 came on 2026-03-04, two days late; paid 1,299.00 for it'],
    ['checkout', '7', ''],
    ['checkout', '10', 'Voucher worked first time'],
    ['checkout', '4', 'Page froze after I pressed Pay'],
    ['checkout', '5', 'A sixth comment that is not kept'],
    ['delivery', '9', '  Eggs   cracked  '],
    ['', '9', 'An answer without a touchpoint'],
    ['delivery', '8', 'x'.repeat(700)],
    ['delivery', '9', 'Left at the door, fine'],
  ];
  const lines = ['id,touchpoint,How likely are you to recommend us?,Anything else you would like to tell us?'];
  rows.forEach(([touchpoint, nps, comment], i) => lines.push([`r${i + 1}`, touchpoint, nps, csvCell(comment)].join(',')));
  return lines.join('\n') + '\n';
}

async function metricsJson(files: Record<string, string>, ...args: string[]): Promise<MetricsReport> {
  const cwd = workspace(files);
  const result = await runCli(['metrics', 'e.csv', '--format', 'json', ...args], { cwd });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as MetricsReport;
}

describe('journey metrics: verbatim comments', () => {
  it('keeps the first five answers per touchpoint, masked, on one line, with the line each starts on', async () => {
    const report = await metricsJson({ 'e.csv': exportWithComments() });
    expect(report.source.columns.comment).toBe('Anything else you would like to tell us?');
    expect(report.comments?.column).toBe('Anything else you would like to tell us?');
    expect(report.comments?.byTouchpoint.checkout).toEqual([
      { text: 'Quick and easy.', line: 2 },
      // The second answer spans lines 3-4; the records after it are one line further down.
      { text: 'Fee only showed at the end. Very annoying.', line: 3 },
      { text: 'Call me on [phone] or write to [email]', line: 7 },
      { text: 'Voucher worked first time', line: 10 },
      { text: 'Page froze after I pressed Pay', line: 11 },
    ]);
    const delivery = report.comments?.byTouchpoint.delivery ?? [];
    expect(delivery.map((c) => c.line)).toEqual([5, 8, 13, 15, 16]);
    // A date, an amount and an order number are not phone numbers.
    expect(delivery[1]!.text).toBe('Order 100482913 came on 2026-03-04, two days late; paid 1,299.00 for it');
    expect(delivery[2]!.text).toBe('Eggs cracked');
    expect(delivery[3]!.text).toBe(`${'x'.repeat(500)}…`);
    expect(Object.keys(report.comments?.byTouchpoint ?? {})).toEqual(['checkout', 'delivery']);
    expect(JSON.stringify(report)).not.toMatch(/7946|ana\.lima|sixth comment|without a touchpoint/);
  });

  it('gives the same comments when worker threads read parts of the file (the parts merge in file order)', async () => {
    const csv = readFileSync(path.join(REPO_ROOT, 'examples/surveys/online-order-survey.csv'), 'utf8');
    const cwd = workspace({ 'e.csv': csv });
    const one = await runCli(['metrics', 'e.csv', '--format', 'json'], { cwd });
    const parts = await runCli(['metrics', 'e.csv', '--format', 'json'], { cwd, env: { JOURNEYKIT_PARALLEL_BYTES: '1000' } });
    expect(parts.code, parts.stderr).toBe(0);
    expect((JSON.parse(parts.stdout) as MetricsReport).comments).toEqual((JSON.parse(one.stdout) as MetricsReport).comments);
  });

  it('says where the comments come from in the table and Markdown formats', async () => {
    const cwd = workspace({ 'e.csv': exportWithComments() });
    for (const format of ['table', 'markdown']) {
      const result = await runCli(['metrics', 'e.csv', '--format', format], { cwd });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain("10 comments kept from 'Anything else you would like to tell us?' for 2 touchpoints.");
    }
  });

  it('takes the column the config names (survey.columns.comment), and says which line names a missing one', async () => {
    // A second text column, `notes`, on every record (record lines start with their id).
    const withNotes = exportWithComments()
      .split('\n')
      .map((line, i) => (i === 0 ? `${line},notes` : /^r\d+,/.test(line) ? `${line},note ${i} from the desk` : line))
      .join('\n');
    const report = await metricsJson({ 'e.csv': withNotes, 'journeykit.config.yaml': 'survey:\n  columns:\n    comment: notes\n' });
    expect(report.comments?.column).toBe('notes');
    expect(report.comments?.byTouchpoint.checkout?.[0]).toEqual({ text: 'note 1 from the desk', line: 2 });

    const cwd = workspace({ 'e.csv': exportWithComments(), 'journeykit.config.yaml': 'survey:\n  columns:\n    comment: Remarks\n' });
    const missing = await runCli(['metrics', 'e.csv'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("journeykit.config.yaml:3:14: survey.columns.comment names the column 'Remarks', which the export 'e.csv' does not have.");
  });

  it('has no comments without a touchpoint column, or without a free-text column', async () => {
    const noTouchpoint = exportWithComments().replace('id,touchpoint,', 'id,segment,');
    expect((await metricsJson({ 'e.csv': noTouchpoint })).comments).toBeUndefined();
    const noText = ['id,touchpoint,How likely are you to recommend us?', 'r1,checkout,9', 'r2,checkout,7'].join('\n') + '\n';
    const report = await metricsJson({ 'e.csv': noText });
    expect(report.comments).toBeUndefined();
    expect(report.source.columns.comment).toBeUndefined();
  });

  it('score and report read a metrics file with comments; a file with six for one touchpoint is refused', async () => {
    const cwd = workspace({ 'e.csv': exportWithComments(), 'map.journey.yaml': VALID_MAP });
    const written = await runCli(['metrics', 'e.csv', '--format', 'json', '--output', 'm.json'], { cwd });
    expect(written.code, written.stderr).toBe(0);
    for (const argv of [
      ['score', 'map.journey.yaml', '--metrics', 'm.json', '--format', 'json'],
      ['report', 'map.journey.yaml', '--metrics', 'm.json'],
    ]) {
      const result = await runCli(argv, { cwd });
      expect(result.code, `${argv.join(' ')}\n${result.stderr}`).toBe(0);
    }
    const report = JSON.parse(readFileSync(path.join(cwd, 'm.json'), 'utf8')) as MetricsReport;
    report.comments!.byTouchpoint.checkout!.push({ text: 'One more', line: 99 });
    writeFileSync(path.join(cwd, 'm.json'), JSON.stringify(report, null, 2));
    const refused = await runCli(['score', 'map.journey.yaml', '--metrics', 'm.json'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/m\.json\n {2}\d+:\d+ {2}error {2}'checkout' lists more than 5 items\. {2}schema\/max-items/);
  });

  it('the shipped example export gives five masked comments for each of its six touchpoints', async () => {
    const csv = readFileSync(path.join(REPO_ROOT, 'examples/surveys/online-order-survey.csv'), 'utf8');
    const report = await metricsJson({ 'e.csv': csv });
    expect(report.comments?.column).toBe('Q5_TEXT');
    const byTouchpoint = report.comments?.byTouchpoint ?? {};
    expect(Object.values(byTouchpoint).map((list) => list.length)).toEqual([5, 5, 5, 5, 5, 5]);
    const texts = Object.values(byTouchpoint)
      .flat()
      .map((c) => c.text);
    expect(texts).toContain('Please email me at [email], I still have no refund.');
    expect(texts).toContain('Call me back on [phone] please, nobody did.');
    expect(texts).toContain('Was transferred three times; ref 55-0192-447 given each time.');
    expect(texts.join('\n')).not.toMatch(/@|7946|900123/);
    // Each line is the physical line of the file where that answer starts.
    const lines = csv.split('\n');
    for (const comment of Object.values(byTouchpoint).flat()) {
      const start = comment.text.slice(0, 12);
      expect(lines[comment.line - 1], comment.text).toContain(start.replace(/"/g, '""'));
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { MetricsReport } from '../../src/core/survey/types.js';
import { runCli, workspace } from './harness.js';

/**
 * Messages of `journey metrics` (issue 12 item 6): a named column without a usable answer is
 * exit 2 with the reason; one warning per distinct bad value with its count and first lines;
 * "found from its id" only where the export has ids; names from the config carry its file and line.
 */

const CSV = ['id,comment,nps', '1,great,10', '2,bad,0', '3,meh,n/a', '4,great,x', '5,great,x', '6,,x', '7,ok,x', '8,ok,x', '9,ok,x', '10,ok,7'].join('\n') + '\n';
/** Worker threads for anything over 10 bytes: the export is read in parts too. */
const PARALLEL = { JOURNEYKIT_PARALLEL_BYTES: '10' };

describe('a named column without a usable answer', () => {
  it('--column: exit 2 naming the column, the flag and the first bad values with their lines', async () => {
    const cwd = workspace({ 'e.csv': CSV });
    const { code, stdout, stderr } = await runCli(['metrics', 'e.csv', '--column', 'nps=comment'], { cwd });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      "Column 'comment' named for NPS (--column nps=comment) has no usable answer: none of its answers is a NPS answer on 0-10 ('great' at line 2, 'bad' at line 3, 'meh' at line 4, ...).",
    );
    expect(stderr).not.toContain('No metric column was found');
  });

  it('an empty named column says so', async () => {
    const cwd = workspace({ 'e.csv': 'id,nps,csat\n1,10,\n2,9,n/a\n' });
    const { code, stderr } = await runCli(['metrics', 'e.csv', '--column', 'csat=csat'], { cwd });
    expect(code).toBe(2);
    expect(stderr).toContain("Column 'csat' named for CSAT (--column csat=csat) has no usable answer: every included response leaves it empty or answers N/A.");
  });

  it('a column named in the config: the config file and line', async () => {
    const cwd = workspace({ 'e.csv': CSV, 'journeykit.config.yaml': '# survey settings\nsurvey:\n  columns:\n    nps: comment\n' });
    const { code, stderr } = await runCli(['metrics', 'e.csv'], { cwd });
    expect(code).toBe(2);
    expect(stderr).toContain("Column 'comment' named for NPS (journeykit.config.yaml:4:10: survey.columns.nps) has no usable answer");
  });

  it('a named column with some usable answers is read, its bad values warned about', async () => {
    const cwd = workspace({ 'e.csv': CSV });
    const { code } = await runCli(['metrics', 'e.csv', '--column', 'nps=nps'], { cwd });
    expect(code).toBe(0);
  });
});

describe('a survey.columns entry the export lacks', () => {
  it('in the config: exit 2 naming the config file, line and key', async () => {
    const cwd = workspace({ 'e.csv': CSV, 'journeykit.config.yaml': 'survey:\n  columns:\n    csat: Satisfaction\n    nps: LTR\n' });
    const { code, stderr } = await runCli(['metrics', 'e.csv'], { cwd });
    expect(code).toBe(2);
    expect(stderr).toContain("journeykit.config.yaml:4:10: survey.columns.nps names the column 'LTR', which the export 'e.csv' does not have.");
    expect(stderr).toContain('columns: id, comment, nps');
  });

  it('a --column flag overrides the config entry and is named as the flag', async () => {
    const cwd = workspace({ 'e.csv': CSV, 'journeykit.config.yaml': 'survey:\n  columns:\n    nps: LTR\n' });
    const ok = await runCli(['metrics', 'e.csv', '--column', 'nps=nps'], { cwd });
    expect(ok.code).toBe(0);
    const missing = await runCli(['metrics', 'e.csv', '--column', 'nps=Recommend'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("No column 'Recommend' for NPS in the export.");
    expect(missing.stderr).not.toContain('journeykit.config.yaml');
  });

  it("in the map's survey binding: says it is the map's", async () => {
    const map = 'version: 1\nid: m\ntitle: M\npersonas:\n  - id: p\n    name: P\nstages:\n  - id: s\n    name: S\nsurvey:\n  columns:\n    nps: LTR\n';
    const cwd = workspace({ 'e.csv': CSV, 'map.yaml': map });
    const { code, stderr } = await runCli(['metrics', 'e.csv', '--map', 'map.yaml'], { cwd });
    expect(code).toBe(2);
    expect(stderr).toContain("survey.columns.nps in the map names the column 'LTR', which the export 'e.csv' does not have.");
  });
});

describe('bad values', () => {
  for (const [how, env] of [
    ['one thread', {}],
    ['worker threads', PARALLEL],
  ] as const) {
    it(`one warning per distinct value with its count and first lines (${how})`, async () => {
      const cwd = workspace({ 'e.csv': CSV });
      // Named: six of nine answers are text, so inference alone would not take the column as NPS.
      const { code, stdout } = await runCli(['metrics', 'e.csv', '--column', 'nps=nps', '--format', 'json'], { cwd, env });
      expect(code).toBe(0);
      const r = JSON.parse(stdout) as MetricsReport;
      const bad = r.warnings.filter((w) => w.code === 'csv/bad-value');
      expect(bad).toHaveLength(1);
      expect(bad[0]).toMatchObject({ line: 5, column: 'nps' });
      expect(bad[0]!.message).toBe("NPS answer 'x' is not an NPS answer (not a number or a known NPS label): 6 rows, first lines 5, 6, 7, 8, 9.");
      expect(r.overall.nps).toMatchObject({ n: 3 });
    });
  }

  it('distinct values and columns stay apart; a value seen once keeps its plain message', async () => {
    const cwd = workspace({ 'e.csv': 'nps,csat\nx,9\nz,x\nx,x\n10,4\n' });
    const { stdout } = await runCli(['metrics', 'e.csv', '--column', 'nps=nps', '--column', 'csat=csat', '--scale', 'csat=1-5', '--format', 'json'], { cwd });
    const messages = (JSON.parse(stdout) as MetricsReport).warnings.filter((w) => w.code === 'csv/bad-value').map((w) => `${w.column ?? ''}: ${w.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        "nps: NPS answer 'x' is not an NPS answer (not a number or a known NPS label): 2 rows, lines 2, 4.",
        "nps: NPS answer 'z' is not an NPS answer (not a number or a known NPS label).",
      ]),
    );
    expect(messages.filter((m) => m.startsWith('csat:'))).toHaveLength(2);
  });
});

describe('how a column was found', () => {
  it('a one-row header is "its header", a Qualtrics id "its id", a question text "its question text"', async () => {
    const generic = workspace({ 'e.csv': 'id,nps\n1,10\n' });
    expect((await runCli(['metrics', 'e.csv'], { cwd: generic })).stdout).toContain("NPS column 'nps' found from its header.");
    const qualtrics = workspace({
      'e.csv': 'StartDate,ResponseId,Q1,NPS_2\nStart Date,Response ID,How likely are you to recommend us?,Rate us\n2026-01-01 10:00:00,R_1,,10\n',
    });
    expect((await runCli(['metrics', 'e.csv'], { cwd: qualtrics })).stdout).toContain('NPS column \'NPS_2\' ("Rate us") found from its id.');
    const byText = workspace({ 'e.csv': 'StartDate,ResponseId,Q1\nStart Date,Response ID,How likely are you to recommend us?\n2026-01-01 10:00:00,R_1,10\n' });
    expect((await runCli(['metrics', 'e.csv'], { cwd: byText })).stdout).toContain('NPS column \'Q1\' ("How likely are you to recommend us?") found from its question text.');
  });
});

import { describe, expect, it } from 'vitest';
import { runCli, workspace } from './harness.js';

/** 40 answers, two of them bad (line 12: 'eleven'; line 22: an NPS of 12 and an impossible date). */
function exportWithBadRows(): string {
  const rows = Array.from({ length: 40 }, (_, i) => `r${i},2026-0${1 + (i % 3)}-1${i % 10} 10:00,${i % 2 ? 'web' : 'app'},${i % 11}`);
  rows[10] = 'r10,2026-01-12 10:00,web,eleven';
  rows[20] = 'r20,2026-13-45 10:00,app,12';
  return ['id,submitted_at,channel,How likely are you to recommend us?', ...rows].join('\n') + '\n';
}

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string }[] } };
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

describe('journey metrics: survey warnings as annotations', () => {
  it('--format github annotates the export at the physical line of each bad answer, naming the column', async () => {
    const cwd = workspace({ 'exports/march.csv': exportWithBadRows() });
    const result = await runCli(['metrics', 'exports/march.csv', '--period', 'month', '--format', 'github'], { cwd });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^::warning file=exports\/march\.csv,line=1,col=1,endLine=1,endColumn=1,title=csv\/undated::1 included response has no readable date/),
      expect.stringMatching(/^::warning file=exports\/march\.csv,line=12,col=1,.*title=csv\/bad-value::Column 'How likely are you to recommend us\?': .*'eleven'/),
      expect.stringMatching(/^::warning file=exports\/march\.csv,line=22,col=1,.*title=csv\/bad-date::Column 'submitted_at': .*2026-13-45/),
      expect.stringMatching(/^::warning file=exports\/march\.csv,line=22,col=1,.*title=csv\/bad-value::.*'12'/),
    ]);
  });

  it('--format sarif locates each warning in the export and describes its code', async () => {
    const cwd = workspace({ 'march.csv': exportWithBadRows() });
    const result = await runCli(['metrics', 'march.csv', '--format', 'sarif'], { cwd });
    expect(result.code).toBe(0);
    const log = JSON.parse(result.stdout) as SarifLog;
    const [run] = log.runs;
    expect(run!.tool.driver.rules.map((r) => r.id)).toEqual(['csv/bad-value']);
    expect(run!.results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine])).toEqual([
      ['csv/bad-value', 'warning', 'march.csv', 12],
      ['csv/bad-value', 'warning', 'march.csv', 22],
    ]);
  });

  it('--format sarif: bad answers on two rows are two alerts, even when only their numbers differ; a run-level warning keeps its identity when its count changes', async () => {
    const rows = (undated: number) =>
      [
        'id,submitted_at,channel,How likely are you to recommend us?',
        ...Array.from({ length: 30 }, (_, i) => `r${i},${i < undated ? 'soon' : '2026-03-01 10:00'},web,${i === 5 ? 'x1' : i === 15 ? 'x2' : i % 11}`),
      ].join('\n') + '\n';
    // The same export, a month apart: one undated response, then three.
    const alerts = async (undated: number) => {
      const cwd = workspace({ 'march.csv': rows(undated) });
      const log = JSON.parse((await runCli(['metrics', 'march.csv', '--period', 'month', '--format', 'sarif'], { cwd })).stdout) as SarifLog;
      return log.runs[0]!.results.map((r) => ({ rule: r.ruleId, line: r.locations[0]!.physicalLocation.region.startLine, id: Object.values(r.partialFingerprints)[0]! }));
    };
    const one = await alerts(1);
    const three = await alerts(3);
    const badValues = one.filter((a) => a.rule === 'csv/bad-value');
    expect(badValues.map((a) => a.line)).toEqual([7, 17]);
    expect(new Set(badValues.map((a) => a.id)).size).toBe(2);
    // "1 included response has no readable date" then "3 included responses have ...": one alert.
    const undated = (alerts: { rule: string; id: string }[]) => alerts.filter((a) => a.rule === 'csv/undated').map((a) => a.id);
    expect(undated(one)).toHaveLength(1);
    expect(undated(three)).toEqual(undated(one));
    // A response added above the bad rows moves them down a line; their alerts stay the same.
    const shifted = await (async () => {
      const cwd = workspace({ 'march.csv': rows(1).replace('\n', '\nr-new,2026-03-01 09:00,web,9\n') });
      const log = JSON.parse((await runCli(['metrics', 'march.csv', '--period', 'month', '--format', 'sarif'], { cwd })).stdout) as SarifLog;
      return log.runs[0]!.results.filter((r) => r.ruleId === 'csv/bad-value').map((r) => ({
        line: r.locations[0]!.physicalLocation.region.startLine,
        id: Object.values(r.partialFingerprints)[0]!,
      }));
    })();
    expect(shifted.map((a) => a.line)).toEqual([8, 18]);
    expect(shifted.map((a) => a.id)).toEqual(badValues.map((a) => a.id));
  });

  it('an export without problems gives no annotations, and the JSON keeps its warning shape', async () => {
    const clean =
      ['id,submitted_at,channel,How likely are you to recommend us?', ...Array.from({ length: 20 }, (_, i) => `r${i},2026-03-01 10:00,web,${i % 11}`)].join('\n') + '\n';
    const cwd = workspace({ 'clean.csv': clean, 'bad.csv': exportWithBadRows() });
    expect((await runCli(['metrics', 'clean.csv', '--format', 'github'], { cwd })).stdout).toBe('');
    const json = JSON.parse((await runCli(['metrics', 'bad.csv', '--format', 'json'], { cwd })).stdout) as { warnings: unknown[] };
    expect(json.warnings[0]).toEqual({
      code: 'csv/bad-value',
      message: expect.stringContaining("'eleven'") as unknown,
      line: 12,
      column: 'How likely are you to recommend us?',
      file: 'bad.csv',
    });
  });
});

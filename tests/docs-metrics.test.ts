import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { statusOf } from '../src/core/survey/kpis.js';
import { cesFromTally, completionRate, npsFromTally } from '../src/core/survey/stats.js';
import type { Tally } from '../src/core/survey/types.js';
import { REPO_ROOT, runCli, workspace } from './cli/harness.js';

// The worked examples of docs/metrics.md are what journeykit computes: the NPS, CSAT, FCR and
// period-change examples through `journey metrics` on an export holding exactly those answers,
// the others through the statistics module the command uses.
const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'metrics.md'), 'utf8').replace(/\s+/g, ' ');

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const tally = (counts: Record<number, number>): Tally => new Map(Object.entries(counts).map(([value, count]) => [Number(value), count]));
const expand = (counts: Record<number, number>) => Object.entries(counts).flatMap(([value, count]) => Array<string>(count).fill(value));
const pad = (values: string[], length: number) => [...values, ...Array<string>(length - values.length).fill('')];

const FEB_NPS = { 0: 10, 4: 10, 6: 15, 7: 20, 8: 15, 9: 20, 10: 20 };
const FEB_CSAT = { 1: 10, 2: 15, 3: 25, 4: 35, 5: 25 };
const MAR_NPS = { 0: 5, 3: 10, 5: 15, 6: 20, 7: 25, 8: 35, 9: 40, 10: 50 };
const MAR_CSAT = { 1: 6, 2: 10, 3: 20, 4: 44, 5: 40 };

interface Share {
  score: number;
  n: number;
  ci95: [number, number];
  mean?: number;
}
interface PeriodReport {
  nps: Share;
  csat: Share;
  fcr?: Share;
  change?: Record<string, { delta: number; p: number; significant: boolean; tested: boolean }>;
}

describe('docs/metrics.md worked examples', () => {
  it('NPS, CSAT, FCR and the change between two months are what journey metrics prints', async () => {
    const feb = { nps: expand(FEB_NPS), csat: expand(FEB_CSAT) };
    const mar = { nps: expand(MAR_NPS), csat: pad(expand(MAR_CSAT), 200), fcr: pad([...Array<string>(64).fill('Yes'), ...Array<string>(16).fill('No')], 200) };
    const rows = ['id,date,nps,csat,fcr'];
    feb.nps.forEach((v, i) => rows.push(`f${i},2026-02-10,${v},${feb.csat[i]},`));
    mar.nps.forEach((v, i) => rows.push(`m${i},2026-03-10,${v},${mar.csat[i]},${mar.fcr[i]}`));
    const cwd = workspace({ 'export.csv': rows.join('\n') + '\n' });
    const args = ['metrics', 'export.csv', '--column', 'nps=nps', '--column', 'csat=csat', '--column', 'fcr=fcr', '--scale', 'csat=1-5', '--period', 'month'];
    const result = await runCli([...args, '--format', 'json'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { periods: Record<string, PeriodReport> };
    const february = report.periods['2026-02']!;
    const march = report.periods['2026-03']!;

    expect(doc).toContain(`Result: NPS ${f1(march.nps.score)} [${f1(march.nps.ci95[0])}, ${f1(march.nps.ci95[1])}], n = ${march.nps.n}.`);
    expect(doc).toContain(`Result: CSAT ${f1(march.csat.score)}% [${f1(march.csat.ci95[0])}, ${f1(march.csat.ci95[1])}], mean ${f2(march.csat.mean!)}, n = ${march.csat.n}.`);
    expect(doc).toContain(`Result: FCR ${f1(march.fcr!.score)}% [${f1(march.fcr!.ci95[0])}, ${f1(march.fcr!.ci95[1])}], n = ${march.fcr!.n};`);
    expect(doc).toContain(`NPS ${f1(february.nps.score)} [${f1(february.nps.ci95[0])}, ${f1(february.nps.ci95[1])}]`);
    expect(doc).toContain(`(${f1(february.csat.score)}%)`);

    const npsChange = march.change!.nps!;
    expect(npsChange).toMatchObject({ tested: true, significant: false });
    expect(doc).toContain(`delta +${f1(npsChange.delta)}, z = 1.59, p ${npsChange.p.toPrecision(3)}, not significant`);
    const csatChange = march.change!.csat!;
    expect(csatChange).toMatchObject({ tested: true, significant: true });
    expect(doc).toContain(`delta +${f1(csatChange.delta)}, p ${csatChange.p.toPrecision(3)}: significant, ▲`);

    // The table says the same, with the arrow on the significant change only.
    const table = await runCli(args, { cwd });
    expect(table.stdout).toContain(`+${f1(csatChange.delta)} against 2026-02 (p ${csatChange.p.toPrecision(3)})`);
    expect(table.stdout).not.toContain('against 2026-02 (p 0.111)');

    // KPI statuses the examples name, on the default targets (shares in percent).
    expect(statusOf(march.nps.score, 50, 30, 'higher-is-better')).toBe('breach');
    expect(doc).toMatch(/Against the default target 50 and threshold 30 it is `breach`/);
    expect(statusOf(march.csat.score, 80, 70, 'higher-is-better')).toBe('watch');
    expect(doc).toMatch(/Against the default target 0\.80 and threshold 0\.70 it is `watch`/);
    expect(statusOf(march.fcr!.score, 70, 65, 'higher-is-better')).toBe('met');
  });

  it('the single promoter, CES and completion examples are what the statistics module computes', () => {
    const one = npsFromTally(tally({ 10: 1 }))!;
    expect(doc).toContain(`A single promoter: score ${one.score}, interval [${f1(one.ci95[0])}, ${f1(one.ci95[1])}], n = 1, a low sample.`);

    const ces = cesFromTally(tally({ 1: 2, 2: 3, 3: 5, 4: 8, 5: 12, 6: 12, 7: 8 }), { min: 1, max: 7 }, true)!;
    expect(doc).toContain(
      `Result: CES ${f1(ces.score)}% [${f1(ces.ci95[0])}, ${f1(ces.ci95[1])}], mean ${f2(ces.mean)} [${f2(ces.meanCi95[0])}, ${f2(ces.meanCi95[1])}], n = ${ces.n}.`,
    );
    const small = cesFromTally(tally({ 2: 1, 3: 2, 4: 1, 5: 3, 6: 2, 7: 1 }), { min: 1, max: 7 }, true)!;
    expect(small.lowSample).toBe(true);
    expect(doc).toContain(
      `Result: CES ${f1(small.score)}% [${f1(small.ci95[0])}, ${f1(small.ci95[1])}], mean ${f2(small.mean)} [${f2(small.meanCi95[0])}, ${f2(small.meanCi95[1])}], n = ${small.n}, a low sample.`,
    );
    const same = cesFromTally(tally({ 2: 40 }), { min: 1, max: 5 }, false)!;
    expect(doc).toContain(
      `Result: CES ${f1(same.score)}% [${f1(same.ci95[0])}, ${f1(same.ci95[1])}], mean ${f2(same.mean)} [${f2(same.meanCi95[0])}, ${f2(same.meanCi95[1])}], n = ${same.n};`,
    );

    const completion = completionRate(180, 240)!;
    expect(doc).toContain(`Result: completion ${f1(completion.score)}% [${f1(completion.ci95[0])}, ${f1(completion.ci95[1])}], n = ${completion.n};`);
    expect(statusOf(completion.score, 85, 80, 'higher-is-better')).toBe('breach');
    expect(doc).toContain(`abandonment rate of ${f1(100 - completion.score)}%`);
  });
});

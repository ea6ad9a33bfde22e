import { describe, expect, it } from 'vitest';
import type { MetricsReport } from '../../src/core/survey/types.js';
import { runCli, workspace } from './harness.js';

/**
 * Joining an export to a map (issue 12 item 7): export values match touchpoints by
 * `survey_segment`, id or name with case and spacing ignored; `metrics --map`, `score` and
 * `report` warn, listing the export's values, when a touchpoint with a KPI matches nothing.
 * And the date columns of common exports are found for --period.
 */

const touchpoint = (id: string, name: string, extra = '') => `      - id: ${id}
        name: ${name}
        channel: web
        emotion: -1
        effort: 3${extra}
        kpis:
          - metric: nps
            target: 40
            threshold: 20
`;

const MAP = `version: 1
id: order
title: Order
personas:
  - id: buyer
    name: Buyer
stages:
  - id: buy
    name: Buy
    touchpoints:
${touchpoint('checkout-page', 'Checkout')}${touchpoint('ship', 'Delivery')}${touchpoint('help', 'Help desk', '\n        survey_segment: support chat')}${touchpoint('returns', 'Returns')}`;

// Checkout Page: 10, 9, 0 (NPS 33.3); delivery: 10, 10 (100); Support  Chat: 0, 7 (-50); Gift wrap: 9.
const CSV =
  [
    'id,touchpoint,nps',
    '1,Checkout Page,10',
    '2,Checkout Page,9',
    '3,Checkout Page,0',
    '4,delivery,10',
    '5,delivery,10',
    '6,Support  Chat,0',
    '7,Support  Chat,7',
    '8,Gift wrap,9',
  ].join('\n') + '\n';

const kpisOf = (r: MetricsReport): Record<string, { value: number | null; n: number; status: string }> =>
  Object.fromEntries(r.kpis.filter((k) => k.touchpoint !== undefined).map((k) => [k.touchpoint!, { value: k.value, n: k.n, status: k.status }]));

describe('export values join touchpoints by survey_segment, id or name', () => {
  it('metrics --map: KPIs per touchpoint, and one warning listing the export values for the one that matches nothing', async () => {
    const cwd = workspace({ 'e.csv': CSV, 'map.yaml': MAP });
    // --min-n 1: a few answers per touchpoint are judged (the default minimum of 30 makes them 'insufficient').
    const { code, stdout, stderr } = await runCli(['metrics', 'e.csv', '--map', 'map.yaml', '--min-n', '1', '--format', 'json'], { cwd });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as MetricsReport;
    expect(kpisOf(r)).toEqual({
      'checkout-page': { value: 33.3, n: 3, status: 'watch' },
      ship: { value: 100, n: 2, status: 'met' },
      help: { value: -50, n: 2, status: 'breach' },
      returns: { value: null, n: 0, status: 'no-data' },
    });
    const unmatched = r.warnings.filter((w) => w.code === 'survey/unmatched-touchpoint');
    expect(unmatched).toHaveLength(1);
    expect(unmatched[0]!.message).toContain("Touchpoint with KPIs ('returns')");
    expect(unmatched[0]!.message).toContain("its values are 'Checkout Page', 'Gift wrap', 'Support  Chat', 'delivery'");
    const table = await runCli(['metrics', 'e.csv', '--map', 'map.yaml'], { cwd });
    expect(table.stdout).toContain("matches no value of the export's touchpoint column 'touchpoint'");
  });

  it('no warning when every touchpoint with a KPI matches', async () => {
    const cwd = workspace({ 'e.csv': CSV + '9,RETURNS,10\n', 'map.yaml': MAP });
    const r = JSON.parse((await runCli(['metrics', 'e.csv', '--map', 'map.yaml', '--format', 'json'], { cwd })).stdout) as MetricsReport;
    expect(r.warnings).toEqual([]);
    expect(kpisOf(r).returns).toMatchObject({ value: 100, n: 1 });
  });

  it('score --survey and report --survey use the same join and warn on stderr', async () => {
    const cwd = workspace({ 'e.csv': CSV, 'map.yaml': MAP });
    const score = await runCli(['score', 'map.yaml', '--survey', 'e.csv', '--format', 'json'], { cwd });
    expect(score.code).toBe(0);
    expect(score.stderr).toContain("journey: warning: Touchpoint with KPIs ('returns') matches no value");
    const touchpoints = (JSON.parse(score.stdout) as { touchpoints: { id: string; survey?: { segment: string } }[] }).touchpoints;
    const segment = Object.fromEntries(touchpoints.map((t) => [t.id, t.survey?.segment]));
    expect(segment).toMatchObject({ 'checkout-page': 'Checkout Page', ship: 'delivery', help: 'Support  Chat' });
    const report = await runCli(['report', 'map.yaml', '--survey', 'e.csv', '--output', 'r.md'], { cwd });
    expect(report.code).toBe(0);
    expect(report.stderr).toContain("its values are 'Checkout Page'");
  });

  it('score --metrics FILE warns too', async () => {
    const cwd = workspace({ 'e.csv': CSV, 'map.yaml': MAP });
    await runCli(['metrics', 'e.csv', '--by', 'touchpoint', '--format', 'json', '--output', 'm.json'], { cwd });
    const score = await runCli(['score', 'map.yaml', '--metrics', 'm.json'], { cwd });
    expect(score.code).toBe(0);
    expect(score.stderr).toContain("Touchpoint with KPIs ('returns')");
  });

  it('an export without a touchpoint column: the warning says so', async () => {
    const cwd = workspace({ 'e.csv': 'id,nps\n1,10\n', 'map.yaml': MAP });
    const r = JSON.parse((await runCli(['metrics', 'e.csv', '--map', 'map.yaml', '--format', 'json'], { cwd })).stdout) as MetricsReport;
    expect(r.warnings.map((w) => w.message).join('\n')).toContain(
      "4 touchpoints with KPIs ('checkout-page', 'ship', 'help', 'returns') match nothing: the export has no touchpoint column",
    );
  });
});

describe('date columns of common exports', () => {
  for (const header of ['Submitted at', 'Submit Date (UTC)', 'Timestamp', 'Response Date', 'submitted_at']) {
    it(`'${header}' is found for --period`, async () => {
      const cwd = workspace({ 'e.csv': `Name,${header},nps\na,2026-01-15 10:00:00,10\nb,2026-02-03 09:00:00,0\nc,2026-02-20 09:00:00,9\n` });
      const { code, stdout, stderr } = await runCli(['metrics', 'e.csv', '--period', 'month', '--format', 'json'], { cwd });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const r = JSON.parse(stdout) as MetricsReport;
      expect(r.source.columns.date).toBe(header);
      expect(Object.keys(r.periods)).toEqual(['2026-01', '2026-02']);
    });
  }

  for (const [start, submit] of [
    ['Started at', 'Submitted at'],
    ['Start Date (UTC)', 'Submit Date (UTC)'],
    ['Start Date', 'Response Date'],
  ]) {
    it(`'${submit}' is preferred to '${start}' before it`, async () => {
      const cwd = workspace({ 'e.csv': `${start},${submit},nps\n2026-01-31 23:00:00,2026-02-01 00:10:00,10\n` });
      const r = JSON.parse((await runCli(['metrics', 'e.csv', '--period', 'month', '--format', 'json'], { cwd })).stdout) as MetricsReport;
      expect(r.source.columns.date).toBe(submit);
      expect(Object.keys(r.periods)).toEqual(['2026-02']);
    });
  }
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { JourneyMap } from '../../../src/core/model.js';
import { renderMarkdownReport } from '../../../src/core/report/markdown.js';
import { scoreJourney } from '../../../src/core/score/model.js';
import { DEFAULT_SCORING } from '../../../src/core/score/settings.js';
import { Aggregator } from '../../../src/core/survey/aggregate.js';
import { kpiStatus } from '../../../src/core/survey/kpis.js';
import { detectLayout } from '../../../src/core/survey/layout.js';
import { buildPlan } from '../../../src/core/survey/plan.js';
import { buildReport } from '../../../src/core/survey/report.js';
import type { MetricsReport } from '../../../src/core/survey/types.js';
import { expectGolden } from '../../golden.js';
import { metricsReport, nps } from '../score/helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const load = (file: string): JourneyMap => parseYaml(readFileSync(path.join(ROOT, file), 'utf8')) as JourneyMap;
const MAP = load('examples/retail/online-order.journey.yaml');
const HOSTILE = load('tests/fixtures/mermaid/hostile.journey.yaml');
const GENERATED = '2026-11-24';

/** The example export through the pure pipeline, in process (as `journey metrics` does, without workers). */
function surveyMetrics(map: JourneyMap): MetricsReport {
  const file = 'examples/surveys/online-order-survey.csv';
  const records: string[][] = parseCsv(readFileSync(path.join(ROOT, file), 'utf8'), { relax_column_count: true });
  const layout = detectLayout(records.slice(0, 3));
  const rows = records.slice(layout.headerRows);
  const planned = buildPlan(layout, rows, { columns: {}, scales: {}, by: ['touchpoint'], period: 'month', completeOnly: false }, false);
  const aggregator = new Aggregator(planned.plan, file);
  rows.forEach((r, i) => aggregator.add(r, i + layout.headerRows + 1));
  const report = buildReport(aggregator.state, planned, { files: [file], encoding: 'utf-8', delimiter: ',' });
  return { ...report, kpis: kpiStatus(report, map, {}) };
}

const mermaidBlocks = (text: string): string[] => [...text.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

describe('renderMarkdownReport', () => {
  it('renders the example map without survey data (golden)', () => {
    const out = renderMarkdownReport({ map: MAP, score: scoreJourney(MAP, DEFAULT_SCORING), generated: GENERATED });
    expect(out).toContain('No survey data given.');
    expect(mermaidBlocks(out)).toHaveLength(5);
    expectGolden('report/online-order.md', out);
  });

  it('renders the example map with the example survey (golden)', () => {
    const metrics = surveyMetrics(MAP);
    expect(Object.keys(metrics.periods).length).toBeGreaterThan(0);
    const out = renderMarkdownReport({ map: MAP, score: scoreJourney(MAP, DEFAULT_SCORING), metrics, generated: GENERATED, topN: 3 });
    expect(out).not.toContain('No survey data given.');
    expect(out).toContain('xychart-beta');
    expect(out).not.toMatch(/NaN|Infinity/);
    expect(mermaidBlocks(out)).toHaveLength(6);
    expectGolden('report/online-order-survey.md', out);
  });

  it('keeps hostile text from breaking out of tables, headings and diagrams', () => {
    const out = renderMarkdownReport({ map: HOSTILE, score: scoreJourney(HOSTILE, DEFAULT_SCORING), generated: '<script>alert(1)</script>' });
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/<(?!br>)[a-z!/]/i);
    // Every fence opened is closed: fences come in pairs, and each ```mermaid opens a block.
    const fences = out.split('\n').filter((line) => line.startsWith('```'));
    expect(fences.length % 2).toBe(0);
    fences.forEach((line, i) => expect(line).toBe(i % 2 === 0 ? '```mermaid' : '```'));
    // Table rows: every row of a table has as many unescaped pipes as its header.
    const lines = out.split('\n');
    const cells = (line: string) => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
    lines.forEach((line, i) => {
      if (!line.startsWith('|') || !lines[i + 1]?.startsWith('| ---') && !/^\| -+:? \|/.test(lines[i + 1] ?? '')) return;
      for (let j = i + 1; lines[j]?.startsWith('|'); j++) expect(cells(lines[j]!), lines[j]).toBe(cells(line));
    });
    // Headings are one line of escaped text.
    for (const heading of lines.filter((line) => line.startsWith('#'))) {
      expect(heading).not.toMatch(/<br>/);
      expect(heading.replace(/^#+ /, '')).not.toMatch(/(?<![&\\])#/);
    }
    expect(lines[0]).toContain('Bug \\#&#8203;12');
  });

  it('is deterministic', () => {
    const metrics = surveyMetrics(MAP);
    const score = scoreJourney(MAP, DEFAULT_SCORING);
    const a = renderMarkdownReport({ map: MAP, score, metrics, generated: GENERATED });
    const b = renderMarkdownReport({ map: structuredClone(MAP), score: scoreJourney(MAP, DEFAULT_SCORING), metrics: surveyMetrics(MAP), generated: GENERATED });
    expect(b).toBe(a);
  });
});

describe('segment tables', () => {
  it('name the segments the map knows, keep the export value of the others, and escape both', () => {
    const map = load('examples/retail/online-order.journey.yaml');
    const report = metricsReport({
      touchpoint: { 'Customer service - chat': { nps: nps(30, 40) }, checkout: { nps: nps(-10, 40) }, 'kiosk | <b>x</b>': { nps: nps(0, 5) } },
      stage: { purchase: { nps: nps(-10, 40) }, 'not-a-stage': { nps: nps(0, 5) } },
    });
    const text = renderMarkdownReport({ map, score: scoreJourney(map, DEFAULT_SCORING), metrics: report, generated: GENERATED });
    const first = (line: string) => line.split(' | ')[0];
    const rows = text.split('\n').filter((l) => l.startsWith('| ') && / · n \d/.test(l)).map(first);
    // survey_segment "Customer service - chat" belongs to the chat refund touchpoint; "checkout"
    // joins the checkout touchpoint (its survey_segment "Checkout", case ignored); "kiosk ..." is
    // no touchpoint's, so it keeps its value.
    expect(rows).toEqual(['| Refund request in chat (Customer service - chat)', '| Checkout', '| kiosk \\| &lt;b&gt;x&lt;/b&gt;', '| Purchase', '| not-a-stage']);
  });
});

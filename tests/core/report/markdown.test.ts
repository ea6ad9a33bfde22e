import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import type { JourneyMap } from '../../../src/core/model.js';
import { REPORT_SECTIONS, lineText, renderMarkdownReport, sectionAnchor } from '../../../src/core/report/markdown.js';
import { scoreJourney } from '../../../src/core/score/model.js';
import { DEFAULT_SCORING } from '../../../src/core/score/settings.js';
import { Aggregator } from '../../../src/core/survey/aggregate.js';
import { kpiStatus } from '../../../src/core/survey/kpis.js';
import { detectLayout } from '../../../src/core/survey/layout.js';
import { buildPlan } from '../../../src/core/survey/plan/index.js';
import { buildReport } from '../../../src/core/survey/report.js';
import type { MetricsReport, VerbatimComments } from '../../../src/core/survey/types.js';
import { touchpointsOf } from '../../../src/core/model.js';
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

/**
 * Verbatim comments as the survey reader hands them over (built by hand here): keyed by the
 * export's touchpoint values, in file order. `Checkout` has six (five are shown), `Home delivery`
 * is the doorstep touchpoint's survey_segment, `kiosk` is no touchpoint's.
 */
const COMMENTS: VerbatimComments = {
  column: 'Q5_TEXT',
  byTouchpoint: {
    Checkout: [
      { text: 'The delivery fee only showed up at the very end.', line: 12 },
      { text: 'Voucher said "code not valid" and nothing else', line: 40 },
      { text: '# not a heading @octocat <script>alert(1)</script>', line: 41 },
      { text: '- not a list item, see http://evil.example', line: 57 },
      { text: 'Paid, then\nthe slot was gone.', line: 60 },
      { text: 'The sixth comment, left out.', line: 99 },
    ],
    'Home delivery': [{ text: 'Driver was lovely but I waited in for [email masked] the whole two hours.', line: 77 }],
    kiosk: [{ text: 'A comment for no touchpoint of the map.', line: 80 }],
  },
};

/** The report without its Mermaid blocks: what a reader reads as text. */
const prose = (text: string): string => text.replace(/^```mermaid\n[\s\S]*?^```$/gm, '');

const mermaidBlocks = (text: string): string[] => [...text.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

describe('renderMarkdownReport', () => {
  it('renders the example map without survey data (golden)', () => {
    const out = renderMarkdownReport({ map: MAP, score: scoreJourney(MAP, DEFAULT_SCORING), generated: GENERATED });
    expect(out).toContain('No survey data given.');
    expect(mermaidBlocks(out)).toHaveLength(5);
    expectGolden('report/online-order.md', out);
  });

  it('renders the example map with the example survey (golden)', () => {
    const metrics = { ...surveyMetrics(MAP), comments: COMMENTS };
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
      if (!line.startsWith('|') || (!lines[i + 1]?.startsWith('| ---') && !/^\| -+:? \|/.test(lines[i + 1] ?? ''))) return;
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
    const rows = text
      .split('\n')
      .filter((l) => l.startsWith('| ') && / · n \d/.test(l))
      .map(first);
    // survey_segment "Customer service - chat" belongs to the chat refund touchpoint; "checkout"
    // joins the checkout touchpoint (its survey_segment "Checkout", case ignored); "kiosk ..." is
    // no touchpoint's, so it keeps its value.
    expect(rows).toEqual(['| Refund request in chat (Customer service - chat)', '| Checkout', '| kiosk \\| &lt;b&gt;x&lt;/b&gt;', '| Purchase', '| not-a-stage']);
  });
});

describe('what a client reads first (issue 13 item 7)', () => {
  const score = scoreJourney(MAP, DEFAULT_SCORING);
  const metrics = { ...surveyMetrics(MAP), comments: COMMENTS };
  const text = renderMarkdownReport({ map: MAP, score, metrics, generated: GENERATED });
  const lines = text.split('\n');
  const sectionOf = (title: string): string => {
    const start = text.indexOf(`\n## ${title}\n`);
    expect(start, title).toBeGreaterThan(0);
    const end = text.indexOf('\n## ', start + 1);
    return text.slice(start, end === -1 ? undefined : end);
  };

  it('opens with the summary, then the contents, right under the map facts', () => {
    const headings = lines.filter((line) => line.startsWith('## '));
    expect(headings.slice(0, 3)).toEqual(['## Summary', '## Contents', '## Personas']);
    // One screen: a handful of lines.
    expect(sectionOf('Summary').trim().split('\n').length).toBeLessThanOrEqual(10);
  });

  it('lists the three highest frictions by friction, not by priority', () => {
    const line = lines.find((l) => l.startsWith('- **Highest friction**'))!;
    const byFriction = [...score.touchpoints].sort((a, b) => b.friction - a.friction).slice(0, 3);
    expect(line).toBe(`- **Highest friction** (0-100): ${byFriction.map((t) => `${t.name} ${Math.round(t.friction)}`).join(' · ')}`);
    // The priority order differs on this map: the chat refund is third by friction, not in the top three by priority.
    expect(byFriction.map((t) => t.id)).toContain('refund-chat');
    expect(score.touchpoints.slice(0, 3).map((t) => t.id)).not.toContain('refund-chat');
    expect(text).toContain('\n## Top priorities\n\nTouchpoints ranked by priority');
    expect(text).not.toContain('Top friction');
  });

  it('counts KPI statuses, names the breaches with their units, and says what changed between periods', () => {
    expect(text).toContain('- **KPIs:** ❌ 5 breach · ⚠️ 2 watch · ✅ 3 met · ➖ 2 no data\n');
    expect(text).toContain(
      '- **In breach:** NPS overall -7.8 points (target 50.0 points) · FCR overall 57.0% (target 70.0%) · CES at Checkout mean 4.19 (target 5.5) and 2 more\n',
    );
    // The flags of the trend table (significant at 95%), latest first.
    expect(text).toContain(
      '- **What changed:** FCR down 21.8 points to 52.6% in 2026-10 (from 2026-09) · FCR up 28.1 points to 74.4% in 2026-09 (from 2026-08); significant at 95% (see Monthly trend)\n',
    );
    const bare = renderMarkdownReport({ map: MAP, score, generated: GENERATED });
    expect(bare).toContain('- **KPIs:** no survey data given\n');
    expect(bare).toContain('- **What changed:** no survey data given, so no change over time\n');
    const flat = renderMarkdownReport({ map: MAP, score, metrics: { ...metrics, periods: {} }, generated: GENERATED });
    expect(flat).toContain('- **What changed:** no dated responses, so no change over time\n');
  });

  it('has a table of contents whose links reach every section heading', () => {
    const contents = sectionOf('Contents');
    const links = [...contents.matchAll(/^- \[([^\]]+)\]\(#([a-z-]+)\)$/gm)].map((m) => [m[1], m[2]]);
    expect(links).toEqual(
      REPORT_SECTIONS.filter((title) => title !== 'Journey map')
        .slice(1)
        .map((title) => [title, sectionAnchor(title)]),
    );
    for (const [title] of links) expect(lines).toContain(`## ${title}`);
    expect(sectionAnchor('KPI status')).toBe('kpi-status');
  });

  it('has a card per persona with description, goals, needs and frustrations', () => {
    const personas = sectionOf('Personas');
    expect(personas).toContain(
      '### Busy parent\n\nWorks full time, two children under ten, orders a large weekly shop on a phone in the evening.\n\n- **Goals:**\n  - Finish the weekly shop in under fifteen minutes\n',
    );
    expect(personas).toContain('- **Frustrations:**\n  - Fees that appear only on the last step\n');
    // Ids are for the YAML: not on the card.
    expect(personas).not.toContain('busy-parent');
  });

  it('shows each stage with its goal, and its touchpoints with channel and description', () => {
    const stages = sectionOf('Stages and touchpoints');
    expect(stages).toContain('### 3. Purchase\n\n**Goal:** Pay for the order and secure a delivery slot\n');
    expect(stages).toContain('| Checkout ★ | Web | Reviews the basket, picks a slot, sets substitution preferences and pays. | 80 |');
    expect(stages).toContain('| Doorstep delivery ★ | In person |');
  });

  it('quotes up to five comments per touchpoint, joined as the figures are, escaped', () => {
    const stages = sectionOf('Stages and touchpoints');
    expect(stages).toContain("Customer comments are quoted as written in the export's column Q5\\_TEXT");
    const checkout = stages.slice(stages.indexOf('**What customers said about Checkout:**'));
    const quotes = checkout.split('\n\n')[1]!.split('\n');
    expect(quotes).toEqual([
      '- “The delivery fee only showed up at the very end.”',
      '- “Voucher said "code not valid" and nothing else”',
      // Inside the quotation marks nothing starts a line: a # or - stays text without an escape.
      '- “# not a heading @&#8203;octocat &lt;script&gt;alert(1)&lt;/script&gt;”',
      '- “- not a list item, see http:&#8203;//evil.example”',
      '- “Paid, then the slot was gone.”',
    ]);
    expect(stages).not.toContain('sixth comment');
    // survey_segment "Home delivery" is the doorstep touchpoint's; "kiosk" is no touchpoint's.
    expect(stages).toContain('**What customers said about Doorstep delivery:**\n\n- “Driver was lovely but I waited in for \\[email masked\\] the whole two hours.”');
    expect(stages).not.toContain('A comment for no touchpoint of the map.');
    expect(stages).toContain('Comments on 1 export value that match no touchpoint of the map are left out.');
    // Without comments in the figures: no comment lines at all.
    const { comments, ...figures } = surveyMetrics(MAP);
    expect(comments?.column).toBe('Q5_TEXT');
    const without = renderMarkdownReport({ map: MAP, score, metrics: figures, generated: GENERATED });
    expect(without).not.toContain('What customers said');
    expect(without).not.toContain('Customer comments');
  });

  it('names pain points, opportunities and quadrants where ids were: no pain point or opportunity id in the text', () => {
    const ids = touchpointsOf(MAP).flatMap(({ touchpoint }) => [...(touchpoint.pain_points ?? []), ...(touchpoint.opportunities ?? [])].map((item) => item.id));
    expect(ids.length).toBeGreaterThan(10);
    const readable = prose(text);
    for (const id of ids) expect(readable, id).not.toContain(id);
    for (const quadrant of ['quick-win', 'major-project', 'fill-in', 'thankless']) expect(readable).not.toContain(quadrant);
    expect(sectionOf('Backlog by owner')).toContain(
      '| 1 | Show the delivery fee range and the distance to the minimum basket in the basket header from the first item. | Checkout | The delivery fee (EUR 3.50 to 6.00 by slot) and the EUR 40… | planned | Quick win | 3.60 |',
    );
  });

  it('writes KPI and survey figures with their units', () => {
    const kpis = sectionOf('KPI status');
    expect(kpis).toContain('| ❌ breach | Overall | NPS | -7.8 pts | 50.0 pts | 30.0 pts | 475 |');
    expect(kpis).toContain('| ⚠️ watch | Overall | CSAT | 70.0% | 80.0% | 70.0% | 460 |');
    expect(kpis).toContain('| ❌ breach | Checkout | CES (mean, 1-7) | 4.19 | 5.5 | 5.0 | 77 |');
    expect(kpis).toContain('| ➖ no data | Refund request in chat | response-time | - | 2.0 minutes | 5.0 minutes | 0 |');
    expect(kpis).toContain('| ✅ met | Overall | Completion rate | 93.1% |');
    expect(sectionOf('Segments')).toMatch(/\| Checkout \| -34\.2 \[-49\.8, -16\.1\] · n 79 \| 66\.2% \[/);
  });
});

describe('lineText', () => {
  it('keeps user text at the start of a line from opening a heading, list, rule or setext underline', () => {
    expect(lineText('# heading')).toBe('\\# heading');
    expect(lineText('- item')).toBe('\\- item');
    expect(lineText('+1+2')).toBe('\\+1+2');
    expect(lineText('---')).toBe('\\---');
    expect(lineText('===')).toBe('\\===');
    expect(lineText('12. point')).toBe('12\\. point');
    expect(lineText('3) point')).toBe('3\\) point');
    expect(lineText('> quote')).toBe('&gt; quote');
    expect(lineText('    code?')).toBe('code?');
    expect(lineText('Plain 1. text')).toBe('Plain 1. text');
  });
});

describe('user text in the new parts of the report (persona cards, stages, comments)', () => {
  const HOSTILE_TEXTS = [
    '# heading',
    '- item',
    '---',
    '===',
    '> quote',
    '1. first',
    '+1+2',
    '<script>alert(1)</script>',
    '[x](http://evil.example)',
    '@octocat #12',
    'line1\n\n- line2',
    '    indented code',
    '| pipe |',
  ];

  it('renders as text only: no heading, list, rule, quote, link or tag from the map or the export', () => {
    const map: JourneyMap = {
      version: 1,
      id: 'h',
      title: 'H',
      personas: [{ id: 'p', name: 'P', description: HOSTILE_TEXTS[0], goals: HOSTILE_TEXTS, needs: HOSTILE_TEXTS, frustrations: HOSTILE_TEXTS }],
      stages: [{ id: 's', name: 'S', goal: HOSTILE_TEXTS[1], description: HOSTILE_TEXTS[2], touchpoints: [{ id: 't', name: 'T', channel: '---', description: HOSTILE_TEXTS[3] }] }],
    };
    const metrics: MetricsReport = { ...metricsReport({}), comments: { column: '# col', byTouchpoint: { t: HOSTILE_TEXTS.map((text, line) => ({ text, line })) } } };
    const out = renderMarkdownReport({ map, score: scoreJourney(map, DEFAULT_SCORING), metrics, generated: GENERATED });
    const html = new Marked({ gfm: true }).parse(prose(out), { async: false });
    // The report's own structure only: its h1, h2 and h3 headings, lists, tables; the TOC's links.
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<(?:hr|blockquote|ol|pre|code|script|img)\b/);
    expect([...html.matchAll(/<a href="([^"]*)"/g)].every((m) => m[1]!.startsWith('#'))).toBe(true);
    expect([...html.matchAll(/<h2[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['Summary', 'Contents', ...REPORT_SECTIONS.filter((title) => title !== 'Journey map').slice(1)]);
    expect([...html.matchAll(/<h3[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['P', '1. S']);
    // And every text reads back.
    const text = html
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/\u200b|&#8203;/g, '');
    for (const entry of HOSTILE_TEXTS) for (const part of entry.split('\n').filter((p) => p.trim() !== '')) expect(text).toContain(part.trim());
  });
});

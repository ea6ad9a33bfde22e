import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { diffFormatters } from '../../../src/core/diff/formatters/index.js';
import { DIFF_MARKER, MAX_COMMENT_CHARS } from '../../../src/core/diff/formatters/markdown.js';
import { buildDiffReport, diffFile, summarizeChanges } from '../../../src/core/diff/model.js';
import type { DiffReport } from '../../../src/core/diff/types.js';
import type { JourneyMap } from '../../../src/core/model.js';
import { DEFAULT_SCORING } from '../../../src/core/score/settings.js';
import { expectGolden } from '../../golden.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const load = (file: string): JourneyMap => parseYaml(readFileSync(path.join(ROOT, file), 'utf8')) as JourneyMap;
const BASE = load('tests/fixtures/diff/checkout.base.journey.yaml');
const HEAD = load('tests/fixtures/diff/checkout.head.journey.yaml');
const EXAMPLE = load('examples/retail/online-order.journey.yaml');

const pair = (base: JourneyMap, head: JourneyMap): DiffReport =>
  buildDiffReport('base.journey.yaml', 'head.journey.yaml', [diffFile({ file: 'base.journey.yaml', map: base }, { file: 'head.journey.yaml', map: head }, DEFAULT_SCORING)]);

describe('the stages of a diff, in journey order', () => {
  const map = (stages: [string, string[]][]): JourneyMap => ({
    version: 1,
    id: 'j',
    title: 'J',
    stages: stages.map(([id, touchpoints]) => ({ id, name: id.toUpperCase(), touchpoints: touchpoints.map((t) => ({ id: t, name: t, channel: 'web' })) })),
  });

  it('follow the head, a stage only the base has after the base stage before it, and the diagram draws them so', () => {
    // Base: first, gone-early, middle, gone-late, last. Head reorders and drops two stages.
    const base = map([
      ['gone-first', ['a']],
      ['middle', ['b']],
      ['gone-late', ['c']],
      ['last', ['d']],
    ]);
    const head = map([
      ['new', ['e']],
      ['middle', ['b']],
      ['last', ['d']],
    ]);
    const file = pair(base, head).files[0]!;
    expect(file.stages!.map((s) => s.id)).toEqual(['gone-first', 'new', 'middle', 'gone-late', 'last']);
    const markdown = diffFormatters.markdown(pair(base, head), { color: false });
    const subgraphs = [...markdown.matchAll(/subgraph s\d+ \["([^"]+)"\]/g)].map((m) => m[1]);
    // Only stages with an added, removed, moved or renamed touchpoint, named as on the map.
    expect(subgraphs).toEqual(['GONE#45;FIRST', 'NEW', 'GONE#45;LATE']);
  });
});

describe('diffFile', () => {
  const report = pair(BASE, HEAD);
  const file = report.files[0]!;
  const find = (kind: string, change: string, id: string) => file.changes.filter((c) => c.kind === kind && c.change === change && c.id === id);

  it('reports every kind of change, matched by id', () => {
    expect(file.status).toBe('changed');
    expect(find('stage', 'renamed', 'purchase')).toEqual([expect.objectContaining({ before: 'Purchase', after: 'Pay' })]);
    expect(find('stage', 'added', 'delivery')).toHaveLength(1);
    expect(find('stage', 'removed', 'legacy')).toHaveLength(1);
    expect(find('touchpoint', 'added', 'doorstep')).toEqual([expect.objectContaining({ stage: 'delivery', label: 'Doorstep delivery' })]);
    expect(find('touchpoint', 'removed', 'fax-order')).toEqual([expect.objectContaining({ stage: 'legacy' })]);
    expect(find('touchpoint', 'moved', 'basket')).toEqual([expect.objectContaining({ before: 'browse', after: 'purchase' })]);
    expect(find('touchpoint', 'renamed', 'checkout')).toEqual([expect.objectContaining({ before: 'Checkout', after: 'One-page checkout' })]);
    expect(find('touchpoint', 'changed', 'checkout').map((c) => c.field)).toEqual(['channel', 'emotion', 'effort']);
    expect(find('touchpoint', 'changed', 'search').map((c) => [c.field, c.before, c.after])).toEqual([
      ['emotion', 0, -1],
      ['evidence', 'assumed', 'observed'],
    ]);
    expect(find('pain-point', 'changed', 'surprise-fee')).toEqual([expect.objectContaining({ touchpoint: 'checkout', field: 'severity', before: 4, after: 2 })]);
    expect(find('pain-point', 'added', 'slow-3ds')).toHaveLength(1);
    expect(find('pain-point', 'removed', 'voucher-error')).toHaveLength(1);
    expect(find('opportunity', 'changed', 'show-fee-early')).toEqual([expect.objectContaining({ field: 'status', before: 'planned', after: 'done' })]);
    expect(find('kpi', 'changed', 'abandonment-rate')).toEqual([expect.objectContaining({ field: 'target', before: 0.1, after: 0.08 })]);
    expect(find('kpi', 'added', 'csat')).toHaveLength(1);
    expect(find('journey', 'changed', 'checkout-flow').map((c) => c.field)).toEqual(['title', 'status']);
    // Confirmation did not change (its stage was reordered, not changed): nothing about it.
    expect(file.changes.filter((c) => c.id === 'confirmation' || c.touchpoint === 'confirmation')).toEqual([]);
  });

  it('ranks friction and priority deltas by size, one-sided touchpoints last', () => {
    expect(file.scores.map((s) => [s.touchpoint, s.frictionDelta])).toEqual([
      ['checkout', -38.5],
      ['search', 12.5],
      ['doorstep', null],
      ['fax-order', null],
    ]);
    expect(report.summary.maxFrictionIncrease).toEqual({ file: 'head.journey.yaml', touchpoint: 'search', delta: 12.5 });
    expect(file.summary).toMatch(/^2 journey fields changed, 1 stage added, .*, friction of checkout 79 -> 41 \(and 1 more\)$/);
  });

  it('finds no change when only the order of stages, touchpoints and items changed', () => {
    const shuffled = structuredClone(EXAMPLE);
    shuffled.stages.reverse();
    for (const stage of shuffled.stages) {
      stage.touchpoints?.reverse();
      for (const t of stage.touchpoints ?? []) t.pain_points?.reverse();
    }
    const same = pair(EXAMPLE, shuffled).files[0]!;
    expect(same).toMatchObject({ status: 'unchanged', summary: 'no changes', changes: [], scores: [] });
  });

  it('handles an added, a removed and an invalid map', () => {
    const added = diffFile(undefined, { file: 'new.journey.yaml', map: HEAD }, DEFAULT_SCORING);
    expect(added).toMatchObject({ status: 'added', base: null, summary: 'journey added (5 touchpoints)' });
    const removed = diffFile({ file: 'old.journey.yaml', map: BASE }, undefined, DEFAULT_SCORING);
    expect(removed).toMatchObject({ status: 'removed', head: null, summary: 'journey removed' });
    const diagnostic = { code: 'yaml/syntax', severity: 'error' as const, message: 'Bad indentation', path: '', line: 3, column: 2, endLine: 3, endColumn: 3 };
    const invalid = diffFile({ file: 'a.journey.yaml', map: BASE }, { file: 'b.journey.yaml', diagnostics: [diagnostic] }, DEFAULT_SCORING);
    expect(invalid).toMatchObject({ status: 'invalid', summary: 'head map is not valid (1 error)', diagnostics: { head: [diagnostic] } });
  });

  it('summarises counts in the words of the issue', () => {
    expect(summarizeChanges([], [])).toBe('no changes');
    expect(
      summarizeChanges(
        [
          { kind: 'touchpoint', change: 'added', id: 'a' },
          { kind: 'touchpoint', change: 'added', id: 'b' },
        ],
        [{ touchpoint: 'checkout', name: 'Checkout', stage: 's', friction: [72.4, 41.2], frictionDelta: -31.2, priority: [1, 1], priorityDelta: 0 }],
      ),
    ).toBe('2 touchpoints added, friction of checkout 72 -> 41');
  });
});

describe('diff formatters', () => {
  const report = pair(BASE, HEAD);

  it('markdown for a pull-request comment (golden)', () => {
    const out = diffFormatters.markdown(report, { color: false });
    expect(out.split('\n')[0]).toBe(DIFF_MARKER);
    expect(out).toContain('<details>');
    // User text with table pipes and HTML stays inside its cell, as text.
    expect(out).toContain('Card check \\| 3-D Secure takes &lt;30s&gt;');
    expect(out).toContain('```mermaid\nflowchart LR');
    expectGolden('diff/checkout.md', out);
  });

  it('json (golden) and text (golden)', () => {
    const json = diffFormatters.json(report, { color: false });
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
    expectGolden('diff/checkout.json', json);
    expectGolden('diff/checkout.txt', diffFormatters.text(report, { color: false }));
  });

  it('markdown stays under the comment size limit by leaving details out, and says so', () => {
    const files = Array.from({ length: 120 }, (_, i) =>
      diffFile({ file: `m${String(i).padStart(3, '0')}.journey.yaml`, map: BASE }, { file: `m${String(i).padStart(3, '0')}.journey.yaml`, map: HEAD }, DEFAULT_SCORING),
    );
    const out = diffFormatters.markdown(buildDiffReport('main', 'working tree', files), { color: false });
    expect(out.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(out).toMatch(/Details of \d+ maps left out/);
    // Every map is still in the summary table.
    expect(out.match(/^\| checkout-flow \|/gm)).toHaveLength(120);
  });

  it('markdown: the <summary> line is raw HTML, so a file name in it is escaped for HTML and GitHub references (escaping audit)', () => {
    const file = 'new @octocat #7 [x](http://evil.example)\n\n<img src=x>.journey.yaml';
    const diagnostic = { code: 'schema/required', severity: 'error' as const, message: 'Required key missing.', path: '', line: 1, column: 1, endLine: 1, endColumn: 2 };
    const out = diffFormatters.markdown(buildDiffReport('main', 'working tree', [diffFile(undefined, { file, diagnostics: [diagnostic] }, DEFAULT_SCORING)]), { color: false });
    const summary = out.split('\n').find((line) => line.startsWith('<summary>'));
    expect(summary).toBe(
      '<summary><b>new @&#8203;octocat #&#8203;7 [x](http:&#8203;//evil.example)  &lt;img src=x&gt;.journey.yaml</b>: head map is not valid (1 error)</summary>',
    );
  });

  it('markdown says so when nothing changed', () => {
    const out = diffFormatters.markdown(pair(EXAMPLE, EXAMPLE), { color: false });
    expect(out).toContain('No journey map changed.');
  });
});

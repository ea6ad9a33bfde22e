import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  CAPTION_BAND,
  CHART_MAX,
  CHART_MIN,
  CUTOFF_NUDGE,
  MARK_HEIGHT,
  MARK_WIDTH,
  axisPosition,
  cutoffsOf,
  formatCoordinate,
  priorityLegend,
  priorityPlan,
  quadrantAt,
  view,
} from '../../../src/core/mermaid/priority.js';
import { findView } from '../../../src/core/mermaid/index.js';
import type { JourneyMap, Opportunity } from '../../../src/core/model.js';
import { touchpointsOf } from '../../../src/core/model.js';
import { quadrantOf, scoreJourney } from '../../../src/core/score/model.js';
import { DEFAULT_SCORING } from '../../../src/core/score/settings.js';
import type { Quadrant, ScoringSettings } from '../../../src/core/score/types.js';
import { expectGolden } from '../../golden.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const load = (file: string): JourneyMap => parse(readFileSync(path.join(ROOT, file), 'utf8')) as JourneyMap;
const EXAMPLES = readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) =>
    readdirSync(path.join(ROOT, 'examples', dir.name))
      .filter((f) => f.endsWith('.journey.yaml'))
      .map((f) => `examples/${dir.name}/${f}`),
  )
  .sort();
const HOSTILE = 'tests/fixtures/mermaid/hostile.journey.yaml';
const RUN = { seed: 20261124, numRuns: 200 };

const COORDINATE = /^(?:0|1|0\.\d{0,2}[1-9])$/;
const SAFE_TEXT = /^(?:[\p{L}\p{N} ]|#\d+;)*$/u;
const unescape = (text: string): string => text.replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));

interface ChartPoint {
  /** The mark drawn: the point's number. */
  label: string;
  /** The opportunity id the comment before the point names. */
  id: string;
  x: number;
  y: number;
}

const FRONTMATTER_END = '---\nquadrantChart\n';

/** Checks every line against the statements the view emits (a small grammar) and returns the points. */
function parseChart(output: string): { title: string; points: ChartPoint[]; comments: string[] } {
  expect(output.startsWith('---\nconfig:\n  quadrantChart:\n')).toBe(true);
  const body = output.slice(output.indexOf(FRONTMATTER_END) + FRONTMATTER_END.length - 'quadrantChart\n'.length);
  // No user text in the frontmatter: only keys and numbers or colours.
  for (const line of output
    .slice(0, output.indexOf(FRONTMATTER_END))
    .split('\n')
    .slice(1)
    .filter((l) => l !== ''))
    expect(line).toMatch(/^(config:|\s+\w+:( \d+| "#[0-9a-f]{6}")?)$/);
  const lines = body.split('\n');
  expect(lines.pop(), 'ends with a newline').toBe('');
  expect(lines.slice(0, 8)).toEqual([
    'quadrantChart',
    expect.stringMatching(/^ {4}title /) as unknown as string,
    '    x-axis "Low delivery effort" --> "High delivery effort"',
    '    y-axis "Low impact" --> "High impact"',
    '    quadrant-1 "Major project"',
    '    quadrant-2 "Quick win"',
    '    quadrant-3 "Fill-in"',
    '    quadrant-4 "Thankless"',
  ]);
  const title = lines[1]!.slice('    title '.length);
  expect(title).toMatch(SAFE_TEXT);
  const points: ChartPoint[] = [];
  const comments: string[] = [];
  let id = '';
  for (const line of lines.slice(8)) {
    expect(line, 'no trailing spaces').toBe(line.trimEnd());
    if (line.startsWith('    %% ')) {
      expect(line).not.toContain('%%{');
      const named = /^ {4}%% (\d+): (.*)$/.exec(line);
      if (named) id = named[2]!;
      else comments.push(line.slice(7));
      continue;
    }
    const point = /^ {4}"(.*)": \[(\S+), (\S+)\]$/.exec(line);
    expect(point, `unexpected line: ${line}`).not.toBeNull();
    expect(point![1]).toMatch(/^\d+$/);
    expect(point![2]).toMatch(COORDINATE);
    expect(point![3]).toMatch(COORDINATE);
    points.push({ label: point![1]!, id, x: Number(point![2]), y: Number(point![3]) });
  }
  return { title, points, comments };
}

/** No two marks (a point and the number under it) overlap, and none is on a caption or the middle lines. */
function expectApart(points: readonly { x: number; y: number }[]): void {
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    expect(a.x).toBeGreaterThanOrEqual(CHART_MIN);
    expect(a.x).toBeLessThanOrEqual(CHART_MAX);
    expect(Math.abs(a.x - 0.5)).toBeGreaterThanOrEqual(CUTOFF_NUDGE / 2 - 1e-9);
    expect(a.y >= 0.5 ? a.y - 0.5 : 0.5 - a.y).toBeGreaterThanOrEqual((a.y >= 0.5 ? CUTOFF_NUDGE : CAPTION_BAND) - 1e-9);
    expect(a.y).toBeLessThanOrEqual(1 - CAPTION_BAND + 1e-9);
    for (const b of points.slice(i + 1)) {
      expect(Math.abs(a.x - b.x) >= MARK_WIDTH - 1e-9 || Math.abs(a.y - b.y) >= MARK_HEIGHT - 1e-9, `${JSON.stringify(a)} and ${JSON.stringify(b)}`).toBe(true);
    }
  }
}

function mapWith(opportunities: Partial<Opportunity>[]): JourneyMap {
  return {
    version: 1,
    id: 'ops',
    title: 'Ops',
    stages: [
      {
        id: 'only',
        name: 'Only',
        touchpoints: [
          {
            id: 'tp',
            name: 'Touchpoint',
            channel: 'web',
            opportunities: opportunities.map((o, i) => ({ id: `o${i + 1}`, description: `Opportunity ${i + 1}`, ...o })),
          },
        ],
      },
    ],
  };
}

const settings = (impact: number, effort: number): ScoringSettings => ({ ...DEFAULT_SCORING, quadrant: { impact, effort } });

describe('priority view', () => {
  it('is the priority view', () => {
    expect(view.id).toBe('priority');
    expect(view.description).toMatch(/quadrant/i);
  });

  describe('formatCoordinate', () => {
    it.each([
      [0, '0'],
      [1, '1'],
      [0.5, '0.5'],
      [0.03, '0.03'],
      [0.97, '0.97'],
      [0.265, '0.265'],
      [0.1234, '0.123'],
      [0.1, '0.1'],
      [0.001, '0.001'],
      [0.0004, '0'],
      [0.9996, '1'],
      [0.9994, '0.999'],
      [-0.1, '0'],
      [1.2, '1'],
      [1e-12, '0'],
      [0.7000000000000001, '0.7'],
    ])('%d -> %s', (value, expected) => {
      expect(formatCoordinate(value)).toBe(expected);
      expect(expected).toMatch(COORDINATE);
    });

    it('rejects non-finite values', () => {
      expect(() => formatCoordinate(Number.NaN)).toThrow(RangeError);
      expect(() => formatCoordinate(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    });

    it('only ever writes 0, 1 or 0.ddd, within a thousandth of the value', () => {
      fc.assert(
        fc.property(fc.double({ min: -1, max: 2, noNaN: true }), (value) => {
          const text = formatCoordinate(value);
          expect(text).toMatch(COORDINATE);
          expect(Math.abs(Number(text) - Math.min(1, Math.max(0, value)))).toBeLessThanOrEqual(0.0005 + 1e-12);
        }),
        RUN,
      );
    });
  });

  describe('axisPosition', () => {
    it.each([
      // value, cut-off, expected on the effort axis (x)
      [1, 3, 0.03],
      [2, 3, 0.265],
      [3, 3, 0.5 + CUTOFF_NUDGE / 2],
      [4, 3, 0.735],
      [5, 3, 0.97],
      [1, 4, 0.03],
      [3, 4, 0.343],
      [4, 4, 0.53],
      [5, 4, 0.97],
      [1, 1, 0.53],
      [5, 1, 0.97],
      [4, 5, 0.382],
      [5, 5, 0.53],
      [3, 3.5, 0.406],
      [4, 3.5, 0.657],
    ])('x: value %d with cut-off %d -> %d', (value, cutoff, expected) => {
      expect(axisPosition(value, cutoff, value >= cutoff)).toBeCloseTo(expected, 3);
    });

    it.each([
      // value, cut-off, expected on the impact axis (y): off the middle line and the captions
      [1, 3, 0.05],
      [2, 3, 0.265],
      [3, 3, 0.5 + CUTOFF_NUDGE],
      [4, 3, 0.735],
      [5, 3, 1 - CAPTION_BAND],
      [2.9, 3, 0.5 - CAPTION_BAND],
    ])('y: value %d with cut-off %d -> %d', (value, cutoff, expected) => {
      expect(axisPosition(value, cutoff, value >= cutoff, 'y')).toBeCloseTo(expected, 3);
    });

    it('puts the cut-off on the middle line: below it left or down, at or above it right or up, never on it or on a caption', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 5 }), fc.double({ min: 1, max: 5, noNaN: true }), (value, cutoff) => {
          const high = value >= cutoff;
          const x = axisPosition(value, cutoff, high, 'x');
          const y = axisPosition(value, cutoff, high, 'y');
          for (const position of [x, y]) {
            expect(position).toBeGreaterThanOrEqual(CHART_MIN);
            expect(position).toBeLessThanOrEqual(CHART_MAX);
          }
          if (high) {
            expect(x).toBeGreaterThanOrEqual(0.5 + CUTOFF_NUDGE / 2);
            expect(y).toBeGreaterThanOrEqual(0.5 + CUTOFF_NUDGE);
            expect(y).toBeLessThanOrEqual(1 - CAPTION_BAND);
          } else {
            expect(x).toBeLessThanOrEqual(0.5 - CUTOFF_NUDGE / 2);
            expect(y).toBeLessThanOrEqual(0.5 - CAPTION_BAND);
          }
        }),
        RUN,
      );
    });

    it('is monotonic in the value', () => {
      for (const cutoff of [1, 2, 2.5, 3, 4, 5]) {
        for (const axis of ['x', 'y'] as const) {
          const positions = [1, 2, 3, 4, 5].map((v) => axisPosition(v, cutoff, v >= cutoff, axis));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        }
      }
    });
  });

  it.each<[string, number, number, Quadrant]>([
    ['quadrant-1', 0.75, 0.75, 'major-project'],
    ['quadrant-2', 0.25, 0.75, 'quick-win'],
    ['quadrant-3', 0.25, 0.25, 'fill-in'],
    ['quadrant-4', 0.75, 0.25, 'thankless'],
  ])("Mermaid's %s (x %d, y %d) is the score's %s, and is labelled so", (quadrant, x, y, expected) => {
    expect(quadrantAt(x, y)).toBe(expected);
    const names: Record<Quadrant, string> = { 'major-project': 'Major project', 'quick-win': 'Quick win', 'fill-in': 'Fill-in', thankless: 'Thankless' };
    expect(view.render({ map: mapWith([]) })).toContain(`    ${quadrant} "${names[expected]}"\n`);
  });

  describe.each(EXAMPLES)('%s', (file) => {
    const map = load(file);
    const score = scoreJourney(map, DEFAULT_SCORING);
    const output = view.render({ map, score });

    it('matches its golden file', () => {
      expectGolden(`mermaid/${map.id}.priority.mmd`, output);
    });

    it("places every opportunity in the score command's quadrant, numbered 1.. in journey order", () => {
      const { points } = parseChart(output);
      const scored = score.opportunities.filter((o) => o.quadrant !== undefined);
      const inJourneyOrder = touchpointsOf(map).flatMap(({ touchpoint }) => (touchpoint.opportunities ?? []).map((o) => o.id));
      expect(points.map((p) => p.id)).toEqual(inJourneyOrder.filter((id) => scored.some((o) => o.id === id)));
      expect(points.map((p) => p.label)).toEqual(points.map((_, i) => String(i + 1)));
      for (const point of points) {
        const opportunity = scored.find((o) => o.id === point.id)!;
        expect(quadrantAt(point.x, point.y), point.id).toBe(opportunity.quadrant);
      }
    });

    it('keeps marks inside the chart, apart from each other, off the middle lines and the captions', () => {
      expectApart(parseChart(output).points);
    });

    it('names every number in its legend by the opportunity description, with quadrant and ratings', () => {
      const legend = priorityLegend({ map, score });
      const opportunities = touchpointsOf(map).flatMap(({ touchpoint }) => touchpoint.opportunities ?? []);
      const plotted = opportunities.filter((o) => o.impact !== undefined && o.effort !== undefined);
      expect(legend.filter((e) => e.mark !== undefined).map((e) => e.mark)).toEqual(plotted.map((_, i) => String(i + 1)));
      plotted.forEach((o, i) => {
        const quadrant = score.opportunities.find((s) => s.id === o.id)!.quadrant!;
        const names = { 'major-project': 'Major project', 'quick-win': 'Quick win', 'fill-in': 'Fill-in', thankless: 'Thankless' } as const;
        expect(legend[i]!.text).toBe(`${names[quadrant]} (impact ${o.impact}, effort ${o.effort}): ${o.description.trim()}`);
        expect(legend[i]!.text).not.toContain(o.id);
      });
      expect(findView('priority')!.legend!({ map, score })).toEqual(legend);
    });

    it('renders the same without a score report (default cut-offs)', () => {
      expect(view.render({ map })).toBe(output);
    });
  });

  it("agrees with the score command's quadrants for any ratings and cut-offs", () => {
    const rating = fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined, freq: 6 });
    fc.assert(
      fc.property(
        fc.array(fc.record({ impact: rating, effort: rating }), { maxLength: 12 }),
        fc.oneof(fc.integer({ min: 1, max: 5 }), fc.double({ min: 1, max: 5, noNaN: true })),
        fc.oneof(fc.integer({ min: 1, max: 5 }), fc.double({ min: 1, max: 5, noNaN: true })),
        (ratings, impactCutoff, effortCutoff) => {
          const map = mapWith(ratings.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))));
          const score = scoreJourney(map, settings(impactCutoff, effortCutoff));
          const { points } = parseChart(view.render({ map, score }));
          const scored = score.opportunities.filter((o) => o.quadrant !== undefined);
          expect(points).toHaveLength(scored.length);
          expectApart(points);
          for (const point of points) {
            const opportunity = scored.find((o) => o.id === point.id)!;
            expect(quadrantAt(point.x, point.y)).toBe(opportunity.quadrant);
            expect(quadrantAt(point.x, point.y)).toBe(quadrantOf(opportunity.impact!, opportunity.effort!, { impact: impactCutoff, effort: effortCutoff }));
          }
        },
      ),
      RUN,
    );
  });

  describe('cut-offs', () => {
    it("takes them from the score report's settings, else the defaults", () => {
      expect(cutoffsOf({})).toEqual(DEFAULT_SCORING.quadrant);
      const map = mapWith([{ impact: 3, effort: 3 }]);
      const score = scoreJourney(map, settings(4, 2.5));
      expect(cutoffsOf({ score })).toEqual({ impact: 4, effort: 2.5 });
      const output = view.render({ map, score });
      expect(output).toContain('    %% Cut-offs of journey score: impact 4 or more is high, delivery effort 2.5 or more is high.\n');
      // Impact 3 is below the impact cut-off 4, effort 3 above the effort cut-off 2.5: thankless.
      expect(score.opportunities[0]!.quadrant).toBe('thankless');
      const [point] = parseChart(output).points;
      expect(quadrantAt(point!.x, point!.y)).toBe('thankless');
    });
  });

  describe('edge cases', () => {
    it('leaves out opportunities without impact or effort, naming them in a comment', () => {
      const output = view.render({ map: mapWith([{ impact: 4 }, { effort: 2 }, { impact: 4, effort: 2 }, {}]) });
      const { points, comments } = parseChart(output);
      expect(points.map((p) => [p.label, p.id])).toEqual([['1', 'o3']]);
      expect(comments).toContain('Not plotted, impact or effort unknown: o1, o2, o4');
      expect(priorityLegend({ map: mapWith([{ impact: 4 }, { effort: 2 }, { impact: 4, effort: 2 }, {}]) })).toEqual([
        { mark: '1', text: 'Quick win (impact 4, effort 2): Opportunity 3' },
        { text: 'Not plotted, impact or effort unknown: Opportunity 1; Opportunity 2; Opportunity 4' },
      ]);
    });

    it('renders a valid chart with a note when there is nothing to plot', () => {
      const output = view.render({ map: mapWith([]) });
      expect(output.slice(output.indexOf(FRONTMATTER_END) + 4)).toBe(
        [
          'quadrantChart',
          '    title Ops#58; opportunities',
          '    x-axis "Low delivery effort" --> "High delivery effort"',
          '    y-axis "Low impact" --> "High impact"',
          '    quadrant-1 "Major project"',
          '    quadrant-2 "Quick win"',
          '    quadrant-3 "Fill-in"',
          '    quadrant-4 "Thankless"',
          '    %% Cut-offs of journey score: impact 3 or more is high, delivery effort 3 or more is high.',
          "    %% Points are numbered in journey order; the view's legend names them (the report lists it under the chart).",
          '    %% No opportunity has both impact and delivery effort: nothing to plot.',
          '',
        ].join('\n'),
      );
      expect(parseChart(output).points).toEqual([]);
    });

    it('moves opportunities with identical ratings apart, to the nearest free place inside their quadrant', () => {
      const plan = priorityPlan(
        mapWith([
          { impact: 5, effort: 1 },
          { impact: 5, effort: 1 },
          { impact: 5, effort: 1 },
          { impact: 2, effort: 4 },
        ]),
        DEFAULT_SCORING.quadrant,
      );
      expect(plan.points.map((p) => [p.x, p.y])).toEqual([
        [0.03, 0.91],
        [0.09, 0.91],
        [0.03, 0.83],
        [0.735, 0.265],
      ]);
      expect(plan.points.every((p) => quadrantAt(p.x, p.y) === p.quadrant)).toBe(true);
      expectApart(plan.points);
    });

    it('fits a large group at a cut-off into its quadrant', () => {
      const plan = priorityPlan(mapWith(Array.from({ length: 30 }, () => ({ impact: 3, effort: 3 }))), DEFAULT_SCORING.quadrant);
      expect(plan.points.every((p) => p.quadrant === 'major-project' && quadrantAt(p.x, p.y) === 'major-project')).toBe(true);
      expectApart(plan.points);
    });

    it('numbers points, never shows ids, and cuts a long title to fit the chart', () => {
      const id = 'a-very-long-opportunity-identifier-that-goes-on';
      const title = 'A map title long enough to run off both sides of a quadrant chart if nothing cut it';
      const output = view.render({ map: { ...mapWith([{ id, impact: 3, effort: 3 }]), title } });
      const parsed = parseChart(output);
      expect(parsed.points.map((p) => p.label)).toEqual(['1']);
      expect(output.split('\n').filter((line) => line.includes(id))).toEqual([`    %% 1: ${id}`]);
      expect(unescape(parsed.title)).toMatch(/^A map title long enough to run off both sides of a\u2026$/);
      expect(priorityLegend({ map: mapWith([{ id, description: '  Show the fee\n early ', impact: 3, effort: 3 }]) })).toEqual([
        { mark: '1', text: 'Major project (impact 3, effort 3): Show the fee early' },
      ]);
    });

    it('for a shortened map, says in the title what it draws and in the legend what it left out', () => {
      const omitted = { touchpoints: 5, stages: 1, touchpointsTotal: 6 };
      const map = mapWith([{ impact: 3, effort: 3 }]);
      const parsed = parseChart(view.render({ map, omitted }));
      expect(unescape(parsed.title)).toBe('Opportunities of the first 1 of 6 touchpoints');
      expect(priorityLegend({ map, omitted }).at(-1)).toEqual({
        text: 'Opportunities of 5 more touchpoints and 1 more stage not drawn as the diagram would be over the Mermaid size limit.',
      });
    });
  });

  describe('hostile text', () => {
    const map = load(HOSTILE);
    const output = view.render({ map, score: scoreJourney(map, DEFAULT_SCORING) });

    it('matches its golden file', () => {
      expectGolden(`mermaid/${map.id}.priority.mmd`, output);
    });

    it('escapes the title and every label', () => {
      const { title, points } = parseChart(output);
      expect(`${map.title}: opportunities`.startsWith(unescape(title).replace(/\u2026$/, ''))).toBe(true);
      expect(points.map((p) => [p.label, p.id])).toEqual([
        ['1', 'opp-init'],
        ['2', 'opp-end'],
        ['3', 'opp-cjk'],
      ]);
      expect(output).not.toContain('%%{');
      const quoted = [...output.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
      for (const label of quoted) expect(label).not.toMatch(/[<>"]/);
      expect(output).not.toMatch(/<script|<img/i);
    });
  });
});

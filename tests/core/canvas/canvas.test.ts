import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canvasDocument, canvasFragment, pagesOf, styleText } from '../../../src/core/canvas/html.js';
import { LANE_NAMES } from '../../../src/core/canvas/lanes.js';
import { canvasModel } from '../../../src/core/canvas/model.js';
import { chartY } from '../../../src/core/canvas/emotion.js';
import { kpiFigure } from '../../../src/core/canvas/text.js';
import { UsageError } from '../../../src/core/errors.js';
import type { JourneyMap, Touchpoint } from '../../../src/core/model.js';
import { expectGolden } from '../../golden.js';
import { defaultScore, exampleMaps, hostileMap, onlineOrderMetrics } from '../mermaid/view-fixtures.js';
import { scoreJourney } from '../../../src/core/score/model.js';
import { DEFAULT_SCORING } from '../../../src/core/score/settings.js';

const tp = (id: string, extra: Partial<Touchpoint> = {}): Touchpoint => ({ id, name: `Name of ${id}`, channel: 'web', ...extra });

function map(extra: Partial<JourneyMap> = {}): JourneyMap {
  return {
    version: 1,
    id: 'm',
    title: 'A map',
    stages: [
      { id: 'a', name: 'Stage A', goal: 'Goal A', touchpoints: [tp('t1', { emotion: 2 }), tp('t2'), tp('t3', { emotion: -1 })] },
      { id: 'b', name: 'Stage B' },
      { id: 'c', name: 'Stage C', touchpoints: [tp('t4', { emotion: 0, personas: ['p2'] })] },
    ],
    personas: [
      { id: 'p1', name: 'First persona', goals: ['Be quick'] },
      { id: 'p2', name: 'Second persona' },
    ],
    ...extra,
  };
}

const fragment = (m: JourneyMap, options = {}) => canvasFragment({ map: m, score: defaultScore(m) }, options);
const attrs = (html: string, name: string): string[] => [...html.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((x) => x[1]!);

describe('canvas model', () => {
  it('puts stages in journey order with one column per touchpoint, and one empty column for a stage without touchpoints', () => {
    const model = canvasModel({ map: map(), score: defaultScore(map()) });
    expect(model.stages.map((s) => [s.stage.id, s.first, s.count])).toEqual([
      ['a', 0, 3],
      ['b', 3, 1],
      ['c', 4, 1],
    ]);
    expect(model.columns.map((c) => c.touchpoint?.id ?? `(${c.stage.id})`)).toEqual(['t1', 't2', 't3', '(b)', 't4']);
  });

  it('--persona keeps the touchpoints naming the persona or no persona, and its card only', () => {
    const m = map();
    const html = fragment(m, { persona: 'p1' });
    expect(new Set(attrs(html, 'data-touchpoint'))).toEqual(new Set(['t1', 't2', 't3']));
    expect(attrs(html, 'data-persona')).toEqual(['p1', 'p1']);
    expect(html).not.toContain('Second persona');
    expect(() => fragment(m, { persona: 'nobody' })).toThrow(UsageError);
  });

  it('splits pages between stages, and a stage wider than a page between its touchpoints', () => {
    const wide: JourneyMap = {
      ...map(),
      stages: [
        { id: 'a', name: 'A', touchpoints: [tp('a1'), tp('a2')] },
        { id: 'b', name: 'B', touchpoints: [tp('b1'), tp('b2')] },
        { id: 'c', name: 'C', touchpoints: ['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => tp(id)) },
      ],
    };
    const model = canvasModel({ map: wide, score: defaultScore(wide) });
    // 3 columns of 160 px fit next to the 120 px lane headings in 600 px.
    const pages = pagesOf(model, 600).map((p) => p.map((c) => c.touchpoint!.id));
    expect(pages).toEqual([
      ['a1', 'a2'],
      ['b1', 'b2'],
      ['c1', 'c2', 'c3'],
      ['c4', 'c5'],
    ]);
    const html = canvasFragment({ map: wide, score: defaultScore(wide) }, { pageWidth: 600 });
    expect(html.match(/<table/g)).toHaveLength(4);
    expect(html.match(/\(continued\)<\/span>/g)).toHaveLength(1);
  });
});

describe('canvas lanes', () => {
  it('leaves out lanes the map has nothing for, keeps the rest in order', () => {
    const lanes = attrs(fragment(map()), 'data-lane');
    expect(lanes).toEqual(['goals', 'channels', 'emotion']);
    const full = exampleMaps().find((e) => e.file.endsWith('retail/online-order.journey.yaml'))!.map;
    const all = attrs(fragment(full), 'data-lane');
    expect(all).toEqual(LANE_NAMES.filter((l) => l !== 'survey'));
  });

  it('--lanes draws only the lanes asked for, in the canvas order, and refuses unknown lanes', () => {
    expect(attrs(fragment(map(), { lanes: ['emotion', 'goals'] }), 'data-lane')).toEqual(['goals', 'emotion']);
    expect(() => fragment(map(), { lanes: ['feelings'] })).toThrow(/Unknown lane 'feelings'/);
  });

  it('draws one emotion point per touchpoint with an emotion, a gap (a new path run) where one has none', () => {
    const html = fragment(map());
    expect(attrs(html, 'data-emotion')).toEqual(['2', '-1', '0']);
    const d = /class="jk-chart__line" d="([^"]+)"/.exec(html)![1]!;
    // t1 then a gap at t2, t3, a gap at the empty stage, t4: three runs, no point at zero for t2.
    expect(d.match(/M/g)).toHaveLength(3);
    expect(d).not.toMatch(/L/);
    const y = (v: number) => chartY(v, { height: 150, min: -2, max: 2 });
    expect(y(2)).toBeLessThan(y(0));
    expect(y(0)).toBeLessThan(y(-1));
  });

  it('marks valence by shape as well as colour', () => {
    const html = fragment(map());
    expect(html).toContain('<circle class="jk-marker jk-marker--positive"');
    expect(html).toMatch(/<path class="jk-marker jk-marker--negative"/);
    expect(html).toMatch(/<path class="jk-marker jk-marker--neutral"/);
  });

  it('draws the survey figure per touchpoint as its own series and axis, never on the emotion scale', () => {
    const example = exampleMaps().find((e) => e.file.endsWith('retail/online-order.journey.yaml'))!.map;
    const metrics = onlineOrderMetrics();
    const score = scoreJourney(example, DEFAULT_SCORING, { report: metrics, config: {} });
    const html = canvasFragment({ map: example, score, metrics });
    expect(html).toContain('data-lane="survey"');
    expect(html).toContain('Survey: NPS (-100 to 100)');
    expect(attrs(html, 'data-survey')).toContain('-34.2');
  });

  it('draws the named blueprint lines above the lanes they separate', () => {
    const example = exampleMaps().find((e) => e.file.endsWith('retail/online-order.journey.yaml'))!.map;
    const html = fragment(example);
    const order = [...html.matchAll(/data-(lane|line)="([^"]+)"/g)].map((x) => x[2]);
    expect(order.slice(order.indexOf('kpis'))).toEqual(['kpis', 'interaction', 'frontstage', 'visibility', 'backstage', 'internal-interaction', 'support', 'systems']);
    const back: JourneyMap = map({ stages: [{ id: 's', name: 'S', touchpoints: [tp('x', { blueprint: { backstage: ['Check'] } })] }] });
    const lines = [...fragment(back).matchAll(/data-(lane|line)="([^"]+)"/g)].map((x) => x[2]);
    expect(lines).toEqual(['channels', 'interaction', 'visibility', 'backstage']);
  });
});

describe('canvas text', () => {
  it('writes KPI figures with units', () => {
    expect(kpiFigure('csat', 0.85, undefined, 'fraction')).toBe('85%');
    expect(kpiFigure('csat', 66.2, undefined, 'percent')).toBe('66.2%');
    expect(kpiFigure('nps', 32, undefined, 'fraction')).toBe('+32');
    expect(kpiFigure('response-time', 2, 'minutes', 'fraction')).toBe('2 minutes');
    expect(kpiFigure('response-time', 1, 'hours', 'fraction')).toBe('1 hour');
    expect(kpiFigure('ces', 5.5, undefined, 'fraction')).toBe('5.5');
  });

  it('escapes user text everywhere, with no script, no event handler and nothing fetched (hostile fixture)', () => {
    const { map: hostile } = hostileMap();
    const html = canvasDocument({ map: hostile, score: defaultScore(hostile) }, { generator: 'test' });
    expect(html).not.toMatch(/<script|<iframe|<img|<object|<link/i);
    // Inside tags (user text cannot open one: its < is escaped): no handler, no address.
    const tags = html.match(/<[^>]*>/g)!;
    expect(tags.filter((t) => /\son[a-z]+=|\s(?:src|href|xlink:href|action)=/i.test(t))).toEqual([]);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;italic&lt;/i&gt;');
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
  });

  it('keeps a --css stylesheet inside its style element and the page well-formed', () => {
    const css = 'body { color: red } </style><script>alert(1)</script> a::after { content: "&amp;" }';
    const out = styleText(css);
    expect(out).not.toMatch(/<|&/);
    const html = canvasDocument({ map: map(), score: defaultScore(map()) }, { generator: 't', css });
    expect(html.match(/<\/style>/g)).toHaveLength(2);
    expect(html).not.toContain('<script>');
  });
});

describe('canvas goldens', () => {
  for (const { file, map: m } of exampleMaps()) {
    it(`${file}`, () => {
      expectGolden(`canvas/${path.basename(file, '.journey.yaml')}.html`, canvasDocument({ map: m, score: defaultScore(m) }, { generator: 'journeykit test' }));
    });
  }
  it('the hostile fixture', () => {
    const { map: hostile } = hostileMap();
    expectGolden('canvas/hostile.html', canvasDocument({ map: hostile, score: defaultScore(hostile) }, { generator: 'journeykit test' }));
  });
  it('the online-order example with survey evidence, on A3 pages', () => {
    const example = exampleMaps().find((e) => e.file.endsWith('retail/online-order.journey.yaml'))!.map;
    const metrics = onlineOrderMetrics();
    const score = scoreJourney(example, DEFAULT_SCORING, { report: metrics, config: {} });
    expectGolden('canvas/online-order-survey-a3.html', canvasDocument({ map: example, score, metrics }, { generator: 'journeykit test', page: 'A3 landscape', pageWidth: 1495 }));
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chartNumber, emotionView, rescaleSurvey } from '../../../src/core/mermaid/emotion.js';
import type { JourneyMap, Touchpoint } from '../../../src/core/model.js';
import type { MetricsReport } from '../../../src/core/survey/types.js';
import { expectGolden } from '../../golden.js';
import { csat, metricsReport, nps } from '../score/helpers.js';
import { decodeEntities, defaultScore, exampleMaps, hostileMap, onlineOrderMetrics, shown, withoutEntities } from './view-fixtures.js';

const render = (map: JourneyMap, metrics?: MetricsReport): string => emotionView.render({ map, ...(metrics ? { metrics } : {}) });

const tp = (id: string, extra: Partial<Touchpoint> = {}): Touchpoint => ({ id, name: id, channel: 'web', ...extra });
const mapOf = (touchpoints: Touchpoint[], extra: Partial<JourneyMap> = {}): JourneyMap => ({
  version: 1,
  id: 'm',
  title: 'Map',
  stages: [{ id: 's', name: 'Stage', touchpoints }],
  ...extra,
});

const TEXT = String.raw`(?:[\p{L}\p{N} ]|#\d+;)+`;
const NUM = String.raw`-?\d+(?:\.\d{1,2})?`;
const LINE = {
  title: new RegExp(`^    title "(${TEXT})"$`, 'u'),
  comment: /^ {4}%% [a-zA-Z0-9 ,:().'-]+$/,
  xAxis: new RegExp(`^    x-axis \\[ ("${TEXT}"(?:, "${TEXT}")*) \\]$`, 'u'),
  yAxis: new RegExp(`^    y-axis "(${TEXT})" (${NUM}) --> (${NUM})$`, 'u'),
  line: new RegExp(`^    line "(Emotion|CSAT|NPS)" \\[(${NUM}(?:, ${NUM})*)\\]$`, 'u'),
};

interface Parsed {
  title: string;
  comments: string[];
  labels: string[];
  yAxis: { label: string; min: number; max: number };
  lines: Record<string, number[]>;
}

/** The fixed layout block before the chart: no user text, a height for `touchpoints` rows. */
const layout = (touchpoints: number): string[] => [
  '---',
  'config:',
  '  xyChart:',
  '    width: 900',
  `    height: ${180 + 40 * Math.max(1, touchpoints)}`,
  '    xAxis:',
  '      labelFontSize: 12',
  '  themeVariables:',
  '    xyChart:',
  '      plotColorPalette: "#1f5fa8, #d97706"',
  '---',
];

/** A label or title as drawn: the text whole (maybe with " (2)"), or a prefix of it cut with an ellipsis. */
function wholeOrCut(label: string, full: string): boolean {
  if (label.startsWith(full)) return true;
  const cut = /^(.*)…(?: \(\d+\))?$/su.exec(label);
  return cut !== null && cut[1]!.length < full.length && full.startsWith(cut[1]!);
}

/** The chart after the fixed layout block (which parseChart checks to the character). */
const chartBody = (out: string): string => out.slice(out.indexOf('xychart-beta horizontal'));

/** Parses the view's output line by line; any line outside the grammar fails the test. */
function parseChart(out: string): Parsed {
  expect(out.endsWith('\n')).toBe(true);
  expect(out).not.toMatch(/[ \t]$/m);
  const all = out.slice(0, -1).split('\n');
  const header = all.indexOf('xychart-beta horizontal');
  const rows = all.slice(header);
  const labelsLine = rows.find((r) => LINE.xAxis.test(r)) ?? '';
  const touchpoints = (labelsLine.match(/", "/g)?.length ?? 0) + 1;
  expect(all.slice(0, header)).toEqual(layout(touchpoints));
  const parsed: Parsed = { title: '', comments: [], labels: [], yAxis: { label: '', min: Number.NaN, max: Number.NaN }, lines: {} };
  for (const row of rows.slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = LINE.title.exec(row))) parsed.title = m[1]!;
    else if (LINE.comment.test(row)) parsed.comments.push(row.trim());
    else if ((m = LINE.xAxis.exec(row))) parsed.labels = m[1]!.slice(1, -1).split('", "');
    else if ((m = LINE.yAxis.exec(row))) parsed.yAxis = { label: m[1]!, min: Number(m[2]), max: Number(m[3]) };
    else if ((m = LINE.line.exec(row))) parsed.lines[m[1]!] = m[2]!.split(', ').map(Number);
    else expect.fail(`line outside the xychart grammar: ${JSON.stringify(row)}`);
  }
  return parsed;
}

describe('emotion view: golden Mermaid for every example map', () => {
  it.each(exampleMaps().map((e) => [e.file, e.map] as const))('%s', (_file, map) => {
    const out = emotionView.render({ map, score: defaultScore(map) });
    expect(out).toBe(render(map));
    const parsed = parseChart(out);
    expect(parsed.lines.Emotion).toHaveLength(parsed.labels.length);
    expectGolden(`mermaid/${map.id}.emotion.mmd`, out);
  });

  it('examples/retail/online-order.journey.yaml with survey metrics (CSAT line)', () => {
    const map = exampleMaps().find((e) => e.map.id === 'online-order')!.map;
    const out = render(map, onlineOrderMetrics());
    const parsed = parseChart(out);
    expect(parsed.lines.CSAT).toHaveLength(parsed.labels.length);
    expectGolden('mermaid/online-order-survey.emotion.mmd', out);
  });
});

describe('numbers', () => {
  it('writes at most two decimals, no exponent and no -0', () => {
    expect([0, -0, 1, -2, 1.5, 0.125, 2 / 3, -1 / 3, 1e-7, -1e-7, 100, 1e21, -2.005].map(chartNumber)).toEqual([
      '0',
      '0',
      '1',
      '-2',
      '1.5',
      '0.13',
      '0.67',
      '-0.33',
      '0',
      '0',
      '100',
      '1000000000000000000000',
      '-2.01',
    ]);
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => new RegExp(`^${NUM}$`).test(chartNumber(x))));
  });
  it('rescales CSAT from 0..100 and NPS from -100..100 onto the emotion scale, clamped', () => {
    const scale = { min: -2, max: 2 };
    expect([0, 50, 75, 100].map((s) => rescaleSurvey(s, 'csat', scale))).toEqual([-2, 0, 1, 2]);
    expect([-100, 0, 50, 100].map((s) => rescaleSurvey(s, 'nps', scale))).toEqual([-2, 0, 1, 2]);
    expect(rescaleSurvey(80, 'csat', { min: 1, max: 5 })).toBeCloseTo(4.2);
    expect(rescaleSurvey(120, 'csat', scale)).toBe(2);
    expect(rescaleSurvey(-150, 'nps', scale)).toBe(-2);
  });
  it('rescales onto the widest scales too (max - min overflows to Infinity)', () => {
    // Found by tests/fuzz/maps.test.ts: CSAT 0 was drawn at 0 instead of the bottom of the axis.
    const widest = { min: -Number.MAX_VALUE, max: Number.MAX_VALUE };
    expect([0, 25, 50, 100].map((s) => rescaleSurvey(s, 'csat', widest))).toEqual([-Number.MAX_VALUE, -Number.MAX_VALUE / 2, 0, Number.MAX_VALUE]);
    expect([-100, 0, 100].map((s) => rescaleSurvey(s, 'nps', { min: -1e308, max: 1e308 }))).toEqual([-1e308, 0, 1e308]);
  });
});

describe('emotion view: structure', () => {
  it('draws emotion per touchpoint in journey order on the map scale', () => {
    const map: JourneyMap = {
      version: 1,
      id: 'm',
      title: 'Clinic visit',
      scales: { emotion: { min: 1, max: 5 } },
      stages: [
        { id: 'a', name: 'A', touchpoints: [tp('one', { name: 'Booking', emotion: 2 }), tp('two', { name: 'Reminder', emotion: 4.5 })] },
        { id: 'b', name: 'B', touchpoints: [tp('three', { name: 'Visit', emotion: 5 })] },
      ],
    };
    expect(render(map)).toBe(
      [
        ...layout(3),
        'xychart-beta horizontal',
        '    title "Clinic visit"',
        '    x-axis [ "Booking", "Reminder", "Visit" ]',
        '    y-axis "Emotion" 1 --> 5',
        '    line "Emotion" [2, 4.5, 5]',
        '',
      ].join('\n'),
    );
  });
  it('draws a missing emotion at the scale midpoint and an emotion outside the scale at its end, saying so', () => {
    const parsed = parseChart(render(mapOf([tp('a'), tp('b', { emotion: 7 }), tp('c', { emotion: -1 }), tp('d')], { scales: { emotion: { min: 0, max: 5 } } })));
    expect(parsed.lines.Emotion).toEqual([2.5, 5, 0, 2.5]);
    expect(parsed.comments).toEqual(['%% no emotion, drawn at the scale midpoint 2.5: a, d', '%% emotion outside 0..5, drawn at the nearest end: b, c']);
  });
  it('draws a missing emotion at the midpoint of a scale whose min + max overflows', () => {
    // Found by tests/fuzz/maps.test.ts: (min + max) / 2 was Infinity, drawn as 0, below the axis.
    const parsed = parseChart(render(mapOf([tp('a'), tp('b', { emotion: Number.MAX_VALUE })], { scales: { emotion: { min: 1e308, max: Number.MAX_VALUE } } })));
    const middle = 1e308 / 2 + Number.MAX_VALUE / 2;
    expect(parsed.lines.Emotion).toEqual([middle, Number.MAX_VALUE]);
    expect(parsed.lines.Emotion!.every((v) => v >= parsed.yAxis.min && v <= parsed.yAxis.max)).toBe(true);
  });
  it('falls back to -2..2 when the scale is unusable', () => {
    const parsed = parseChart(render(mapOf([tp('a', { emotion: 1 })], { scales: { emotion: { min: 3, max: 3 } } })));
    expect(parsed.yAxis).toEqual({ label: 'Emotion', min: -2, max: 2 });
    expect(parsed.comments[0]).toBe("%% the map's emotion scale is unusable (max not above min): drawn on -2..2");
  });
  it('keeps equal touchpoint names apart (the band axis would merge them)', () => {
    const parsed = parseChart(render(mapOf([tp('a', { name: 'Email', emotion: 0 }), tp('b', { name: 'Email', emotion: 1 }), tp('c', { name: 'Email', emotion: 2 })])));
    expect(parsed.labels.map(decodeEntities)).toEqual(['Email', 'Email (2)', 'Email (3)']);
  });
  it('cuts names and the title to what xychart can show beside the plot (it drops every label when one is too wide)', () => {
    // xychart measures the source text, entities included: punctuation costs more room than letters.
    const long = 'Substitution and shortage notice sent by text message at 6 am';
    const parsed = parseChart(render(mapOf([tp('a', { name: long, emotion: 0 }), tp('b', { name: '<'.repeat(60), emotion: 1 }), tp('c', { name: '中'.repeat(60), emotion: 2 })], { title: 'T'.repeat(200) })));
    const [latin, symbols, cjk] = parsed.labels;
    expect(decodeEntities(latin!)).toMatch(/^Substitution and shortage notice .*…$/);
    expect(decodeEntities(latin!).length).toBeLessThan(long.length);
    expect(decodeEntities(symbols!)).toMatch(/^<{5,}…$/);
    expect(decodeEntities(cjk!)).toMatch(/^中{20,}…$/);
    // Every label within the estimated room: 7 px per character written, 12 px for CJK.
    for (const label of parsed.labels) expect([...label].reduce((w, ch) => w + (ch.codePointAt(0)! >= 0x2e80 ? 12 : 7), 0)).toBeLessThanOrEqual(320);
    expect(decodeEntities(parsed.title)).toMatch(/^T{60,}…$/);
    // Short names stay whole.
    expect(parseChart(render(mapOf([tp('a', { name: 'Checkout', emotion: 0 })]))).labels).toEqual(['Checkout']);
  });

  it('writes an axis without a line when the map has no touchpoints', () => {
    const out = render({ version: 1, id: 'm', title: 'Empty', stages: [{ id: 's', name: 'S' }] });
    expect(out).toBe([...layout(0), 'xychart-beta horizontal', '    title "Empty"', '    %% the map has no touchpoints', '    x-axis [ "No touchpoints" ]', '    y-axis "Emotion" -2 --> 2', ''].join('\n'));
  });
});

describe('emotion view: survey line', () => {
  const map = mapOf([tp('a', { emotion: 1, survey_segment: 'Seg A' }), tp('b', { emotion: 0 }), tp('c', { emotion: -1 })]);

  it('draws CSAT of each touchpoint segment (survey_segment, else id), missing ones at the midpoint', () => {
    const parsed = parseChart(render(map, metricsReport({ touchpoint: { 'Seg A': { csat: csat(80, 40) }, c: { csat: csat(25, 40), nps: nps(-20, 40) }, a: { csat: csat(0, 9) } } })));
    expect(parsed.lines).toEqual({ Emotion: [1, 0, -1], CSAT: [1.2, 0, -1] });
    expect(decodeEntities(parsed.yAxis.label)).toBe('Emotion and CSAT rescaled');
    expect(parsed.comments).toEqual([
      "%% second line: CSAT of each touchpoint's segment (by touchpoint), rescaled from 0..100 onto -2..2",
      '%% no CSAT figure, drawn at the scale midpoint 0: b',
    ]);
  });
  it('draws NPS when no segment has CSAT', () => {
    const parsed = parseChart(render(map, metricsReport({ touchpoint: { 'Seg A': { nps: nps(50, 40) }, b: { nps: nps(-100, 40) } } })));
    expect(parsed.lines).toEqual({ Emotion: [1, 0, -1], NPS: [1, -2, 0] });
    expect(parsed.comments[0]).toBe("%% second line: NPS of each touchpoint's segment (by touchpoint), rescaled from -100..100 onto -2..2");
  });
  it('joins on the stage only when the figures have no touchpoint segments (as journey score does)', () => {
    const two: JourneyMap = { ...map, stages: [...map.stages, { id: 't', name: 'T', touchpoints: [tp('d', { emotion: 2 })] }] };
    const parsed = parseChart(render(two, metricsReport({ stage: { s: { csat: csat(100, 50) } } })));
    expect(parsed.lines.CSAT).toEqual([2, 2, 2, 0]);
    const withTouchpoints = parseChart(render(two, metricsReport({ touchpoint: { zzz: { csat: csat(100, 50) } }, stage: { s: { csat: csat(100, 50) } } })));
    expect(withTouchpoints.lines.CSAT).toBeUndefined();
  });
  it('says why there is no survey line', () => {
    expect(parseChart(render(map, metricsReport({}))).comments).toEqual(['%% survey: the metrics have no touchpoint or stage segments, so no survey line']);
    const none = parseChart(render(map, metricsReport({ touchpoint: { b: {} } })));
    expect(none.comments).toEqual(["%% survey: no CSAT or NPS figure in any touchpoint's segment (by touchpoint), so no survey line"]);
    expect(Object.keys(none.lines)).toEqual(['Emotion']);
  });
  it('ignores inherited keys as segments', () => {
    const proto = mapOf([tp('constructor', { emotion: 0 }), tp('x', { emotion: 0, survey_segment: '__proto__' })]);
    const parsed = parseChart(render(proto, metricsReport({ touchpoint: { other: { csat: csat(90, 50) } } })));
    expect(parsed.lines.CSAT).toBeUndefined();
  });
});

describe('emotion view: hostile text', () => {
  const { map, schemaErrors } = hostileMap();
  const metrics = metricsReport({ touchpoint: { '結帳 #1': { csat: csat(90, 40) }, section: { csat: csat(10, 40) } } });
  const out = render(map, metrics);
  const parsed = parseChart(out);

  it('the fixture is a valid map', () => {
    expect(schemaErrors).toEqual([]);
  });
  it('matches its golden file (for review and for rendering through mermaid-cli)', () => {
    expectGolden('mermaid/hostile.emotion.mmd', out);
  });
  it('leaves no raw <, >, ;, # and no %%{ outside entities', () => {
    expect(out).not.toContain('%%{');
    // `-->` is the axis range syntax, `[` `]` the band and data lists, `"` the quotes around text.
    const rest = withoutEntities(chartBody(out)).replaceAll(' --> ', ' ').replace(/"(?:[\p{L}\p{N} ])*"/gu, '""');
    expect(rest).not.toMatch(/[<>;#{}|`]/);
  });
  it('keeps every touchpoint name intact once the entities are decoded (or cut to fit, never altered), keywords included', () => {
    expect(wholeOrCut(decodeEntities(parsed.title), shown(map.title))).toBe(true);
    const names = map.stages.flatMap((s) => (s.touchpoints ?? []).map((t) => shown(t.name)));
    expect(parsed.labels).toHaveLength(names.length);
    parsed.labels.forEach((label, i) => expect(wholeOrCut(decodeEntities(label), names[i]!), `${label} for ${names[i]!}`).toBe(true));
    // The short ones whole: the keywords, and CJK with emoji.
    expect(parsed.labels.map(decodeEntities)).toContain('😀 Emoji and 中文 CJK 購入する');
    expect(parsed.labels.slice(0, 2)).toEqual(['section', 'title#58; fake title']);
  });
  it('draws both lines with one value per touchpoint', () => {
    expect(parsed.lines).toEqual({ Emotion: [-2, 2, 0, 0, 1.5, -1, -0.5, 1], CSAT: [-1.6, 0, 0, 0, 0, 0, 0, 1.6] });
    expect(parsed.comments).toContain('%% no emotion, drawn at the scale midpoint 0: img');
  });
});

describe('emotion view: any text stays inside its slot', () => {
  const text = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('"', '" ] [ "', '%%{init: {}}%%', 'a\nb', '#1;', ' '));
  it('parses back to the same labels and values', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, fc.option(fc.double({ noNaN: true, min: -3, max: 3 }), { nil: undefined })), { minLength: 1, maxLength: 6 }), text, (tps, title) => {
        const map = mapOf(
          tps.map(([name, emotion], i) => tp(`t${i}`, { name, ...(emotion === undefined ? {} : { emotion }) })),
          { title },
        );
        const parsed = parseChart(render(map));
        expect(wholeOrCut(decodeEntities(parsed.title), shown(title) || 'm')).toBe(true);
        const labels = parsed.labels.map(decodeEntities);
        expect(new Set(labels).size).toBe(labels.length);
        labels.forEach((label, i) => expect(wholeOrCut(label, shown(tps[i]![0]) || `t${i}`), `${label} for ${tps[i]![0]}`).toBe(true));
        expect(parsed.lines.Emotion).toEqual(tps.map(([, e]) => (e === undefined ? 0 : Number(chartNumber(Math.min(2, Math.max(-2, e)))))));
      }),
    );
  });
});

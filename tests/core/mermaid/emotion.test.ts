import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMOTION_COLOURS, chartNumber, emotionChartWidth, emotionLegend, emotionView } from '../../../src/core/mermaid/emotion.js';
import { findView } from '../../../src/core/mermaid/index.js';
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
const POINT = `${NUM}(?: "${TEXT}")?`;
const LINE = {
  title: new RegExp(`^    title "(${TEXT})"$`, 'u'),
  comment: /^ {4}%% [a-zA-Z0-9 ,:().'#;-]+$/,
  xAxis: new RegExp(`^    x-axis (?:"(${TEXT})" )?\\[ ("${TEXT}"(?:, "${TEXT}")*) \\]$`, 'u'),
  yAxis: new RegExp(`^    y-axis "(${TEXT})" (${NUM}) --> (${NUM})$`, 'u'),
  bar: new RegExp(`^    bar \\[(${NUM}(?:, ${NUM})*)\\]$`, 'u'),
  line: new RegExp(`^    line (?:"(${TEXT})" )?\\[(${POINT}(?:, ${POINT})*)\\]$`, 'u'),
};

interface Point {
  value: number;
  label?: string;
}

interface Parsed {
  title: string;
  comments: string[];
  xTitle?: string;
  labels: string[];
  yAxis: { label: string; min: number; max: number };
  bands?: number[];
  /** The emotion curve: its series title and points. */
  emotion?: { title: string; points: Point[] };
  /** The stage names: a line along the top, named at the middle of each stage. */
  stages?: Point[];
}

/** The fixed layout block before the chart: no user text, a width for `touchpoints` on the curve. */
const layout = (touchpoints: number): string[] => [
  '---',
  'config:',
  '  xyChart:',
  `    width: ${emotionChartWidth(touchpoints)}`,
  '    height: 620',
  '    titlePadding: 24',
  '    showLegend: false',
  '    xAxis:',
  '      labelFontSize: 13',
  '      labelRotation: -40',
  '      titleFontSize: 14',
  '    yAxis:',
  '      labelFontSize: 13',
  '      titleFontSize: 14',
  '  themeVariables:',
  '    xyChart:',
  '      backgroundColor: "#ffffff"',
  '      titleColor: "#1b1b1b"',
  '      xAxisLabelColor: "#1b1b1b"',
  '      xAxisTitleColor: "#1b1b1b"',
  '      xAxisTickColor: "#595959"',
  '      xAxisLineColor: "#595959"',
  '      yAxisLabelColor: "#1b1b1b"',
  '      yAxisTitleColor: "#1b1b1b"',
  '      yAxisTickColor: "#595959"',
  '      yAxisLineColor: "#595959"',
  '      legendTextColor: "#1b1b1b"',
  '      plotColorPalette: "#ececec, #1f5fa8, #4d4d4d"',
  '---',
];

/** A label or title as drawn: the text whole (maybe with " (2)"), or a prefix of it cut with an ellipsis. */
function wholeOrCut(label: string, full: string): boolean {
  if (label.startsWith(full)) return true;
  const cut = /^(.*)…(?: \(\d+\))?$/su.exec(label);
  return cut !== null && cut[1]!.length < full.length && full.startsWith(cut[1]!);
}

/** The chart after the fixed layout block (which parseChart checks to the character). */
const chartBody = (out: string): string => out.slice(out.indexOf('xychart-beta\n'));

const points = (list: string): Point[] =>
  [...list.matchAll(new RegExp(`(${NUM})(?: "(${TEXT})")?`, 'gu'))].map((m) => ({ value: Number(m[1]), ...(m[2] !== undefined ? { label: m[2] } : {}) }));

/** Parses the view's output line by line; any line outside the grammar fails the test. */
function parseChart(out: string): Parsed {
  expect(out.endsWith('\n')).toBe(true);
  expect(out).not.toMatch(/[ \t]$/m);
  const all = out.slice(0, -1).split('\n');
  const header = all.indexOf('xychart-beta');
  const rows = all.slice(header);
  const labelsLine = rows.find((r) => LINE.xAxis.test(r)) ?? '';
  const touchpoints = LINE.xAxis.exec(labelsLine)?.[1] === undefined ? 0 : (labelsLine.match(/", "/g)?.length ?? 0) + 1;
  expect(all.slice(0, header)).toEqual(layout(touchpoints));
  const parsed: Parsed = { title: '', comments: [], labels: [], yAxis: { label: '', min: Number.NaN, max: Number.NaN } };
  for (const row of rows.slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = LINE.title.exec(row))) parsed.title = m[1]!;
    else if (LINE.comment.test(row)) parsed.comments.push(row.trim());
    else if ((m = LINE.xAxis.exec(row))) {
      if (m[1] !== undefined) parsed.xTitle = m[1];
      parsed.labels = m[2]!.slice(1, -1).split('", "');
    } else if ((m = LINE.yAxis.exec(row))) parsed.yAxis = { label: m[1]!, min: Number(m[2]), max: Number(m[3]) };
    else if ((m = LINE.bar.exec(row))) parsed.bands = m[1]!.split(', ').map(Number);
    else if ((m = LINE.line.exec(row))) {
      if (m[1] !== undefined) parsed.emotion = { title: m[1], points: points(m[2]!) };
      else parsed.stages = points(m[2]!);
    } else expect.fail(`line outside the xychart grammar: ${JSON.stringify(row)}`);
  }
  return parsed;
}

const values = (parsed: Parsed): number[] => parsed.emotion?.points.map((p) => p.value) ?? [];
const labelsOf = (parsed: Parsed): (string | undefined)[] => parsed.emotion?.points.map((p) => (p.label === undefined ? undefined : decodeEntities(p.label))) ?? [];
const stageNames = (parsed: Parsed): string[] => parsed.stages?.flatMap((p) => (p.label === undefined ? [] : [decodeEntities(p.label)])) ?? [];

describe('emotion view: golden Mermaid for every example map', () => {
  it.each(exampleMaps().map((e) => [e.file, e.map] as const))('%s', (_file, map) => {
    const out = emotionView.render({ map, score: defaultScore(map) });
    expect(out).toBe(render(map));
    const parsed = parseChart(out);
    expect(parsed.emotion!.points).toHaveLength(parsed.labels.length);
    expect(parsed.bands).toHaveLength(parsed.labels.length);
    expect(parsed.stages).toHaveLength(parsed.labels.length);
    expectGolden(`mermaid/${map.id}.emotion.mmd`, out);
  });

  it('examples/retail/online-order.journey.yaml with survey metrics (CSAT labels)', () => {
    const map = exampleMaps().find((e) => e.map.id === 'online-order')!.map;
    const out = render(map, onlineOrderMetrics());
    const parsed = parseChart(out);
    expect(labelsOf(parsed)).toEqual([undefined, undefined, 'CSAT 71', undefined, 'CSAT 66', undefined, undefined, 'CSAT 81', 'CSAT 62', 'CSAT 53', 'CSAT 86', undefined]);
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
});

describe('emotion view: structure', () => {
  it('draws emotion per touchpoint across the page in journey order on the map scale, stages as bands named above', () => {
    const map: JourneyMap = {
      version: 1,
      id: 'm',
      title: 'Clinic visit',
      scales: { emotion: { min: 1, max: 5 } },
      stages: [
        {
          id: 'a',
          name: 'Before',
          touchpoints: [tp('one', { name: 'Booking', emotion: 2 }), tp('two', { name: 'Reminder', emotion: 4.5 }), tp('x', { name: 'Prep', emotion: 3 })],
        },
        { id: 'b', name: 'Visit', touchpoints: [tp('three', { name: 'Consultation', emotion: 5 })] },
        { id: 'c', name: 'After', touchpoints: [tp('four', { name: 'Bill', emotion: 1 })] },
      ],
    };
    expect(render(map)).toBe(
      [
        ...layout(5),
        'xychart-beta',
        '    title "Clinic visit"',
        '    x-axis "Touchpoints in journey order" [ "Booking", "Reminder", "Prep", "Consultation", "Bill" ]',
        '    y-axis "Emotion#44; 1 to 5" 1 --> 5',
        '    %% stage bands: every other stage shaded',
        '    bar [5, 5, 5, 1, 5]',
        '    line "Emotion" [2, 4.5, 3, 5, 1]',
        '    %% stage names, above the middle of each stage',
        // Names over one touchpoint each, side by side: cut to the room between them.
        '    line [5, 5 "Before", 5, 5 "Vis#8230;", 5 "Aft#8230;"]',
        '',
      ].join('\n'),
    );
    expect(emotionLegend({ map })).toEqual([]);
  });

  it('leaves a touchpoint without an emotion off the curve (never at 0 or the midpoint), and says so on the axis and in the legend', () => {
    const map = mapOf([tp('a', { name: 'Alpha' }), tp('b', { emotion: 7 }), tp('c', { emotion: -1 }), tp('d', { name: 'Delta' })], { scales: { emotion: { min: 0, max: 5 } } });
    const parsed = parseChart(render(map));
    expect(parsed.labels).toEqual(['b', 'c']);
    expect(values(parsed)).toEqual([5, 0]);
    expect(decodeEntities(parsed.xTitle!)).toBe('Touchpoints in journey order (2 without an emotion left out)');
    expect(parsed.comments).toEqual([
      '%% no emotion, left out of the curve: a, d',
      '%% emotion outside 0..5, drawn at the nearest end: b, c',
      '%% stage bands: every other stage shaded',
      '%% stage names, above the middle of each stage',
    ]);
    expect(emotionLegend({ map })).toEqual([{ text: 'Not on the curve, no emotion recorded: Alpha; Delta' }]);
    expect(findView('emotion')!.legend!({ map })).toEqual(emotionLegend({ map }));
  });

  it('draws a stage whose touchpoints all lack an emotion not at all, and keeps the bands alternating over the drawn stages', () => {
    const map: JourneyMap = {
      version: 1,
      id: 'm',
      title: 'T',
      stages: [
        { id: 'a', name: 'A', touchpoints: [tp('one', { emotion: 0 })] },
        { id: 'b', name: 'B', touchpoints: [tp('two')] },
        { id: 'c', name: 'C', touchpoints: [tp('three', { emotion: 1 }), tp('four', { emotion: 2 })] },
      ],
    };
    const parsed = parseChart(render(map));
    expect(parsed.bands).toEqual([2, -2, -2]);
    expect(stageNames(parsed)).toEqual(['A', 'C']);
  });

  it('keeps extreme scales on the axis', () => {
    const parsed = parseChart(render(mapOf([tp('a'), tp('b', { emotion: Number.MAX_VALUE })], { scales: { emotion: { min: 1e308, max: Number.MAX_VALUE } } })));
    expect(values(parsed)).toEqual([Number.MAX_VALUE]);
    expect(values(parsed).every((v) => v >= parsed.yAxis.min && v <= parsed.yAxis.max)).toBe(true);
  });

  it('falls back to -2..2 when the scale is unusable', () => {
    const parsed = parseChart(render(mapOf([tp('a', { emotion: 1 })], { scales: { emotion: { min: 3, max: 3 } } })));
    expect(parsed.yAxis).toEqual({ label: 'Emotion#44; #45;2 to 2', min: -2, max: 2 });
    expect(parsed.comments[0]).toBe("%% the map's emotion scale is unusable (max not above min): drawn on -2..2");
  });

  it('keeps equal touchpoint names apart (the band axis would merge them)', () => {
    const parsed = parseChart(render(mapOf([tp('a', { name: 'Email', emotion: 0 }), tp('b', { name: 'Email', emotion: 1 }), tp('c', { name: 'Email', emotion: 2 })])));
    expect(parsed.labels.map(decodeEntities)).toEqual(['Email', 'Email (2)', 'Email (3)']);
  });

  it('cuts names, stage names and the title to what xychart can show (it drops every label when one is too wide)', () => {
    // xychart measures the source text, entities included: punctuation costs more room than letters.
    const long = 'Substitution and shortage notice sent by text message at 6 am';
    const map = mapOf([tp('a', { name: long, emotion: 0 }), tp('b', { name: '<'.repeat(60), emotion: 1 }), tp('c', { name: '中'.repeat(60), emotion: 2 })], {
      title: 'T'.repeat(200),
    });
    const parsed = parseChart(render({ ...map, stages: [...map.stages, { id: 'z', name: 'A stage with a very long name indeed', touchpoints: [tp('d', { emotion: 0 })] }] }));
    const [latin, symbols, cjk] = parsed.labels;
    expect(decodeEntities(latin!)).toMatch(/^Substitution and short.*…$/);
    expect(decodeEntities(latin!).length).toBeLessThan(long.length);
    expect(decodeEntities(symbols!)).toMatch(/^<{5,}…$/);
    expect(decodeEntities(cjk!)).toMatch(/^中{10,}…$/);
    // Every label within the estimated room: 7 px per character written, 13 px for CJK.
    for (const label of parsed.labels) expect([...label].reduce((w, ch) => w + (ch.codePointAt(0)! >= 0x2e80 ? 13 : 7), 0)).toBeLessThanOrEqual(215);
    expect(decodeEntities(parsed.title)).toMatch(/^T{40,}…$/);
    expect(stageNames(parsed)).toEqual(['Stage', 'A stage with a…']);
    // Short names stay whole.
    expect(parseChart(render(mapOf([tp('a', { name: 'Checkout', emotion: 0 })]))).labels).toEqual(['Checkout']);
  });

  it('writes an axis without a line when the map has no touchpoints, or none with an emotion', () => {
    const out = render({ version: 1, id: 'm', title: 'Empty', stages: [{ id: 's', name: 'S' }] });
    expect(out).toBe(
      [
        ...layout(0),
        'xychart-beta',
        '    title "Empty"',
        '    %% the map has no touchpoints',
        '    x-axis [ "No touchpoints" ]',
        '    y-axis "Emotion#44; #45;2 to 2" -2 --> 2',
        '',
      ].join('\n'),
    );
    const none = parseChart(render(mapOf([tp('a'), tp('b')])));
    expect(none.labels.map(decodeEntities)).toEqual(['No touchpoint has an emotion (2 left out)']);
    expect(none.emotion).toBeUndefined();
  });

  it('draws the curve in a colour visible on the chart and on the bands (3:1)', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
        number,
        number,
        number,
      ];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a: string, b: string) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    for (const ground of [EMOTION_COLOURS.background, EMOTION_COLOURS.band]) {
      expect(contrast(EMOTION_COLOURS.emotion, ground)).toBeGreaterThanOrEqual(3);
      expect(contrast(EMOTION_COLOURS.stage, ground)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(EMOTION_COLOURS.text, ground)).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('emotion view: survey figures', () => {
  const map = mapOf([tp('a', { emotion: 1, survey_segment: 'Seg A' }), tp('b', { emotion: 0 }), tp('c', { emotion: -1 })]);

  it('labels each point with the CSAT of its segment (survey_segment, else id), on its own scale; none where there is no figure', () => {
    const parsed = parseChart(
      render(map, metricsReport({ touchpoint: { 'Seg A': { csat: csat(80, 40) }, c: { csat: csat(25.4, 40), nps: nps(-20, 40) }, a: { csat: csat(0, 9) } } })),
    );
    expect(values(parsed)).toEqual([1, 0, -1]);
    expect(labelsOf(parsed)).toEqual(['CSAT 80', undefined, 'CSAT 25']);
    expect(decodeEntities(parsed.yAxis.label)).toBe('Emotion, -2 to 2; labels: CSAT, 0 to 100');
    expect(decodeEntities(parsed.emotion!.title)).toBe('Emotion, labelled with CSAT (0 to 100)');
    expect(parsed.comments.slice(0, 2)).toEqual([
      "%% labels: CSAT of each touchpoint's survey segment (by touchpoint), on its own 0 to 100 scale",
      '%% no CSAT figure, no label: b',
    ]);
  });
  it('labels NPS when no segment has CSAT', () => {
    const parsed = parseChart(render(map, metricsReport({ touchpoint: { 'Seg A': { nps: nps(50, 40) }, b: { nps: nps(-100, 40) } } })));
    expect(labelsOf(parsed)).toEqual(['NPS 50', 'NPS -100', undefined]);
    expect(parsed.comments[0]).toBe("%% labels: NPS of each touchpoint's survey segment (by touchpoint), on its own -100 to 100 scale");
  });
  it('joins on the stage only when the figures have no touchpoint segments (as journey score does)', () => {
    const two: JourneyMap = { ...map, stages: [...map.stages, { id: 't', name: 'T', touchpoints: [tp('d', { emotion: 2 })] }] };
    const parsed = parseChart(render(two, metricsReport({ stage: { s: { csat: csat(100, 50) } } })));
    expect(labelsOf(parsed)).toEqual(['CSAT 100', 'CSAT 100', 'CSAT 100', undefined]);
    const withTouchpoints = parseChart(render(two, metricsReport({ touchpoint: { zzz: { csat: csat(100, 50) } }, stage: { s: { csat: csat(100, 50) } } })));
    expect(labelsOf(withTouchpoints)).toEqual([undefined, undefined, undefined, undefined]);
  });
  it('says why there are no survey figures', () => {
    expect(parseChart(render(map, metricsReport({}))).comments[0]).toBe('%% survey: the metrics have no touchpoint or stage segments, so no survey figures on the curve');
    const none = parseChart(render(map, metricsReport({ touchpoint: { b: {} } })));
    expect(none.comments[0]).toBe('%% survey: no CSAT or NPS figure in the segment (by touchpoint) of any touchpoint on the curve, so no survey figures on the curve');
    expect(labelsOf(none)).toEqual([undefined, undefined, undefined]);
  });
  it('ignores inherited keys as segments', () => {
    const proto = mapOf([tp('constructor', { emotion: 0 }), tp('x', { emotion: 0, survey_segment: '__proto__' })]);
    const parsed = parseChart(render(proto, metricsReport({ touchpoint: { other: { csat: csat(90, 50) } } })));
    expect(labelsOf(parsed)).toEqual([undefined, undefined]);
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
    const rest = withoutEntities(chartBody(out))
      .replaceAll(' --> ', ' ')
      .replace(/"(?:[\p{L}\p{N} ])*"/gu, '""');
    expect(rest).toContain('bar [');
    expect(rest).not.toMatch(/[<>;#{}|`]/);
  });
  it('keeps every touchpoint name intact once the entities are decoded (or cut to fit, never altered), keywords included', () => {
    expect(wholeOrCut(decodeEntities(parsed.title), shown(map.title))).toBe(true);
    const names = map.stages.flatMap((s) => (s.touchpoints ?? []).filter((t) => typeof t.emotion === 'number').map((t) => shown(t.name)));
    expect(parsed.labels).toHaveLength(names.length);
    parsed.labels.forEach((label, i) => expect(wholeOrCut(decodeEntities(label), names[i]!), `${label} for ${names[i]!}`).toBe(true));
    // The short ones whole: the keywords; CJK with emoji kept as far as it fits.
    expect(parsed.labels.map(decodeEntities).some((l) => l.startsWith('😀 Emoji and 中文'))).toBe(true);
    expect(parsed.labels.slice(0, 2)).toEqual(['section', 'title#58; fake title']);
  });
  it('draws one point per touchpoint with an emotion, the survey figures as labels', () => {
    expect(values(parsed)).toEqual([-2, 2, 0, 1.5, -1, -0.5, 1]);
    expect(labelsOf(parsed)).toEqual(['CSAT 10', undefined, undefined, undefined, undefined, undefined, 'CSAT 90']);
    expect(parsed.comments).toContain('%% no emotion, left out of the curve: img');
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
        const drawn = tps.filter(([, e]) => e !== undefined);
        if (drawn.length === 0) return;
        labels.forEach((label, i) => expect(wholeOrCut(label, shown(drawn[i]![0]) || `t${tps.indexOf(drawn[i]!)}`), `${label} for ${drawn[i]![0]}`).toBe(true));
        expect(values(parsed)).toEqual(drawn.map(([, e]) => Number(chartNumber(Math.min(2, Math.max(-2, e!))))));
      }),
    );
  });
});

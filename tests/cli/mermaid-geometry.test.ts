/**
 * The Mermaid views as a client sees them (issue 13 item 5): each diagram is drawn by the real
 * renderer (withRenderer, Chromium) and measured where it was drawn, at its natural size, not
 * read back from its source: the blueprint's stages left to right in journey order with a real
 * line of visibility; the priority quadrant's marks inside the chart, apart from each other and
 * off the captions, its title whole; the emotion curve across the page with visible colours; the
 * journey diagram's text legible at 15 touchpoints. The themes offered to `--theme` keep every
 * series visible.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer';
import type { Browser, Page } from 'puppeteer';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findView } from '../../src/core/mermaid/index.js';
import type { View, ViewInput } from '../../src/core/mermaid/types.js';
import type { JourneyMap } from '../../src/core/model.js';
import { withRenderer } from '../../src/io/render.js';
import { MERMAID_THEMES, THEME_BACKGROUNDS, mermaidConfig, mermaidRuntimePath } from '../../src/io/mermaid-runtime.js';
import type { MermaidTheme } from '../../src/io/mermaid-runtime.js';
import { renderMarkdownReport } from '../../src/core/report/markdown.js';
import { metricsReport, nps } from '../core/score/helpers.js';
import { defaultScore, exampleMaps, hostileMap, onlineOrderMetrics } from '../core/mermaid/view-fixtures.js';
import { REPO_ROOT, browserForTests, runCli, workspace } from './harness.js';

const FIFTEEN_FILE = 'tests/fixtures/mermaid/fifteen.journey.yaml';
const fifteen = parse(readFileSync(path.join(REPO_ROOT, FIFTEEN_FILE), 'utf8')) as JourneyMap;
const examples = exampleMaps();
const onlineOrder = examples.find((e) => e.map.id === 'online-order')!.map;
const MAPS: { name: string; map: JourneyMap }[] = [
  ...examples.map(({ file, map }) => ({ name: file, map })),
  { name: FIFTEEN_FILE, map: fifteen },
  { name: 'hostile', map: hostileMap().map },
];

const touchpointCount = (map: JourneyMap) => map.stages.reduce((n, s) => n + (s.touchpoints?.length ?? 0), 0);

function source(id: View['id'], map: JourneyMap, extra: Partial<ViewInput> = {}): string {
  return findView(id)!.render({ map, score: defaultScore(map), ...extra });
}

// ---------------------------------------------------------------------------------------------
// Colour contrast (WCAG 2.x relative luminance; graphics need 3:1, text 4.5:1, no rounding up)

function rgb(colour: string): [number, number, number] {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour.trim());
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((c) => c + c).join('') : hex[1]!;
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
  }
  const fn = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(colour.trim());
  if (fn) return [Number(fn[1]), Number(fn[2]), Number(fn[3])];
  if (colour.trim() === 'white') return [255, 255, 255];
  if (colour.trim() === 'black') return [0, 0, 0];
  throw new Error(`not a colour: ${colour}`);
}

function luminance(colour: string): number {
  const [r, g, b] = rgb(colour).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The report's "NPS by period" chart (src/core/report/markdown.ts), for three months of figures. */
function trendSource(): string {
  const metrics = { ...metricsReport({}), periods: { '2026-08': { nps: nps(12, 80) }, '2026-09': { nps: nps(-5, 80) }, '2026-10': { nps: nps(20, 80) } } };
  let trend = '';
  renderMarkdownReport({
    map: onlineOrder,
    score: defaultScore(onlineOrder),
    metrics,
    generated: '2026-12-07',
    diagram: (d) => {
      if (d.id === 'trend') trend = d.source;
      return [];
    },
  });
  expect(trend).toContain('xychart-beta');
  return trend;
}

// ---------------------------------------------------------------------------------------------
// Drawing and measuring

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const right = (b: Box) => b.x + b.width;
const bottom = (b: Box) => b.y + b.height;
const centreX = (b: Box) => b.x + b.width / 2;
function overlap(a: Box, b: Box): boolean {
  return a.x < right(b) && b.x < right(a) && a.y < bottom(b) && b.y < bottom(a);
}

const browser = await browserForTests('Mermaid geometry');

describe.skipIf(!browser)('the Mermaid views as drawn in Chromium', () => {
  let instance: Browser;
  let page: Page;
  /** Every source of the tests, drawn by the product's renderer, as SVG. */
  const drawn = new Map<string, string>();

  const SOURCES: Record<string, string> = {};
  for (const { name, map } of MAPS) {
    for (const id of ['blueprint', 'priority', 'emotion', 'journey'] as const) SOURCES[`${id} ${name}`] = source(id, map);
  }
  SOURCES['emotion online-order with survey'] = source('emotion', onlineOrder, { metrics: onlineOrderMetrics() });
  SOURCES.trend = trendSource();

  beforeAll(async () => {
    await withRenderer(
      browser!,
      async (render) => {
        for (const [key, definition] of Object.entries(SOURCES)) drawn.set(key, Buffer.from(await render(definition, 'svg')).toString('utf8'));
      },
      'shared-page',
    );
    instance = await puppeteer.launch({
      executablePath: browser!,
      headless: true,
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--host-resolver-rules=MAP * ~NOTFOUND', '--proxy-server=127.0.0.1:9'],
    });
    page = await instance.newPage();
    // Wide enough for every diagram at its natural size (the SVGs cap their width with max-width).
    await page.setViewport({ width: 6000, height: 3000, deviceScaleFactor: 1 });
    await page.setContent('<!doctype html><html><body style="margin:0"><div id="c"></div></body></html>');
  }, 180_000);

  afterAll(async () => {
    await instance?.close();
  });

  /** Shows an SVG in the measuring page, at its natural size. */
  async function show(svg: string, background = '#ffffff'): Promise<void> {
    await page.evaluate(
      (markup, bg) => {
        const doc = (globalThis as unknown as { document: { body: { style: { background: string } }; getElementById(id: string): { innerHTML: string } } }).document;
        doc.body.style.background = bg;
        doc.getElementById('c').innerHTML = markup;
      },
      svg,
      background,
    );
  }

  /** Runs `fn` in the page (DOM code as a string: the project's TypeScript has no DOM types). */
  function measure<T>(fn: string): Promise<T> {
    return page.evaluate(fn) as Promise<T>;
  }

  const BOX_OF = `const boxOf = (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; };`;

  describe('blueprint', () => {
    it.each(MAPS.map(({ name }) => name))('%s: stages and touchpoints drawn left to right in journey order, under their stage', async (name) => {
      const { map } = MAPS.find((m) => m.name === name)!;
      await show(drawn.get(`blueprint ${name}`)!);
      const found = await measure<{ stages: { text: string; box: Box }[]; touchpoints: { text: string; box: Box }[] }>(`(() => {
        ${BOX_OF}
        const pick = (prefix) => [...document.querySelectorAll('svg g.node')].filter((g) => new RegExp('-' + prefix + '\\\\d+$').test(g.id))
          .map((g) => ({ n: Number(/(\\d+)$/.exec(g.id)[1]), text: g.textContent, box: boxOf(g) })).sort((a, b) => a.n - b.n);
        return { stages: pick('s'), touchpoints: pick('c') };
      })()`);
      const stages = map.stages.filter((s) => (s.touchpoints ?? []).length > 0);
      const squash = (text: string) => text.replace(/\s+/g, '');
      expect(found.stages.map((s) => squash(s.text))).toEqual(stages.map((s) => squash(s.name)));
      expect(found.touchpoints.map((t) => squash(t.text))).toEqual(stages.flatMap((s) => s.touchpoints!.map((t) => squash(t.name))));
      // Drawn left to right: every stage (and touchpoint) right of the one before it.
      for (const list of [found.stages, found.touchpoints]) {
        for (let i = 1; i < list.length; i++) expect(list[i]!.box.x).toBeGreaterThanOrEqual(right(list[i - 1]!.box) - 1);
      }
      // Each touchpoint under its own stage.
      let t = 0;
      stages.forEach((stage, s) => {
        for (let k = 0; k < stage.touchpoints!.length; k++) {
          const c = centreX(found.touchpoints[t++]!.box);
          expect(c).toBeGreaterThan(found.stages[s]!.box.x);
          expect(c).toBeLessThan(right(found.stages[s]!.box));
        }
      });
    });

    it.each([FIFTEEN_FILE, 'examples/retail/online-order.journey.yaml'])(
      '%s: the line of visibility is a labelled dashed rule across every touchpoint, between frontstage and backstage',
      async (name) => {
        await show(drawn.get(`blueprint ${name}`)!);
        const found = await measure<{ lines: { label: string; path: Box; dash: string; stroke: string }[]; first: Box; last: Box; front: Box[]; back: Box[] }>(`(() => {
        ${BOX_OF}
        const node = (suffix) => [...document.querySelectorAll('svg g.node')].find((g) => g.id.endsWith('-' + suffix));
        const nodes = (prefix) => [...document.querySelectorAll('svg g.node')].filter((g) => new RegExp('-' + prefix + '\\\\d+$').test(g.id)).map(boxOf);
        const lines = [1, 2, 3].map((n) => {
          const path = [...document.querySelectorAll('svg path')].find((p) => p.id.endsWith('-l' + n + '-e' + n));
          if (!path) return undefined;
          const style = getComputedStyle(path);
          return { label: node('l' + n).textContent.trim(), path: boxOf(path), dash: style.strokeDasharray, stroke: style.stroke };
        }).filter(Boolean);
        const cs = nodes('c');
        return { lines, first: cs[0], last: cs[cs.length - 1], front: nodes('f'), back: nodes('b') };
      })()`);
        expect(found.lines.map((l) => l.label)).toEqual(['Line of interaction', 'Line of visibility', 'Line of internal interaction']);
        for (const line of found.lines) {
          expect(line.path.height).toBeLessThan(3);
          expect(line.path.x).toBeLessThanOrEqual(found.first.x);
          expect(right(line.path)).toBeGreaterThanOrEqual(right(found.last));
          expect(line.dash).not.toBe('none');
          expect(contrast(line.stroke, '#ffffff')).toBeGreaterThanOrEqual(3);
        }
        const visibility = found.lines[1]!.path;
        for (const box of found.front) expect(bottom(box)).toBeLessThan(visibility.y);
        for (const box of found.back) expect(box.y).toBeGreaterThan(visibility.y);
      },
    );
  });

  describe('priority quadrant', () => {
    it.each(MAPS.map(({ name }) => name))('%s: numbered marks inside the chart, apart from each other and from the captions; the title whole', async (name) => {
      const { map } = MAPS.find((m) => m.name === name)!;
      await show(drawn.get(`priority ${name}`)!);
      const found = await measure<{ svg: Box; title: Box | undefined; captions: Box[]; points: { text: string; dot: Box; label: Box }[] }>(`(() => {
        ${BOX_OF}
        const svg = document.querySelector('svg');
        const title = svg.querySelector('g.title text');
        return {
          svg: boxOf(svg),
          title: title ? boxOf(title) : undefined,
          captions: [...svg.querySelectorAll('g.quadrant text')].map(boxOf),
          points: [...svg.querySelectorAll('g.data-point')].map((g) => ({ text: g.querySelector('text').textContent, dot: boxOf(g.querySelector('circle')), label: boxOf(g.querySelector('text')) })),
        };
      })()`);
      const legend = findView('priority')!.legend!({ map, score: defaultScore(map) }).filter((e) => e.mark !== undefined);
      // Mermaid draws the points last to first: one mark per legend entry, numbered 1..n.
      const numbers = found.points.map((p) => Number(p.text)).sort((a, b) => a - b);
      expect(numbers.map(String)).toEqual(legend.map((e) => e.mark));
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      const inside = (b: Box) => b.x >= found.svg.x && b.y >= found.svg.y && right(b) <= right(found.svg) && bottom(b) <= bottom(found.svg);
      expect(found.title).toBeDefined();
      expect(inside(found.title!)).toBe(true);
      expect(found.title!.width).toBeGreaterThan(50);
      const marks = found.points.map((p) => ({ text: p.text, boxes: [p.dot, p.label] }));
      for (const mark of marks) {
        for (const box of mark.boxes) {
          expect(inside(box), `mark ${mark.text} inside the chart`).toBe(true);
          for (const caption of found.captions) expect(overlap(box, caption), `mark ${mark.text} off the captions`).toBe(false);
        }
      }
      for (let i = 0; i < marks.length; i++) {
        for (let j = i + 1; j < marks.length; j++) {
          for (const a of marks[i]!.boxes) for (const b of marks[j]!.boxes) expect(overlap(a, b), `marks ${marks[i]!.text} and ${marks[j]!.text} apart`).toBe(false);
        }
      }
    });

    it('a map of 30 opportunities on the same ratings, at the cut-offs: still apart, inside, off the captions', async () => {
      const crowded: JourneyMap = {
        version: 1,
        id: 'crowded',
        title: 'A very long map title that would run off both sides of the quadrant chart if it were not cut to fit',
        stages: [
          {
            id: 's',
            name: 'S',
            touchpoints: [
              {
                id: 't',
                name: 'T',
                channel: 'web',
                opportunities: Array.from({ length: 30 }, (_, i) => ({ id: `o${i}`, description: `Opportunity ${i}`, impact: i % 2 === 0 ? 3 : 2, effort: 3 })),
              },
            ],
          },
        ],
      };
      const svg = await withRenderer(browser!, (render) => render(source('priority', crowded), 'svg'));
      await show(Buffer.from(svg).toString('utf8'));
      const found = await measure<{ svg: Box; title: Box; captions: Box[]; points: Box[][] }>(`(() => {
        ${BOX_OF}
        const svg = document.querySelector('svg');
        return {
          svg: boxOf(svg),
          title: boxOf(svg.querySelector('g.title text')),
          captions: [...svg.querySelectorAll('g.quadrant text')].map(boxOf),
          points: [...svg.querySelectorAll('g.data-point')].map((g) => [boxOf(g.querySelector('circle')), boxOf(g.querySelector('text'))]),
        };
      })()`);
      expect(found.points).toHaveLength(30);
      expect(found.title.x).toBeGreaterThanOrEqual(found.svg.x);
      expect(right(found.title)).toBeLessThanOrEqual(right(found.svg));
      for (const boxes of found.points) {
        for (const box of boxes) {
          expect(box.x).toBeGreaterThanOrEqual(found.svg.x);
          expect(right(box)).toBeLessThanOrEqual(right(found.svg));
          for (const caption of found.captions) expect(overlap(box, caption)).toBe(false);
        }
      }
      for (let i = 0; i < found.points.length; i++) {
        for (let j = i + 1; j < found.points.length; j++) {
          for (const a of found.points[i]!) for (const b of found.points[j]!) expect(overlap(a, b)).toBe(false);
        }
      }
    }, 60_000);
  });

  describe('emotion curve', () => {
    interface Curve {
      background: string;
      bands: string[];
      lines: { stroke: string; points: { x: number; y: number }[] }[];
      labels: string[];
      stageNames: string[];
    }
    const CURVE = `(() => {
      const svg = document.querySelector('svg');
      const points = (d) => [...d.matchAll(/[ML]\\s*([-\\d.]+)[ ,]([-\\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
      const plots = [...svg.querySelectorAll('g.plot > g')].filter((g) => /^line-plot-/.test(g.getAttribute('class')));
      return {
        background: getComputedStyle(svg.querySelector('rect.background')).fill,
        bands: [...svg.querySelectorAll('g.plot g[class^="bar-plot"] rect')].filter((r) => Number(r.getAttribute('height')) > 20).map((r) => getComputedStyle(r).fill),
        lines: plots.map((g) => { const p = g.querySelector('path'); return { stroke: getComputedStyle(p).stroke, points: points(p.getAttribute('d')) }; }),
        labels: [...svg.querySelectorAll('g.bottom-axis g.label text')].map((t) => t.textContent),
        stageNames: plots.length > 1 ? [...plots[plots.length - 1].querySelectorAll('text')].map((t) => t.textContent) : [],
      };
    })()`;

    it.each(MAPS.map(({ name }) => name))('%s: across the page in journey order, every touchpoint with an emotion and no other, stages named', async (name) => {
      const { map } = MAPS.find((m) => m.name === name)!;
      await show(drawn.get(`emotion ${name}`)!);
      const curve = await measure<Curve>(CURVE);
      const withEmotion = map.stages.flatMap((s) => (s.touchpoints ?? []).filter((t) => typeof t.emotion === 'number'));
      const emotion = curve.lines[0]!;
      // One vertex per touchpoint with an emotion: a missing one is left out, never drawn at 0.
      expect(emotion.points).toHaveLength(withEmotion.length);
      expect(curve.labels).toHaveLength(withEmotion.length);
      for (let i = 1; i < emotion.points.length; i++) expect(emotion.points[i]!.x).toBeGreaterThan(emotion.points[i - 1]!.x);
      // Higher emotion is drawn higher (smaller y), as the map says.
      for (let i = 0; i < withEmotion.length; i++) {
        for (let j = 0; j < withEmotion.length; j++) {
          if (withEmotion[i]!.emotion! > withEmotion[j]!.emotion!) expect(emotion.points[i]!.y).toBeLessThan(emotion.points[j]!.y);
        }
      }
      // Every stage with a touchpoint on the curve is named above it, in journey order.
      const stages = map.stages.filter((s) => (s.touchpoints ?? []).some((t) => typeof t.emotion === 'number'));
      expect(curve.stageNames).toHaveLength(stages.length);
      stages.forEach((stage, i) => {
        const shown = curve.stageNames[i]!;
        expect(stage.name.trim().startsWith(shown.replace(/…$/, ''))).toBe(true);
      });
    });

    it.each([...MAPS.map(({ name }) => name), 'online-order with survey'])('%s: the curve and the stage names have at least 3:1 against the chart and the bands', async (name) => {
      await show(drawn.get(`emotion ${name}`)!);
      const curve = await measure<Curve>(CURVE);
      for (const line of curve.lines) {
        expect(contrast(line.stroke, curve.background)).toBeGreaterThanOrEqual(3);
        for (const band of curve.bands) expect(contrast(line.stroke, band)).toBeGreaterThanOrEqual(3);
      }
    });

    it("the report's trend by period: its line has at least 3:1 against its chart", async () => {
      await show(drawn.get('trend')!);
      const chart = await measure<{ background: string; strokes: string[] }>(`(() => {
        const svg = document.querySelector('svg');
        return {
          background: getComputedStyle(svg.querySelector('rect.background')).fill,
          strokes: [...svg.querySelectorAll('g.plot g[class^="line-plot"] path')].map((p) => getComputedStyle(p).stroke),
        };
      })()`);
      expect(chart.strokes).toHaveLength(1);
      expect(contrast(chart.strokes[0]!, chart.background)).toBeGreaterThanOrEqual(3);
      expect(contrast(chart.strokes[0]!, '#ffffff')).toBeGreaterThanOrEqual(3);
    });

    it('labels each point with the survey figure of its touchpoint, and no other', async () => {
      await show(drawn.get('emotion online-order with survey')!);
      const labels = await measure<string[]>(`[...document.querySelectorAll('g.plot g.line-plot-1 text')].map((t) => t.textContent)`);
      expect(labels).toEqual(['CSAT 71', 'CSAT 66', 'CSAT 81', 'CSAT 62', 'CSAT 53', 'CSAT 86']);
    });
  });

  describe('journey diagram', () => {
    it('at 15 touchpoints: the PNG is the diagram at its natural size, task text at least 11 px high, persona names whole', async () => {
      expect(touchpointCount(fifteen)).toBe(15);
      await show(drawn.get(`journey ${FIFTEEN_FILE}`)!);
      const found = await measure<{ svg: Box; tasks: { text: string; height: number }[]; legend: string[] }>(`(() => {
        const svg = document.querySelector('svg');
        const r = svg.getBoundingClientRect();
        // Task names are HTML inside foreignObject: the height of each line box as drawn.
        const lineHeight = (el) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          return Math.min(...[...range.getClientRects()].map((b) => b.height));
        };
        return {
          svg: { x: r.x, y: r.y, width: r.width, height: r.height },
          tasks: [...svg.querySelectorAll('foreignObject div.task, foreignObject .task .label, foreignObject div.label')]
            .filter((d) => d.textContent.trim() !== '')
            .map((d) => ({ text: d.textContent, height: lineHeight(d) })),
          legend: [...svg.querySelectorAll('text.legend')].map((t) => t.textContent),
        };
      })()`);
      expect(found.tasks.length).toBeGreaterThanOrEqual(15);
      for (const task of found.tasks) expect(task.height, task.text).toBeGreaterThanOrEqual(11);
      expect(found.legend.join(' ')).toContain('First time claimant homeowner');
      expect(found.legend.join(' ')).toContain('Landlord with several properties');
      // The PNG a user gets is that drawing at its natural width (not shrunk to a 784 px page), at 2x by default.
      const cwd = workspace({ 'map.journey.yaml': readFileSync(path.join(REPO_ROOT, FIFTEEN_FILE)) });
      const out = path.join(cwd, 'journey.png');
      const result = await runCli(['render', 'map.journey.yaml', '--view', 'journey', '--format', 'png', '--output', out], { cwd, env: { JOURNEYKIT_BROWSER: browser! } });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const png = readFileSync(out);
      const width = png.readUInt32BE(16);
      expect(Math.abs(width - 2 * found.svg.width)).toBeLessThanOrEqual(4);
      // The diagram fills its picture: content in the lower half too (the old one was 65% empty).
      expect(png.readUInt32BE(20)).toBeLessThan(width / 2);
    }, 60_000);
  });

  describe('themes', () => {
    /** Draws `definition` with Mermaid in the measuring page, in `theme`. */
    async function drawInTheme(definition: string, theme: MermaidTheme): Promise<void> {
      await show('', THEME_BACKGROUNDS[theme]);
      const error = await page.evaluate(
        async (src, config) => {
          const g = globalThis as unknown as {
            mermaid: { initialize(c: unknown): void; render(id: string, text: string): Promise<{ svg: string }> };
            document: { getElementById(id: string): { innerHTML: string } };
          };
          try {
            g.mermaid.initialize(config);
            const { svg } = await g.mermaid.render(`theme-${Date.now()}`, src);
            g.document.getElementById('c').innerHTML = svg;
            return undefined;
          } catch (e) {
            return String(e);
          }
        },
        definition,
        mermaidConfig(theme),
      );
      expect(error).toBeUndefined();
    }

    beforeAll(async () => {
      await page.addScriptTag({ path: mermaidRuntimePath() });
    });

    it('offers default, neutral, forest and dark', () => {
      expect([...MERMAID_THEMES]).toEqual(['default', 'neutral', 'forest', 'dark']);
      expect(mermaidConfig('default')).toEqual({ startOnLoad: false, securityLevel: 'strict', suppressErrorRendering: true, maxTextSize: 500_000 });
      expect(mermaidConfig('dark')).toMatchObject({ theme: 'dark', securityLevel: 'strict' });
    });

    it.each(MERMAID_THEMES)(
      '%s: the emotion curve, the trend line, the quadrant marks and the blueprint lines stay visible (3:1)',
      async (theme) => {
        await drawInTheme(source('emotion', onlineOrder, { metrics: onlineOrderMetrics() }), theme);
        const curve = await measure<{ background: string; strokes: string[]; bands: string[] }>(`(() => {
        const svg = document.querySelector('svg');
        return {
          background: getComputedStyle(svg.querySelector('rect.background')).fill,
          strokes: [...svg.querySelectorAll('g.plot g[class^="line-plot"] path')].map((p) => getComputedStyle(p).stroke),
          bands: [...svg.querySelectorAll('g.plot g[class^="bar-plot"] rect')].map((r) => getComputedStyle(r).fill),
        };
      })()`);
        expect(curve.strokes).toHaveLength(2);
        for (const stroke of curve.strokes) {
          expect(contrast(stroke, curve.background)).toBeGreaterThanOrEqual(3);
          for (const band of curve.bands) expect(contrast(stroke, band)).toBeGreaterThanOrEqual(3);
        }

        await drawInTheme(trendSource(), theme);
        const trend = await measure<{ background: string; strokes: string[] }>(`(() => {
        const svg = document.querySelector('svg');
        return {
          background: getComputedStyle(svg.querySelector('rect.background')).fill,
          strokes: [...svg.querySelectorAll('g.plot g[class^="line-plot"] path')].map((p) => getComputedStyle(p).stroke),
        };
      })()`);
        expect(trend.strokes).toHaveLength(1);
        expect(contrast(trend.strokes[0]!, trend.background)).toBeGreaterThanOrEqual(3);

        await drawInTheme(source('priority', onlineOrder), theme);
        const quadrant = await measure<{ fills: string[]; dots: string[]; numbers: string[]; captions: string[] }>(`(() => {
        const svg = document.querySelector('svg');
        return {
          fills: [...svg.querySelectorAll('g.quadrant rect')].map((r) => getComputedStyle(r).fill),
          dots: [...svg.querySelectorAll('g.data-point circle')].map((c) => getComputedStyle(c).fill),
          numbers: [...svg.querySelectorAll('g.data-point text')].map((t) => getComputedStyle(t).fill),
          captions: [...svg.querySelectorAll('g.quadrant text')].map((t) => getComputedStyle(t).fill),
        };
      })()`);
        expect(quadrant.dots.length).toBeGreaterThan(0);
        for (const fill of quadrant.fills) {
          for (const dot of quadrant.dots) expect(contrast(dot, fill)).toBeGreaterThanOrEqual(3);
          for (const text of [...quadrant.numbers, ...quadrant.captions]) expect(contrast(text, fill)).toBeGreaterThanOrEqual(4.5);
        }

        await drawInTheme(source('blueprint', onlineOrder), theme);
        const lines = await measure<string[]>(`[...document.querySelectorAll('svg path')].filter((p) => /-l\\d-e\\d$/.test(p.id)).map((p) => getComputedStyle(p).stroke)`);
        expect(lines).toHaveLength(3);
        for (const stroke of lines) expect(contrast(stroke, THEME_BACKGROUNDS[theme])).toBeGreaterThanOrEqual(3);
      },
      60_000,
    );
  });
});

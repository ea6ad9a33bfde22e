/**
 * The journey-map canvas (`journey render --view canvas`) as a reader sees it, checked in headless
 * Chromium (issue 13, items 1-4 and 8): stages drawn left to right in journey order with their
 * touchpoints under them, no text running out of its box, emotion points where the map's values
 * put them (and gaps where it has none), WCAG AA contrast in every theme, --persona and --lanes,
 * PNG sizes, PDF pages, a well-formed SVG that draws, and nothing active from a hostile map.
 * One browser serves the in-page checks; the PNG, PDF and SVG go through the command itself.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer';
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT, browserForTests, runCli, workspace } from './harness.js';

interface MapTouchpoint {
  id: string;
  name: string;
  emotion?: number;
  personas?: string[];
}
interface MapStage {
  id: string;
  name: string;
  touchpoints?: MapTouchpoint[];
}
interface MapFile {
  title: string;
  stages: MapStage[];
  personas?: { id: string }[];
}

interface Case {
  name: string;
  /** Relative to the repository. */
  file: string;
  /** Extra arguments: the workspace config, survey evidence. */
  args: string[];
}

const EXAMPLE_CONFIG = 'examples/journeykit.config.yaml';
const CANVAS_CONFIG = 'tests/fixtures/canvas/journeykit.config.yaml';
const BROADBAND = 'tests/fixtures/canvas/broadband.journey.yaml';
const SMALL = 'tests/fixtures/canvas/small.journey.yaml';
const HOSTILE = 'tests/fixtures/mermaid/hostile.journey.yaml';
const RETAIL = 'examples/retail/online-order.journey.yaml';

const EXAMPLE_MAPS = readdirSync(path.join(REPO_ROOT, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(path.join(REPO_ROOT, 'examples', d.name))
      .filter((f) => f.endsWith('.journey.yaml'))
      .map((f) => `examples/${d.name}/${f}`),
  )
  .sort();

const CASES: Case[] = [
  ...EXAMPLE_MAPS.map((file) => ({ name: path.basename(file, '.journey.yaml'), file, args: ['--config', EXAMPLE_CONFIG] })),
  // The survey series (its own line, markers and axis) is drawn only with survey evidence.
  { name: 'online-order with its survey', file: RETAIL, args: ['--config', EXAMPLE_CONFIG, '--survey', 'examples/surveys/online-order-survey.csv'] },
  { name: 'broadband (40 touchpoints)', file: BROADBAND, args: ['--config', CANVAS_CONFIG] },
  { name: 'small (a stage without touchpoints)', file: SMALL, args: ['--config', CANVAS_CONFIG] },
  { name: 'hostile', file: HOSTILE, args: [] },
];

const THEMES = ['default', 'neutral', 'dark'] as const;

function readMap(file: string): MapFile {
  return parse(readFileSync(path.join(REPO_ROOT, file), 'utf8')) as MapFile;
}

/** The touchpoints a persona takes part in (FORMAT.md: no `personas` list means everyone's), in map order. */
function touchpointsOf(map: MapFile, persona?: string): (MapTouchpoint & { stage: string })[] {
  return map.stages.flatMap((s) =>
    (s.touchpoints ?? [])
      .filter((t) => persona === undefined || t.personas === undefined || t.personas.length === 0 || t.personas.includes(persona))
      .map((t) => ({ ...t, stage: s.id })),
  );
}

const htmlCache = new Map<string, Promise<string>>();

/** The canvas page the command writes (`--format html`), one run per distinct command line. */
function canvasHtml(file: string, args: readonly string[]): Promise<string> {
  const argv = ['render', file, '--view', 'canvas', '--format', 'html', ...args];
  const key = JSON.stringify(argv);
  let html = htmlCache.get(key);
  if (html === undefined) {
    html = runCli(argv, { cwd: REPO_ROOT }).then((result) => {
      if (result.code !== 0) throw new Error(`journey ${argv.join(' ')} exited ${result.code}: ${result.stderr}`);
      return result.stdout;
    });
    htmlCache.set(key, html);
  }
  return html;
}

const PROBE = readFileSync(path.join(import.meta.dirname, 'canvas-probe.js'), 'utf8');

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}
interface Layout {
  width: number;
  stages: (Box & { id: string })[];
  touchpoints: (Box & { id: string | null; stage: string })[];
  lanes: string[];
}
interface EmotionDrawn {
  points: { touchpoint: string; value: number; x: number; y: number; chartTop: number }[];
  segments: { from: { x: number; y: number }; to: { x: number; y: number } }[];
}

const browserPath = await browserForTests('the canvas in a browser');

describe.skipIf(!browserPath)('the canvas drawn in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await puppeteer.launch({ executablePath: browserPath!, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
    page = await browser.newPage();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** Loads a canvas page as a reader opens it (1280 px window, fonts loaded) with the probe installed. */
  async function open(html: string, viewport = { width: 1280, height: 800 }): Promise<void> {
    await page.emulateMediaType('screen');
    await page.setViewport(viewport);
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready.then(() => true)');
    await page.evaluate(PROBE);
  }
  const probe = <T>(call: string): Promise<T> => page.evaluate(`jkProbe.${call}`) as Promise<T>;
  /** The text of every element a selector matches. */
  const textsOf = (selector: string) => page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.textContent)`) as Promise<string[]>;

  describe.each(CASES)('$name', ({ file, args }) => {
    const map = readMap(file);

    it('draws the stages left to right in journey order, each touchpoint under its own stage, in map order', async () => {
      await open(await canvasHtml(file, args));
      const tables = await probe<Layout[]>('layout()');
      expect(tables).toHaveLength(1);
      const { stages, touchpoints } = tables[0]!;
      expect(stages.map((s) => s.id)).toEqual(map.stages.map((s) => s.id));
      for (let i = 1; i < stages.length; i++) {
        expect(stages[i]!.left, `stage '${stages[i]!.id}' starts right of '${stages[i - 1]!.id}'`).toBeGreaterThanOrEqual(stages[i - 1]!.right - 0.5);
      }
      const expected = touchpointsOf(map);
      const drawn = touchpoints.filter((t) => t.id !== null);
      expect(drawn.map((t) => t.id)).toEqual(expected.map((t) => t.id));
      for (let i = 0; i < drawn.length; i++) {
        const tp = drawn[i]!;
        expect(tp.stage).toBe(expected[i]!.stage);
        const stage = stages.find((s) => s.id === tp.stage)!;
        expect(tp.left, `touchpoint '${tp.id}' inside stage '${stage.id}'`).toBeGreaterThanOrEqual(stage.left - 0.5);
        expect(tp.right, `touchpoint '${tp.id}' inside stage '${stage.id}'`).toBeLessThanOrEqual(stage.right + 0.5);
        if (i > 0) expect(tp.left, `touchpoint '${tp.id}' right of '${drawn[i - 1]!.id}'`).toBeGreaterThanOrEqual(drawn[i - 1]!.right - 0.5);
      }
      // A stage without touchpoints still has its column.
      for (const stage of map.stages.filter((s) => (s.touchpoints ?? []).length === 0)) {
        expect(touchpoints.filter((t) => t.stage === stage.id && t.id === null)).toHaveLength(1);
      }
    });

    it('lets no text run out of its card or cell, and no card overlap another', async () => {
      await open(await canvasHtml(file, args));
      const result = await probe<{ checked: number; lines: number; problems: string[] }>('overflow()');
      expect(result.checked).toBeGreaterThan(10);
      expect(result.lines).toBeGreaterThan(10);
      expect(result.problems).toEqual([]);
    });

    it("draws one emotion point per touchpoint with an emotion, placed by its value in its touchpoint's column, and a gap where there is none", async () => {
      await open(await canvasHtml(file, args));
      const [{ touchpoints }] = (await probe<Layout[]>('layout()')) as [Layout];
      const { points, segments } = await probe<EmotionDrawn>('emotion()');
      const withEmotion = touchpointsOf(map).filter((t) => t.emotion !== undefined);
      expect(points.map((p) => [p.touchpoint, p.value])).toEqual(withEmotion.map((t) => [t.id, t.emotion]));
      for (const p of points) {
        const column = touchpoints.find((t) => t.id === p.touchpoint)!;
        expect(p.x, `point of '${p.touchpoint}' inside its column`).toBeGreaterThan(column.left);
        expect(p.x, `point of '${p.touchpoint}' inside its column`).toBeLessThan(column.right);
        expect(Math.abs(p.x - (column.left + column.right) / 2), `point of '${p.touchpoint}' centred in its column`).toBeLessThan(2);
      }
      for (const a of points) {
        for (const b of points) {
          if (a.value > b.value) expect(a.y, `'${a.touchpoint}' (${a.value}) drawn above '${b.touchpoint}' (${b.value})`).toBeLessThan(b.y - 1);
          if (a.value === b.value) expect(Math.abs(a.y - b.y), `'${a.touchpoint}' and '${b.touchpoint}' at the same height`).toBeLessThan(0.5);
        }
      }
      // The line joins neighbouring points only: it never crosses the column of a touchpoint without emotion.
      for (const t of touchpointsOf(map).filter((t) => t.emotion === undefined)) {
        const column = touchpoints.find((c) => c.id === t.id)!;
        const centre = (column.left + column.right) / 2;
        const crossing = segments.filter((s) => Math.min(s.from.x, s.to.x) < centre && Math.max(s.from.x, s.to.x) > centre);
        expect(crossing, `the curve has a gap at '${t.id}'`).toEqual([]);
      }
      if (points.length > 1) expect(segments.length).toBeGreaterThan(0);
    });

    it.each(THEMES)('passes WCAG AA contrast in the %s theme (text 4.5:1, large text and curve 3:1)', async (theme) => {
      await open(await canvasHtml(file, [...args, '--theme', theme]));
      const result = await probe<{ texts: number; graphics: number; failures: string[] }>('contrast()');
      expect(result.texts).toBeGreaterThan(10);
      expect(result.failures).toEqual([]);
    });
  });

  it('the survey series is drawn when the survey is given (so its contrast is checked above)', async () => {
    await open(await canvasHtml(RETAIL, ['--config', EXAMPLE_CONFIG, '--survey', 'examples/surveys/online-order-survey.csv']));
    const [{ lanes }] = (await probe<Layout[]>('layout()')) as [Layout];
    expect(lanes).toContain('survey');
    expect(await page.$$('.jk-marker--survey')).not.toHaveLength(0);
  });

  it('the survey lane says, in visible text, which figure it draws (a reader cannot tell NPS from CSAT by the dots)', async () => {
    await open(await canvasHtml(RETAIL, ['--config', EXAMPLE_CONFIG, '--survey', 'examples/surveys/online-order-survey.csv']));
    // The example's survey has NPS for most touchpoints, so the series is NPS (-100 to +100).
    expect(await textsOf('tr[data-lane="survey"] > th')).toEqual([expect.stringContaining('NPS')]);
  });

  it('--persona draws only that persona: its card, and the touchpoints it takes part in', async () => {
    const map = readMap(BROADBAND);
    for (const persona of map.personas!.map((p) => p.id)) {
      await open(await canvasHtml(BROADBAND, ['--config', CANVAS_CONFIG, '--persona', persona]));
      const cards = await page.evaluate('[...document.querySelectorAll(".jk-card--persona")].map((e) => e.getAttribute("data-persona"))');
      expect(cards).toEqual([persona]);
      const [{ touchpoints }] = (await probe<Layout[]>('layout()')) as [Layout];
      const expected = touchpointsOf(map, persona);
      expect(touchpoints.filter((t) => t.id !== null).map((t) => t.id)).toEqual(expected.map((t) => t.id));
      expect(expected.length).toBeLessThan(touchpointsOf(map).length);
      const { points } = await probe<EmotionDrawn>('emotion()');
      expect(points.map((p) => p.touchpoint)).toEqual(expected.filter((t) => t.emotion !== undefined).map((t) => t.id));
    }
  });

  it('--lanes emotion,pain-points draws just those lanes, in the canvas order', async () => {
    await open(await canvasHtml(BROADBAND, ['--config', CANVAS_CONFIG, '--lanes', 'pain-points,emotion']));
    const [{ lanes }] = (await probe<Layout[]>('layout()')) as [Layout];
    expect(lanes).toEqual(['emotion', 'pain-points']);
    expect(await page.$$('[data-lane]')).toHaveLength(2);
    expect(await page.$$('.jk-line')).toHaveLength(0);
  });

  it.each(['a3', 'a4'] as const)(
    'split for print on %s: pages in journey order, a new page between stages (within a stage only when it is wider than a page), points in their columns',
    async (size) => {
      const map = readMap(BROADBAND);
      await open(await canvasHtml(BROADBAND, ['--config', CANVAS_CONFIG, '--page', size]));
      const tables = await probe<Layout[]>('layout()');
      expect(tables.length).toBeGreaterThan(1);
      const perPage = Math.max(...tables.map((t) => t.touchpoints.length));
      const drawn = tables.flatMap((t) => t.touchpoints.map((c) => c.id));
      expect(drawn).toEqual(touchpointsOf(map).map((t) => t.id));
      expect(tables.flatMap((t) => t.stages.map((s) => s.id)).filter((id, i, all) => all[i - 1] !== id)).toEqual(map.stages.map((s) => s.id));
      for (let i = 1; i < tables.length; i++) {
        const before = tables[i - 1]!.stages.at(-1)!.id;
        const after = tables[i]!.stages[0]!.id;
        const stage = map.stages.find((s) => s.id === after)!;
        if (before === after) expect((stage.touchpoints ?? []).length, `stage '${after}' split over two pages`).toBeGreaterThan(perPage);
      }
      // Each page's emotion curve: points in their touchpoint's column, ordered by value within the page's chart.
      const { points } = await probe<EmotionDrawn>('emotion()');
      expect(points.map((p) => p.touchpoint)).toEqual(
        touchpointsOf(map)
          .filter((t) => t.emotion !== undefined)
          .map((t) => t.id),
      );
      const columns = tables.flatMap((t) => t.touchpoints);
      for (const p of points) {
        const column = columns.find((c) => c.id === p.touchpoint)!;
        expect(Math.abs(p.x - (column.left + column.right) / 2), `point of '${p.touchpoint}' centred in its column`).toBeLessThan(2);
        for (const q of points) if (p.value > q.value) expect(p.y - p.chartTop).toBeLessThan(q.y - q.chartTop - 1);
      }
      const overflow = await probe<{ problems: string[] }>('overflow()');
      expect(overflow.problems).toEqual([]);
    },
  );

  it("--css adds a consultancy's stylesheet to the HTML and the PNG, and a stylesheet cannot end its style element", async () => {
    const css = '/* brand </style><script>alert(1)</script> */\n.jk-stage { background: rgb(128, 0, 64); }\n';
    const cwd = workspace({
      'm.journey.yaml': readFileSync(path.join(REPO_ROOT, SMALL), 'utf8'),
      'journeykit.config.yaml': readFileSync(path.join(REPO_ROOT, CANVAS_CONFIG), 'utf8'),
      'brand.css': css,
    });
    const env = { JOURNEYKIT_BROWSER: browserPath! };
    const html = await runCli(['render', 'm.journey.yaml', '--view', 'canvas', '--css', 'brand.css'], { cwd, env });
    expect(html.stderr).toBe('');
    expect(html.code).toBe(0);
    await open(html.stdout);
    expect(await probe<string[]>('active()')).toEqual([]);
    const stage = (await page.evaluate(
      '(() => { const th = document.querySelector("th.jk-stage"); const r = th.getBoundingClientRect(); return { color: getComputedStyle(th).backgroundColor, x: r.left + 3, y: r.top + 3 }; })()',
    )) as { color: string; x: number; y: number };
    expect(stage.color).toBe('rgb(128, 0, 64)');
    const out = path.join(cwd, 'm.png');
    const png = await runCli(['render', 'm.journey.yaml', '--view', 'canvas', '--css', 'brand.css', '--format', 'png', '--scale', '1', '--output', out], { cwd, env });
    expect(png.stderr).toBe('');
    expect(png.code).toBe(0);
    await open('<!DOCTYPE html><html><body></body></html>');
    const url = `data:image/png;base64,${readFileSync(out).toString('base64')}`;
    const [drawn] = (await page.evaluate(`jkProbe.pixels(${JSON.stringify(url)}, [[${Math.round(stage.x)}, ${Math.round(stage.y)}]])`)) as number[][];
    expect(drawn).toEqual([128, 0, 64]);
  }, 60_000);

  it('draws emoji in colour, not as the outline glyphs of the text font (😀 in the hostile map)', async () => {
    await open(await canvasHtml(HOSTILE, []));
    // Where the browser sets the emoji (the first two UTF-16 units of the touchpoint's name).
    const rect = (await page.evaluate(`(() => {
      const node = document.querySelector('th[data-touchpoint="emoji-cjk"] .jk-touchpoint__name').firstChild;
      const range = document.createRange();
      range.setStart(node, 0);
      range.setEnd(node, 2);
      const r = range.getBoundingClientRect();
      return { left: r.left, top: r.top, width: r.width, height: r.height };
    })()`)) as { left: number; top: number; width: number; height: number };
    const cwd = workspace();
    const out = path.join(cwd, 'hostile.png');
    const result = await runCli(['render', HOSTILE, '--view', 'canvas', '--format', 'png', '--scale', '1', '--output', out], {
      cwd: REPO_ROOT,
      env: { JOURNEYKIT_BROWSER: browserPath! },
    });
    expect(result.code).toBe(0);
    const points: [number, number][] = [];
    for (let y = Math.ceil(rect.top); y < rect.top + rect.height; y++) for (let x = Math.ceil(rect.left); x < rect.left + rect.width; x++) points.push([x, y]);
    await open('<!DOCTYPE html><html><body></body></html>');
    const colours = (await page.evaluate(
      `jkProbe.pixels(${JSON.stringify(`data:image/png;base64,${readFileSync(out).toString('base64')}`)}, ${JSON.stringify(points)})`,
    )) as number[][];
    const saturated = colours.filter(([r, g, b]) => Math.max(r!, g!, b!) - Math.min(r!, g!, b!) > 80);
    expect(saturated.length, 'coloured pixels where the emoji is drawn').toBeGreaterThan(10);
  }, 60_000);

  describe('PNG', () => {
    /** Width and height from the PNG's IHDR chunk (bytes 16-23). */
    function pngSize(bytes: Buffer): { width: number; height: number } {
      expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
    }
    async function pngFile(args: string[], file = RETAIL, config = EXAMPLE_CONFIG): Promise<Buffer> {
      const cwd = workspace();
      const out = path.join(cwd, 'canvas.png');
      const result = await runCli(['render', file, '--config', config, '--view', 'canvas', '--format', 'png', ...args, '--output', out], {
        cwd: REPO_ROOT,
        env: { JOURNEYKIT_BROWSER: browserPath! },
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return readFileSync(out);
    }
    const png = async (args: string[]) => pngSize(await pngFile(args));
    async function cssSize(): Promise<{ width: number; height: number }> {
      await open(await canvasHtml(RETAIL, ['--config', EXAMPLE_CONFIG]));
      return page.evaluate(
        '(() => { const r = document.querySelector(".jk-canvas").getBoundingClientRect(); return { width: Math.ceil(r.width), height: Math.ceil(r.height) }; })()',
      ) as Promise<{
        width: number;
        height: number;
      }>;
    }

    it('is drawn at 2x by default, sharp enough for a slide', async () => {
      const css = await cssSize();
      expect(await png([])).toEqual({ width: 2 * css.width, height: 2 * css.height });
    }, 60_000);

    it('--scale 1 draws one pixel per CSS pixel', async () => {
      const css = await cssSize();
      expect(await png(['--scale', '1'])).toEqual(css);
    }, 60_000);

    it('--width 3000 gives a 3000-pixel-wide image, the height in proportion', async () => {
      const css = await cssSize();
      const size = await png(['--width', '3000']);
      expect(size.width).toBe(3000);
      expect(Math.abs(size.height - (css.height * 3000) / css.width)).toBeLessThan(3);
    }, 60_000);

    it('in the dark theme the page around the canvas is dark as well: no white strip on a PNG, no white paper in print', async () => {
      const bytes = await pngFile(['--theme', 'dark', '--scale', '1'], SMALL, CANVAS_CONFIG);
      await open('<!DOCTYPE html><html><body></body></html>');
      const picture = (await page.evaluate(`jkProbe.picture(${JSON.stringify(`data:image/png;base64,${bytes.toString('base64')}`)})`)) as { edge: number };
      // The last rows and columns are the canvas' margin: the theme's background, like the corner.
      expect(picture.edge).toBe(0);
      await open(await canvasHtml(SMALL, ['--config', CANVAS_CONFIG, '--theme', 'dark', '--page', 'a4']));
      await page.emulateMediaType('print');
      const backgrounds = await page.evaluate('[getComputedStyle(document.documentElement).backgroundColor, getComputedStyle(document.body).backgroundColor]');
      expect(backgrounds).toContain('rgb(13, 17, 23)');
    }, 60_000);
  });

  it('persona cards side by side start at the same height', async () => {
    await open(await canvasHtml(BROADBAND, ['--config', CANVAS_CONFIG]));
    const tops = (await page.evaluate(
      '[...document.querySelectorAll(".jk-card--persona")].map((e) => ({ persona: e.getAttribute("data-persona"), top: e.getBoundingClientRect().top, bottom: e.getBoundingClientRect().bottom }))',
    )) as { persona: string; top: number; bottom: number }[];
    expect(tops).toHaveLength(3);
    for (const a of tops) {
      for (const b of tops) {
        // Cards that share a row (their boxes overlap vertically) are top-aligned.
        if (a.top < b.bottom && b.top < a.bottom) expect(Math.abs(a.top - b.top), `'${a.persona}' and '${b.persona}' top-aligned`).toBeLessThan(0.5);
      }
    }
  });

  describe('PDF', () => {
    const PAGES = {
      // Landscape, in points (1/72 in).
      a3: { width: (420 / 25.4) * 72, height: (297 / 25.4) * 72, printable: { width: ((420 - 16) / 25.4) * 96, height: ((297 - 16) / 25.4) * 96 } },
      a4: { width: (297 / 25.4) * 72, height: (210 / 25.4) * 72, printable: { width: ((297 - 16) / 25.4) * 96, height: ((210 - 16) / 25.4) * 96 } },
    };

    async function pdf(args: string[]): Promise<{ pages: number; boxes: string[] }> {
      const cwd = workspace();
      const out = path.join(cwd, 'canvas.pdf');
      const result = await runCli(['render', BROADBAND, '--config', CANVAS_CONFIG, '--view', 'canvas', '--format', 'pdf', ...args, '--output', out], {
        cwd: REPO_ROOT,
        env: { JOURNEYKIT_BROWSER: browserPath! },
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const text = readFileSync(out).toString('latin1');
      expect(text.startsWith('%PDF-')).toBe(true);
      const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*([-\d.\s]+)\]/g)].map((m) => m[1]!.trim());
      return { pages: [...text.matchAll(/\/Type\s*\/Page\b(?!s)/g)].length, boxes };
    }
    const landscape = (box: string) => box.split(/\s+/).map(Number);

    let a3Pages = 0;
    // Without --page the PDF is A3 (the HTML checks below use --page a3 and a4 explicitly).
    it.each([
      ['a3', []],
      ['a4', ['--page', 'a4']],
    ] as const)(
      'is printed on %s landscape pages (%j), the 40 touchpoints over several pages',
      async (size, args) => {
        const { pages, boxes } = await pdf([...args]);
        expect(pages).toBeGreaterThan(1);
        expect(boxes).toHaveLength(pages);
        for (const box of boxes) {
          const [x0, y0, x1, y1] = landscape(box);
          expect(x0).toBe(0);
          expect(y0).toBe(0);
          expect(Math.abs(x1! - PAGES[size].width)).toBeLessThan(1.5);
          expect(Math.abs(y1! - PAGES[size].height)).toBeLessThan(1.5);
        }
        if (size === 'a3') a3Pages = pages;
        else expect(pages).toBeGreaterThan(a3Pages);
      },
      60_000,
    );

    it.each(['a3', 'a4'] as const)('on %s, every card sits in a table no wider than the page, and no lane is taller than a page (so no card is cut)', async (size) => {
      const printable = PAGES[size].printable;
      await open(await canvasHtml(BROADBAND, ['--config', CANVAS_CONFIG, '--page', size]), { width: Math.floor(printable.width), height: Math.floor(printable.height) });
      await page.emulateMediaType('print');
      const result = (await page.evaluate(`(() => {
        const tables = [...document.querySelectorAll('table.jk-grid')];
        const cards = [...document.querySelectorAll('.jk-grid .jk-card')].map((card) => {
          const r = card.getBoundingClientRect();
          const t = card.closest('table').getBoundingClientRect();
          return { id: card.getAttribute('data-pain-point') ?? card.getAttribute('data-opportunity') ?? card.getAttribute('data-kpi'), inside: r.left >= t.left - 1 && r.right <= t.right + 1, height: r.height };
        });
        const rows = [...document.querySelectorAll('.jk-grid tr')].map((tr) => ({ lane: tr.getAttribute('data-lane') ?? tr.className, height: tr.getBoundingClientRect().height }));
        return { tables: tables.map((t) => t.getBoundingClientRect().width), cards, rows };
      })()`)) as { tables: number[]; cards: { id: string; inside: boolean; height: number }[]; rows: { lane: string; height: number }[] };
      expect(result.tables.length).toBeGreaterThan(1);
      for (const width of result.tables) expect(width).toBeLessThanOrEqual(printable.width);
      expect(result.cards.length).toBeGreaterThan(20);
      expect(result.cards.filter((c) => !c.inside)).toEqual([]);
      // The table head (stage and touchpoint rows) repeats on every page, so a lane gets the page less its head.
      expect(result.rows.filter((r) => r.height > printable.height - 150)).toEqual([]);
    });
  });

  describe('SVG', () => {
    it.each([
      ['broadband', BROADBAND, ['--config', CANVAS_CONFIG]],
      ['hostile', HOSTILE, []],
    ])(
      'the %s canvas is well-formed XML with its text as text, and draws whole in an <img>',
      async (_name, file, args) => {
        const cwd = workspace();
        const out = path.join(cwd, 'canvas.svg');
        const result = await runCli(['render', file, ...args, '--view', 'canvas', '--format', 'svg', '--output', out], {
          cwd: REPO_ROOT,
          env: { JOURNEYKIT_BROWSER: browserPath! },
        });
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        const svg = readFileSync(out, 'utf8');
        await open('<!DOCTYPE html><html><body></body></html>');
        const parsed = (await page.evaluate(
          `(() => { const doc = new DOMParser().parseFromString(${JSON.stringify(svg)}, 'image/svg+xml');
          const error = doc.querySelector('parsererror');
          return { error: error ? error.textContent : null, root: doc.documentElement.localName, text: doc.documentElement.textContent, scripts: doc.querySelectorAll('script').length }; })()`,
        )) as { error: string | null; root: string; text: string; scripts: number };
        expect(parsed.error).toBeNull();
        expect(parsed.root).toBe('svg');
        expect(parsed.scripts).toBe(0);
        const map = readMap(file);
        for (const name of [map.title, ...touchpointsOf(map).map((t) => t.name)]) expect(parsed.text).toContain(name);
        const picture = (await page.evaluate(`jkProbe.picture(${JSON.stringify(`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`)})`)) as {
          width: number;
          height: number;
          inkedShare: number;
          edge: number;
        };
        expect(picture.width).toBe(Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]));
        expect(picture.inkedShare).toBeGreaterThan(0.03);
        // Nothing drawn on the last rows or columns: the canvas is not cut off.
        expect(picture.edge).toBe(0);
      },
      60_000,
    );
  });

  it('the hostile map: no script, no event handler, no external URL, and its text shown as text', async () => {
    const html = await canvasHtml(HOSTILE, []);
    const map = readMap(HOSTILE);
    const requests: string[] = [];
    const dialogs: string[] = [];
    const onRequest = (request: { url(): string }) => requests.push(request.url());
    const onDialog = (dialog: { message(): string; dismiss(): Promise<void> }) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    };
    page.on('request', onRequest);
    page.on('dialog', onDialog);
    try {
      await open(html);
      expect(await probe<string[]>('active()')).toEqual([]);
      expect(await textsOf('.jk-title')).toEqual([map.title]);
      expect(await textsOf('th[data-touchpoint="script"] .jk-touchpoint__name')).toEqual(['<script>alert(1)</script>']);
      expect(await textsOf('th[data-touchpoint="img"] .jk-touchpoint__name')).toEqual(['<img src=x onerror=alert(1)>']);
      expect(await textsOf('.jk-card--persona[data-persona="html-person"] .jk-persona__name')).toEqual(['<img src=x onerror=alert(1)>']);
      // In the source too: no element that runs or loads anything, no handler, no URL outside the page (the SVG namespace is a name, not a fetch).
      expect(html).not.toMatch(/<(script|img|iframe|link|object|embed)\b|<[^>]*\son[a-z]+\s*=/i);
      expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\/|url\(\s*["']?\s*(https?:)?\/\//i);
    } finally {
      page.off('request', onRequest);
      page.off('dialog', onDialog);
    }
    expect(dialogs).toEqual([]);
    expect(requests.filter((u) => !/^(about:|data:)/.test(u))).toEqual([]);
  });
});

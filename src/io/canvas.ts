/**
 * The canvas as an image: its HTML laid out in the headless browser (withBrowser), then
 * screenshot (PNG), printed (PDF) or measured and wrapped in an SVG whose foreignObject holds the
 * same HTML (SVG: text stays text).
 */
import type { Browser, Page } from 'puppeteer';
import { InputError } from '../core/errors.js';
import { MAX_BITMAP_SIDE, pngScale } from './render.js';

export type CanvasImageFormat = 'svg' | 'png' | 'pdf';

export interface CanvasImageOptions {
  /** PNG: device pixels per CSS pixel (default 2, sharp on a slide). */
  scale?: number;
  /** PNG: the image's width in pixels (overrides scale). */
  width?: number;
}

export interface CanvasImage {
  data: Uint8Array;
  /** Said to the user: e.g. a PNG scale lowered to Chromium's largest bitmap. */
  notes: string[];
}

interface Box {
  width: number;
  height: number;
}

/** The parts of the page's globals the measurement touches (the project has no DOM types). */
interface PageGlobals {
  document: { querySelector(selector: string): { getBoundingClientRect(): Box } | null; fonts: { ready: Promise<unknown> } };
}

export const DEFAULT_PNG_SCALE = 2;
/** Without --scale or --width, a PNG is drawn at 2x up to this width, and at 1x at least. */
export const DEFAULT_PNG_MAX_WIDTH = 8192;
/** The canvas' body text size in CSS pixels (style.ts). */
const BODY_TEXT_PX = 13;

/**
 * `html`: a canvas document (canvasDocument); for PDF, laid out for its `@page` size. `svgParts`
 * gives the stylesheet and fragment an SVG wraps.
 */
export async function renderCanvasImage(
  browser: Browser,
  html: string,
  format: CanvasImageFormat,
  options: CanvasImageOptions & { svg?: { style: string; fragment: string } } = {},
): Promise<CanvasImage> {
  const page = await browser.newPage();
  try {
    await page.setJavaScriptEnabled(false);
    await page.setViewport({ width: 1280, height: 800, deviceScaleFactor: 1 });
    await page.setContent(html, { waitUntil: 'load' });
    const box = await measure(page);
    if (format === 'pdf') {
      const data = await page.pdf({ printBackground: true, preferCSSPageSize: true });
      return { data, notes: [] };
    }
    if (format === 'png') {
      // The default: 2x (sharp on a slide or a high-density screen), but no wider than 8,192 pixels,
      // which a 40-touchpoint canvas at 2x would pass (13,000 pixels: a poster, for PDF or an explicit scale).
      const wanted = options.width !== undefined ? options.width / box.width : (options.scale ?? Math.min(DEFAULT_PNG_SCALE, Math.max(1, DEFAULT_PNG_MAX_WIDTH / box.width)));
      const scale = pngScale(box.width, { scale: wanted }, box.height);
      const notes =
        scale < wanted
          ? [
              `The PNG is drawn at ${scale.toFixed(2)}x, not ${wanted.toFixed(2)}x: Chromium draws no image over ${MAX_BITMAP_SIDE.toLocaleString('en-US')} pixels a side. Use --format pdf or svg for a larger picture.`,
            ]
          : [];
      // Body text is 13 CSS pixels: below about 9 image pixels it cannot be read at the image's size.
      if (BODY_TEXT_PX * scale < 9) {
        notes.push(
          `At ${Math.round(box.width * scale)} pixels wide the canvas' text is ${(BODY_TEXT_PX * scale).toFixed(1)} pixels high, too small to read at that size: draw fewer stages (--stages), or a wider PNG.`,
        );
      }
      await page.setViewport({ width: Math.ceil(box.width), height: Math.ceil(box.height), deviceScaleFactor: scale });
      const data = await page.screenshot({ clip: { x: 0, y: 0, width: Math.ceil(box.width), height: Math.ceil(box.height) }, captureBeyondViewport: true });
      return { data, notes };
    }
    if (!options.svg) throw new Error('renderCanvasImage: an SVG needs its stylesheet and fragment');
    return { data: new TextEncoder().encode(canvasSvg(options.svg.style, options.svg.fragment, box)), notes: [] };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `The browser could not draw the canvas: ${String((error as Error)?.message ?? error).split('\n')[0]}`,
      'This is a bug in journeykit; please report it with the map.',
    );
  } finally {
    await page.close();
  }
}

async function measure(page: Page): Promise<Box> {
  return page.evaluate(async () => {
    const doc = (globalThis as unknown as PageGlobals).document;
    await doc.fonts.ready;
    const element = doc.querySelector('.jk-canvas');
    if (!element) return { width: 1, height: 1 };
    const { width, height } = element.getBoundingClientRect();
    return { width: Math.ceil(width), height: Math.ceil(height) };
  });
}

/**
 * The canvas as SVG: the same HTML in a foreignObject, sized to what the browser measured. Browsers
 * draw it with text as text; editors that do not read foreignObject (some vector tools) show
 * nothing, for them the PDF is the vector format (docs/canvas.md).
 */
export function canvasSvg(style: string, fragment: string, box: Box): string {
  // A few pixels of slack for fonts that set slightly taller on the viewer's machine.
  const width = box.width + 4;
  const height = box.height + 16;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<foreignObject x="0" y="0" width="${width}" height="${height}">`,
    `<div xmlns="http://www.w3.org/1999/xhtml" class="jk-page">`,
    `<style>${style}</style>`,
    fragment,
    '</div>',
    '</foreignObject>',
    '</svg>',
    '',
  ].join('\n');
}

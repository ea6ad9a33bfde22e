import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { JourneyMap } from '../../../src/core/model.js';
import { mermaidRuntimeScript, mermaidSourceFigure, renderHtmlReport } from '../../../src/core/report/html.js';
import { REPORT_DIAGRAMS, REPORT_SECTIONS, sectionAnchor } from '../../../src/core/report/markdown.js';
import { scoreJourney } from '../../../src/core/score/model.js';
import { DEFAULT_SCORING } from '../../../src/core/score/settings.js';
import { expectGolden } from '../../golden.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const load = (file: string): JourneyMap => parseYaml(readFileSync(path.join(ROOT, file), 'utf8')) as JourneyMap;
const MAP = load('examples/retail/online-order.journey.yaml');
const HOSTILE = load('tests/fixtures/mermaid/hostile.journey.yaml');

const html = (map: JourneyMap, extra: Partial<Parameters<typeof renderHtmlReport>[0]> = {}) =>
  renderHtmlReport({ map, score: scoreJourney(map, DEFAULT_SCORING), generated: '2026-11-24', generator: 'journeykit test', figure: mermaidSourceFigure, ...extra });

describe('renderHtmlReport', () => {
  it('renders the example map as one page with every section and diagram (golden, runtime stubbed)', () => {
    const out = html(MAP, { script: '/* the Mermaid runtime */' });
    expect(out.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(out).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\';');
    expect(out).toContain('<title>Online grocery order, as-is: journey report</title>');
    for (const id of ['journey', 'stages', 'emotion', 'priority', 'blueprint']) expect(out).toContain(`<figure class="diagram" id="diagram-${id}"`);
    // Without survey figures there is no trend chart.
    expect(out).not.toContain('id="diagram-trend"');
    expect(out.match(/<table>/g)?.length).toBeGreaterThanOrEqual(2);
    expect(out).toContain('@media print');
    expectGolden('report/online-order.html', out);
  });

  it('hands each diagram to the figure callback with its stable id', () => {
    const seen: string[] = [];
    const out = html(MAP, { figure: (d) => (seen.push(d.id), `<svg id="x-${d.id}"></svg>`) });
    expect(seen).toEqual(REPORT_DIAGRAMS.filter((id) => id !== 'trend'));
    expect(out).toContain('<svg id="x-blueprint"></svg>');
    expect(out).not.toContain('<script>');
  });

  it('gives each section the anchor its table-of-contents link points to, as GitHub does', () => {
    const out = html(MAP);
    const links = [...out.matchAll(/<a href="#([a-z-]+)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
    // Without a canvas (the command always passes one) the report has no Journey map section.
    const sections = REPORT_SECTIONS.filter((title) => title !== 'Journey map');
    expect(links).toEqual(sections.slice(1).map((title) => [sectionAnchor(title), title]));
    for (const title of sections) expect(out).toContain(`<h2 id="${sectionAnchor(title)}">${title}</h2>`);
    expect(out).not.toContain('Journey map');
    const withCanvas = html(MAP, { canvas: '<div class="jk-canvas">drawn</div>' });
    expect(withCanvas).toContain('<a href="#journey-map">Journey map</a>');
    expect(withCanvas).toContain('<h2 id="journey-map">Journey map</h2>\n<figure class="jk-canvas-figure" id="journey-map-canvas">\n<div class="jk-canvas">drawn</div>\n</figure>');
    // Headings of user text (personas, stages, owners) get no id: nothing of the map reaches an attribute.
    expect(out).toMatch(/<h3>Busy parent<\/h3>/);
  });

  it('keeps hostile text as text: no tag, attribute, link or script from the map', () => {
    const out = html(HOSTILE);
    // The table of contents is journeykit's: links to the report's own section anchors only, taken out before the scan.
    const anchors = new Set(REPORT_SECTIONS.map(sectionAnchor));
    const own = out.replace(/<a href="#([a-z-]+)">([A-Za-z ]+)<\/a>/g, (link, anchor: string) => (anchors.has(anchor) ? '' : link));
    const body = own.slice(own.indexOf('<main>'), own.indexOf('</main>'));
    expect(body).not.toMatch(/<(script|img|iframe|a|svg|object|style)\b/i);
    // No attribute other than the ones journeykit and marked write (no href, src, on*).
    const attributes = new Set([...body.matchAll(/<[a-z0-9]+((?:\s+[a-z-]+="[^"]*")*)\s*\/?>/gi)].flatMap((m) => [...m[1]!.matchAll(/([a-z-]+)=/gi)].map((a) => a[1]!)));
    expect([...attributes].sort()).toEqual(['align', 'aria-label', 'class', 'id', 'role']);
    // The only tags are the ones Markdown produces and the figures journeykit wraps diagrams in.
    const tags = new Set([...body.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1]!.toLowerCase()));
    expect(
      [...tags].filter((t) => !['main', 'h1', 'h2', 'h3', 'p', 'ul', 'ol', 'li', 'strong', 'em', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'figure', 'pre'].includes(t)),
    ).toEqual([]);
    expect(body).toContain('&lt;script&gt;');
    expect(out).toMatch(/<title>[^<]*&lt;script&gt;[^<]*<\/title>/);
  });

  it('refuses to embed a runtime that could end the script element', () => {
    expect(() => mermaidRuntimeScript('var a = "</script>";', { securityLevel: 'strict' })).toThrow(/script tag/);
    expect(mermaidRuntimeScript('var mermaid = {};', { securityLevel: 'strict' })).toContain('mermaid.initialize({"securityLevel":"strict"});');
  });
});

/**
 * The journey report as one self-contained HTML file: the Markdown report converted with marked,
 * each diagram replaced by what the caller supplies (an inline SVG, a PNG data URI, or Mermaid
 * source for the embedded Mermaid runtime), wrapped in a page with print styles and a
 * Content-Security-Policy that forbids every network request, so opening the file fetches nothing.
 *
 * Safe because the Markdown it converts is journeykit's own: every piece of user text in it is
 * already escaped (no raw tag, no link, no entity survives; see escape/markdown.ts), and the only
 * raw HTML it holds is the `<br>` the escaping writes for line breaks.
 */
import { Marked } from 'marked';
import { canvasStyle } from '../canvas/html.js';
import { escapeXmlText as html } from '../escape/xml.js';
import type { JourneyMap } from '../model.js';
import type { MarkdownReportInput, ReportDiagram } from './markdown.js';
import { REPORT_SECTIONS, renderMarkdownReport, sectionAnchor } from './markdown.js';

export interface HtmlReportInput extends Omit<MarkdownReportInput, 'diagram' | 'canvas'> {
  /** The HTML standing for one diagram (see `mermaidSourceFigure`). */
  figure: (diagram: ReportDiagram) => string;
  /** Script run at the end of the page (the Mermaid runtime when diagrams are drawn on load). */
  script?: string;
  /** Name and version for the generator meta tag. */
  generator: string;
  /** The journey-map canvas (canvasFragment), drawn as the report's first picture. */
  canvas?: string;
}

const FENCE = 'journeykit-diagram-';
const CANVAS_FENCE = 'journeykit-canvas';

export function renderHtmlReport(input: HtmlReportInput): string {
  const diagrams = new Map<string, ReportDiagram>();
  const { canvas, ...rest } = input;
  const markdown = renderMarkdownReport({
    ...rest,
    // A fence language no Markdown user writes, carrying the diagram id to the code renderer.
    diagram: (d) => {
      diagrams.set(d.id, d);
      return ['```' + FENCE + d.id, '```'];
    },
    ...(canvas !== undefined ? { canvas: () => ['```' + CANVAS_FENCE, '```'] } : {}),
  });
  const marked = new Marked({
    gfm: true,
    renderer: {
      // The report's sections get GitHub's anchors as ids, so the table of contents links work here too.
      heading({ tokens, depth, text }) {
        if (depth !== 2 || !(REPORT_SECTIONS as readonly string[]).includes(text)) return false;
        return `<h2 id="${sectionAnchor(text)}">${this.parser.parseInline(tokens)}</h2>\n`;
      },
      code({ lang, text }) {
        if (lang === CANVAS_FENCE && input.canvas !== undefined) {
          return `<figure class="jk-canvas-figure" id="journey-map-canvas">\n${input.canvas}\n</figure>\n`;
        }
        const diagram = lang?.startsWith(FENCE) ? diagrams.get(lang.slice(FENCE.length)) : undefined;
        if (!diagram) return `<pre><code>${html(text)}</code></pre>\n`;
        return `<figure class="diagram" id="diagram-${diagram.id}" role="img" aria-label="${html(diagram.title)}">\n${input.figure(diagram)}\n</figure>\n`;
      },
    },
  });
  const body = marked.parse(markdown, { async: false });
  return page(input.map, body, input.generator, input.script, input.canvas !== undefined ? canvasStyle('default') : '');
}

/** A diagram left as Mermaid source, for the Mermaid runtime to draw when the page opens. */
export function mermaidSourceFigure(diagram: ReportDiagram): string {
  return `<pre class="mermaid">${html(diagram.source)}</pre>`;
}

/** The page script that draws every `pre.mermaid` with the embedded runtime and the renderer's Mermaid configuration. */
export function mermaidRuntimeScript(runtime: string, config: Readonly<Record<string, unknown>>): string {
  // Script data ends at the first `</script`; `<!--` followed by `<script` changes how it is
  // parsed. Neither may appear in what is embedded.
  if (/<\/script|<script/i.test(runtime)) throw new Error('The Mermaid runtime contains a script tag and cannot be embedded in HTML.');
  return `${runtime}\n;mermaid.initialize(${JSON.stringify(config)});\nmermaid.run({ querySelector: 'pre.mermaid' });\n`;
}

// Network requests are refused by the page itself: only inline styles, inline scripts and data: images.
const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

const STYLE = `
:root { color-scheme: light; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1f2328; background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 2em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
h2 { font-size: 1.5em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; margin-top: 2em; }
h3 { font-size: 1.2em; margin-top: 1.5em; }
table:not(.jk-grid) { border-collapse: collapse; margin: 1em 0; display: block; overflow-x: auto; max-width: 100%; }
:not(.jk-grid) > * > tr > :is(th, td) { border: 1px solid #d1d9e0; padding: 4px 10px; vertical-align: top; }
:not(.jk-grid) > * > tr > th { background: #f6f8fa; }
:not(.jk-grid) > * > tr:nth-child(2n) > td { background: #fafbfc; }
figure.diagram { margin: 1em 0; text-align: center; }
figure.diagram svg, figure.diagram img { max-width: 100%; height: auto; }
pre.mermaid { background: none; text-align: center; }
pre { white-space: pre-wrap; }
figure.jk-canvas-figure { margin: 1em 0; overflow-x: auto; border: 1px solid #d1d9e0; }
@media print {
  main { max-width: none; padding: 0; }
  h2 { break-before: auto; break-after: avoid; }
  h3 { break-after: avoid; }
  figure.diagram, tr { break-inside: avoid; }
  table:not(.jk-grid) { display: table; overflow: visible; font-size: 12px; }
  figure.jk-canvas-figure { overflow: visible; border: 0; }
  figure.jk-canvas-figure .jk-canvas { zoom: 0.62; }
}
`;

function page(map: JourneyMap, body: string, generator: string, script: string | undefined, extraStyle: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${html(generator)}">`,
    `<title>${html(`${map.title.replace(/\s+/g, ' ')}: journey report`)}</title>`,
    `<style>${STYLE}${extraStyle}</style>`,
    '</head>',
    '<body>',
    '<main>',
    body.trimEnd(),
    '</main>',
    ...(script !== undefined ? ['<script>', script.trimEnd(), '</script>'] : []),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

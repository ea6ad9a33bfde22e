/**
 * A view's legend (View.legend) as HTML, for whatever draws the diagram as a picture: the
 * renderer can put it under the SVG in the page it screenshots, so a PNG or PDF of the priority
 * quadrant names its numbered points. Numbered marks as an ordered list whose numbers are the
 * marks, notes as paragraphs; every text escaped (escape/xml.ts). Pure: no I/O.
 */
import { escapeXmlAttribute as attribute, escapeXmlText as html } from '../escape/xml.js';
import type { LegendEntry } from './types.js';

export function legendHtml(entries: readonly LegendEntry[]): string {
  if (entries.length === 0) return '';
  const marks = entries.filter((e) => e.mark !== undefined);
  const notes = entries.filter((e) => e.mark === undefined);
  const list = marks.length > 0 ? `<ol class="journeykit-legend">${marks.map((e) => `<li value="${attribute(e.mark!)}">${html(e.text)}</li>`).join('')}</ol>` : '';
  return list + notes.map((e) => `<p class="journeykit-legend-note">${html(e.text)}</p>`).join('');
}

const LEGEND_FONT_PX = 14;
const LEGEND_LINE_PX = 20;

/** Words of `text` in lines of at most `width` characters (a longer word is cut across lines). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    let rest = word;
    while ([...rest].length > width) {
      if (line !== '') lines.push(line);
      line = '';
      const chars = [...rest];
      lines.push(chars.slice(0, width).join(''));
      rest = chars.slice(width).join('');
    }
    if (line === '') line = rest;
    else if ([...line].length + 1 + [...rest].length <= width) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * A rendered Mermaid SVG with its legend written under the drawing as SVG text (wrapped, never
 * cut), the viewBox grown to hold it, so that the SVG, PNG and PDF of `render` name what the
 * diagram's marks stand for. `text`: the theme's text colour on `background`.
 */
export function svgWithLegend(svg: string, entries: readonly LegendEntry[], colours: { background: string; text: string }): string {
  if (entries.length === 0) return svg;
  const root = /<svg\b[^>]*>/.exec(svg);
  const viewBox = root && /\bviewBox="\s*([-\d.e]+)[\s,]+([-\d.e]+)[\s,]+([-\d.e]+)[\s,]+([-\d.e]+)\s*"/.exec(root[0]);
  if (!root || !viewBox) return svg;
  const [x, y, width, height] = viewBox.slice(1).map(Number) as [number, number, number, number];
  const perLine = Math.max(40, Math.floor(width / (LEGEND_FONT_PX * 0.56)));
  const lines = entries.flatMap((e) => wrapWords(e.mark !== undefined ? `${e.mark}. ${e.text}` : e.text, perLine).map((line, i) => (i === 0 ? line : `    ${line}`)));
  const top = y + height + 12;
  const added = 12 + lines.length * LEGEND_LINE_PX + 8;
  const texts = lines
    .map(
      (line, i) =>
        `<text x="${x + 8}" y="${top + (i + 1) * LEGEND_LINE_PX - 5}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif" font-size="${LEGEND_FONT_PX}" fill="${colours.text}" xml:space="preserve">${html(line)}</text>`,
    )
    .join('');
  const legend = `<g class="journeykit-legend"><rect x="${x}" y="${y + height}" width="${width}" height="${added}" fill="${colours.background}"/>${texts}</g>`;
  let opened = root[0].replace(viewBox[0], `viewBox="${x} ${y} ${width} ${height + added}"`);
  const heightAttribute = /\sheight="([\d.]+)(px)?"/.exec(opened);
  if (heightAttribute) opened = opened.replace(heightAttribute[0], ` height="${Number(heightAttribute[1]) + added}${heightAttribute[2] ?? ''}"`);
  const close = svg.lastIndexOf('</svg>');
  return svg.slice(0, root.index) + opened + svg.slice(root.index + root[0].length, close) + legend + svg.slice(close);
}

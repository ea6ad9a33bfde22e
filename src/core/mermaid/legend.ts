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
  const list =
    marks.length > 0 ? `<ol class="journeykit-legend">${marks.map((e) => `<li value="${attribute(e.mark!)}">${html(e.text)}</li>`).join('')}</ol>` : '';
  return list + notes.map((e) => `<p class="journeykit-legend-note">${html(e.text)}</p>`).join('');
}

/**
 * The canvas' charts: the emotion curve and the survey series, one inline SVG each spanning every
 * touchpoint column, so each point sits at the centre of its column. One continuous line across
 * the journey; a touchpoint without a value is a gap in the line, never a point at zero.
 */
import { escapeXmlAttribute as attr, escapeXmlText as text } from '../escape/xml.js';
import { fractionBetween } from '../model.js';

export interface ChartPoint {
  /** Column index across the canvas. */
  column: number;
  touchpoint: string;
  name: string;
  value: number;
  /** The label drawn beside the point (e.g. `+2`, `45% (n 112)`). */
  label: string;
}

export interface ChartOptions {
  columns: number;
  columnWidth: number;
  height: number;
  min: number;
  max: number;
  /** The value that reads as neutral: a dashed rule, and markers above/below it by valence. */
  neutral?: number;
  kind: 'emotion' | 'survey';
  /** Accessible name of the chart. */
  title: string;
}

const PAD_Y = 26;

export function chartY(value: number, options: Pick<ChartOptions, 'height' | 'min' | 'max'>): number {
  const f = Math.min(1, Math.max(0, fractionBetween(value, options.min, options.max)));
  return round(options.height - PAD_Y - f * (options.height - 2 * PAD_Y));
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

export type Valence = 'positive' | 'neutral' | 'negative';

export function valenceOf(value: number, neutral: number | undefined): Valence {
  if (neutral === undefined || value === neutral) return 'neutral';
  return value > neutral ? 'positive' : 'negative';
}

/** A marker whose shape carries the valence as well as its colour: circle up, triangle down, diamond level. */
function marker(x: number, y: number, valence: Valence, kind: ChartOptions['kind']): string {
  if (kind === 'survey') return `<rect class="jk-marker jk-marker--survey" x="${round(x - 5)}" y="${round(y - 5)}" width="10" height="10" />`;
  if (valence === 'positive') return `<circle class="jk-marker jk-marker--positive" cx="${x}" cy="${y}" r="6.5" />`;
  if (valence === 'negative') {
    return `<path class="jk-marker jk-marker--negative" d="M${round(x - 7)} ${round(y - 5)}L${round(x + 7)} ${round(y - 5)}L${x} ${round(y + 7)}Z" />`;
  }
  return `<path class="jk-marker jk-marker--neutral" d="M${x} ${round(y - 7)}L${round(x + 7)} ${y}L${x} ${round(y + 7)}L${round(x - 7)} ${y}Z" />`;
}

export function chartSvg(points: readonly ChartPoint[], options: ChartOptions): string {
  const width = options.columns * options.columnWidth;
  const x = (column: number) => round((column + 0.5) * options.columnWidth);
  const parts: string[] = [];
  parts.push(
    `<svg class="jk-chart jk-chart--${options.kind}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${options.height}" viewBox="0 0 ${width} ${options.height}" role="img" aria-label="${attr(options.title)}">`,
  );
  parts.push(`<title>${text(options.title)}</title>`);
  // Column guides, so a point is read against its touchpoint.
  for (let c = 1; c < options.columns; c++) {
    parts.push(`<line class="jk-chart__guide" x1="${c * options.columnWidth}" y1="0" x2="${c * options.columnWidth}" y2="${options.height}" />`);
  }
  for (const value of [options.max, options.min]) {
    const y = chartY(value, options);
    parts.push(`<line class="jk-chart__bound" x1="0" y1="${y}" x2="${width}" y2="${y}" />`);
  }
  if (options.neutral !== undefined) {
    const y = chartY(options.neutral, options);
    parts.push(`<line class="jk-chart__zero" x1="0" y1="${y}" x2="${width}" y2="${y}" />`);
  }
  // The line: one path, a new run after every gap (a column without a value).
  const sorted = [...points].sort((a, b) => a.column - b.column);
  let d = '';
  let previous: number | undefined;
  for (const p of sorted) {
    d += `${previous !== undefined && p.column === previous + 1 ? 'L' : 'M'}${x(p.column)} ${chartY(p.value, options)}`;
    previous = p.column;
  }
  if (d !== '') parts.push(`<path class="jk-chart__line" d="${d}" />`);
  for (const p of sorted) {
    const cx = x(p.column);
    const cy = chartY(p.value, options);
    const valence = valenceOf(p.value, options.neutral);
    // The label goes on the side away from the line's neutral, or above for the survey series.
    const below = valence === 'negative';
    const ly = below ? cy + 21 : cy - 12;
    parts.push(
      `<g class="jk-point jk-point--${options.kind === 'survey' ? 'survey' : valence}" data-${options.kind === 'survey' ? 'survey' : 'emotion'}="${attr(String(p.value))}" data-touchpoint="${attr(p.touchpoint)}">` +
        `<title>${text(`${p.name}: ${p.label}`)}</title>` +
        marker(cx, cy, valence, options.kind) +
        `<text class="jk-chart__label" x="${cx}" y="${round(ly)}" text-anchor="middle">${text(p.label)}</text>` +
        '</g>',
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

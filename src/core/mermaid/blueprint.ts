/**
 * `blueprint` view: a service blueprint as a Mermaid block diagram.
 *
 * A grid, so the drawn order is the source order: one column per touchpoint in journey order
 * (a flowchart let its layout engine reorder the stages), a first column naming the rows and a
 * last, empty column where the lines end. Rows top to bottom, each left out when no touchpoint
 * has anything for it (Bitner, Ostrom and Morgan 2008; CANVAS.md): the stages, each spanning its
 * touchpoints; customer actions (the touchpoints); the line of interaction; frontstage; the line
 * of visibility; backstage; the line of internal interaction; support processes; systems. The
 * three lines are labelled dashed rules across every touchpoint column, drawn only when a lane
 * lies below them; an empty cell is left blank.
 *
 * Mermaid safety (MERMAID.md): every block id is generated (`s2` the second drawn stage, `c3` the
 * third touchpoint, `f3`/`b3`/`p3`/`y3` its lane cells, `h1`..`h6` the row names (stage, customer
 * actions, frontstage, backstage, support processes, systems), `l1`..`l3` and
 * `e1`..`e3` the ends of the lines), never a user id; every label is `["escaped"]`, lines inside a
 * cell are joined with `<br>`. Pure: no I/O.
 */
import type { Blueprint, JourneyMap, Touchpoint } from '../model.js';
import { escapeMermaid } from './escape.js';
import { omittedNote } from './limit.js';
import type { Omitted, View, ViewInput } from './types.js';

type LaneKey = 'frontstage' | 'backstage' | 'support' | 'systems';

interface Lane {
  key: LaneKey;
  title: string;
  /** Block id prefix of the lane's cells. */
  prefix: string;
  /** The block id of the row's name: fixed per lane (`h4` is always the backstage). */
  name: string;
}

const LANES: readonly Lane[] = [
  { key: 'frontstage', title: 'Frontstage', prefix: 'f', name: 'h3' },
  { key: 'backstage', title: 'Backstage', prefix: 'b', name: 'h4' },
  { key: 'support', title: 'Support processes', prefix: 'p', name: 'h5' },
  { key: 'systems', title: 'Systems', prefix: 'y', name: 'h6' },
];

/** The three lines of a blueprint, each drawn above the first of its lanes that has content. */
const LINES: readonly { title: string; above: readonly LaneKey[] }[] = [
  { title: 'Line of interaction', above: ['frontstage', 'backstage', 'support', 'systems'] },
  { title: 'Line of visibility', above: ['backstage', 'support', 'systems'] },
  { title: 'Line of internal interaction', above: ['support', 'systems'] },
];

const BULLET = escapeMermaid('\u2022');
const NO_BLUEPRINT = 'No blueprint lanes in this map: add a blueprint to its touchpoints';
const INDENT = '    ';
const SLUG = /^[a-z0-9][a-z0-9-]*$/;
/** Text in a cell wraps at about this many characters, so no single long item widens every column. */
export const WRAP_AT = 24;

/**
 * Frontmatter config: drawn at its natural size (one column is as wide as the widest cell, about
 * 200 px), not shrunk to the page; the lines (Mermaid's dotted links, 2 px dots) as 2 px dashes,
 * which print. No user text goes into it.
 */
const FRONTMATTER = ['---', 'config:', '  block:', '    useMaxWidth: false', '  themeCSS: ".edge-pattern-dotted { stroke-dasharray: 8 5; stroke-width: 2px; }"', '---'] as const;

/** Styles (assigned by `class` statements: block diagrams have no `:::`): row names bold without a box, line labels italic, the ends of the lines invisible. */
const CLASSES = [
  'classDef rowName fill:none,stroke:none,font-weight:bold',
  'classDef lineName fill:none,stroke:none,font-style:italic',
  'classDef lineEnd fill:none,stroke:none',
  'classDef stage font-weight:bold',
] as const;

/** An id for a `%%` comment: a slug as it is (it cannot end the comment), anything else escaped. */
function commentId(id: string): string {
  return SLUG.test(id) ? id : escapeMermaid(id);
}

/**
 * Text cut into lines of at most {@link WRAP_AT} characters at spaces (a longer word keeps its
 * own line), each escaped; joined with `<br>`.
 */
export function wrapped(text: string): string {
  const lines: string[] = [];
  let line = '';
  // Only spaces (and line breaks) separate words: any other character is the user's, kept and escaped.
  for (const word of text
    .trim()
    .replace(/\r\n?|\n/g, ' ')
    .split(/ +/)) {
    if (line !== '' && Array.from(`${line} ${word}`).length > WRAP_AT) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.map(escapeMermaid).join('<br>');
}

/** User text as a block label: trimmed, wrapped (unless `wrap` is false), escaped, quoted in square brackets. */
function label(text: string | undefined, fallback: string, wrap = true): string {
  const trimmed = (text ?? '').trim();
  const shown = trimmed === '' ? fallback : trimmed;
  return `["${wrap ? wrapped(shown) : escapeMermaid(shown)}"]`;
}

/** A lane's items: non-empty strings only, in the map's order. */
function itemsOf(blueprint: Blueprint | undefined, key: LaneKey): string[] {
  const items = blueprint?.[key];
  if (!Array.isArray(items)) return [];
  return items.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
}

/** One lane cell: every item on its own bulleted line(s). */
function cellLabel(items: readonly string[]): string {
  return `["${items.map((item) => `${BULLET} ${wrapped(item)}`).join('<br>')}"]`;
}

/** `space` for `n` blank cells. */
function space(n: number): string {
  return n === 1 ? 'space' : `space:${n}`;
}

/** A row: its blocks, with runs of empty cells merged into one `space:n`. */
function row(cells: readonly (string | undefined)[]): string {
  const out: string[] = [];
  let blank = 0;
  for (const cell of cells) {
    if (cell === undefined) {
      blank++;
      continue;
    }
    if (blank > 0) out.push(space(blank));
    blank = 0;
    out.push(cell);
  }
  if (blank > 0) out.push(space(blank));
  return `${INDENT}${out.join(' ')}`;
}

export function renderBlueprint(map: JourneyMap, omitted?: Omitted): string {
  const touchpoints: Touchpoint[] = [];
  const stageRow: string[] = [];
  const emptyStages: string[] = [];
  let drawnStages = 0;
  map.stages.forEach((stage, s) => {
    const list = stage.touchpoints ?? [];
    if (list.length === 0) {
      emptyStages.push(commentId(stage.id));
      return;
    }
    drawnStages++;
    stageRow.push(`s${drawnStages}${label(stage.name, `Stage ${s + 1}`)}${list.length > 1 ? `:${list.length}` : ''}`);
    touchpoints.push(...list);
  });
  const columns = touchpoints.length;
  const width = columns + 2;
  const lines: string[] = [...FRONTMATTER, 'block-beta', `${INDENT}columns ${width}`];
  // A shortened map (limit.ts) says so in a block across the top.
  if (omitted) lines.push(`${INDENT}more1${label(omittedNote(omitted), '', false)}:${width}`);
  if (emptyStages.length > 0) lines.push(`${INDENT}%% Stages without touchpoints, not shown: ${emptyStages.join(', ')}`);
  if (columns === 0) {
    lines.push(`${INDENT}note1${label(NO_BLUEPRINT, NO_BLUEPRINT, false)}:${width}`);
    return `${lines.join('\n')}\n`;
  }

  const rowNames: string[] = [];
  const rowName = (id: string, title: string): string => {
    rowNames.push(id);
    return `${id}["${title}"]`;
  };
  lines.push(`${row([rowName('h1', 'Stage'), ...stageRow])} space`);
  lines.push(row([rowName('h2', 'Customer actions'), ...touchpoints.map((t, i) => `c${i + 1}${label(t.name, `Touchpoint ${i + 1}`)}`), undefined]));

  const filled = LANES.filter((lane) => touchpoints.some((t) => itemsOf(t.blueprint, lane.key).length > 0));
  if (filled.length === 0) {
    lines.push(`${INDENT}%% No touchpoint has blueprint lanes (frontstage, backstage, support, systems).`);
    lines.push(`${INDENT}note1${label(NO_BLUEPRINT, NO_BLUEPRINT, false)}:${width}`);
  }
  const links: string[] = [];
  const drawnLines = new Set<string>();
  for (const lane of filled) {
    // The line drawn above this lane: the last one whose lanes start here (each line once).
    for (const [n, line] of LINES.entries()) {
      if (drawnLines.has(line.title) || !line.above.includes(lane.key)) continue;
      drawnLines.add(line.title);
      lines.push(`${INDENT}l${n + 1}["${line.title}"] ${space(columns)} e${n + 1}[" "]`);
      links.push(`${INDENT}l${n + 1} -.- e${n + 1}`);
    }
    const cells = touchpoints.map((t, i) => {
      const items = itemsOf(t.blueprint, lane.key);
      return items.length > 0 ? `${lane.prefix}${i + 1}${cellLabel(items)}` : undefined;
    });
    lines.push(row([rowName(lane.name, lane.title), ...cells, undefined]));
  }
  lines.push(...links);
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`).join(',');
  const lineIds = [...drawnLines].map((title) => LINES.findIndex((line) => line.title === title) + 1);
  for (const style of CLASSES) lines.push(`${INDENT}${style}`);
  lines.push(`${INDENT}class ${rowNames.join(',')} rowName`, `${INDENT}class ${ids('s', drawnStages)} stage`);
  if (lineIds.length > 0) {
    lines.push(`${INDENT}class ${lineIds.map((n) => `l${n}`).join(',')} lineName`, `${INDENT}class ${lineIds.map((n) => `e${n}`).join(',')} lineEnd`);
  }
  return `${lines.join('\n')}\n`;
}

export const view: View = {
  id: 'blueprint',
  description:
    'Service blueprint: one column per touchpoint in journey order under its stage; customer actions, frontstage, backstage, support processes and systems, separated by the lines of interaction, visibility and internal interaction',
  render: (input: ViewInput) => renderBlueprint(input.map, input.omitted),
};

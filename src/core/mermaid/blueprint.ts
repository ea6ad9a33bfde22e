/**
 * `blueprint` view: a service blueprint as a Mermaid flowchart (issue 5). One subgraph per lane,
 * top to bottom: customer actions (the touchpoints, in stage subgraphs in journey order),
 * frontstage, the line of visibility, backstage, support processes, systems. Each touchpoint
 * with blueprint lanes is one column: its touchpoint, then one node per non-empty lane listing
 * that lane's items, linked top to bottom.
 *
 * Mermaid safety (MERMAID.md): every node and subgraph id is generated (`c3` is the third
 * touchpoint of the map, `f3`/`v3`/`b3`/`p3`/`y3` its lane cells, `stage2` the second stage,
 * `lane1`..`lane6` the lanes), never a user id; every label is `["escaped"]`, lines inside a
 * cell are joined with `<br>`. Pure: no I/O.
 */
import type { Blueprint, JourneyMap, Touchpoint } from '../model.js';
import { escapeMermaid } from './escape.js';
import { omittedNote } from './limit.js';
import type { Omitted, View, ViewInput } from './types.js';

type LaneKey = 'frontstage' | 'backstage' | 'support' | 'systems';

interface Lane {
  /** The subgraph id: `lane<rank + 1>`, fixed per lane so `lane4` is always the backstage. */
  id: string;
  title: string;
  /** Node id prefix of the lane's cells. */
  prefix: string;
  /** Vertical position: links span the difference, so every lane keeps its own row. */
  rank: number;
  key?: LaneKey;
}

const CUSTOMER: Lane = { id: 'lane1', title: 'Customer actions', prefix: 'c', rank: 0 };
const VISIBILITY: Lane = { id: 'lane3', title: 'Line of visibility', prefix: 'v', rank: 2 };
const ABOVE: readonly Lane[] = [{ id: 'lane2', title: 'Frontstage', prefix: 'f', rank: 1, key: 'frontstage' }];
const BELOW: readonly Lane[] = [
  { id: 'lane4', title: 'Backstage', prefix: 'b', rank: 3, key: 'backstage' },
  { id: 'lane5', title: 'Support processes', prefix: 'p', rank: 4, key: 'support' },
  { id: 'lane6', title: 'Systems', prefix: 'y', rank: 5, key: 'systems' },
];

/** The marker where a column crosses the line of visibility: a vertical ellipsis, no box. */
const VISIBILITY_MARK = escapeMermaid('\u22ee');
const BULLET = escapeMermaid('\u2022');
const NO_BLUEPRINT = 'No blueprint lanes in this map: add a blueprint to its touchpoints';
const INDENT = '    ';
const SLUG = /^[a-z0-9][a-z0-9-]*$/;

/** An id for a `%%` comment: a slug as it is (it cannot end the comment), anything else escaped. */
function commentId(id: string): string {
  return SLUG.test(id) ? id : escapeMermaid(id);
}

/** User text as a flowchart label: trimmed, escaped, quoted in square brackets. */
function label(text: string | undefined, fallback: string): string {
  const trimmed = (text ?? '').trim();
  return `["${escapeMermaid(trimmed === '' ? fallback : trimmed)}"]`;
}

/** A lane's items: non-empty strings only, in the map's order. */
function itemsOf(blueprint: Blueprint | undefined, key: LaneKey): string[] {
  const items = blueprint?.[key];
  if (!Array.isArray(items)) return [];
  return items.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
}

/** One lane cell: every item on its own bulleted line. */
function cellLabel(items: readonly string[]): string {
  return `["${items.map((item) => `${BULLET} ${escapeMermaid(item.trim())}`).join('<br>')}"]`;
}

/** A link spanning `length` ranks (Mermaid's minimum link length): `-->`, `--->`, ... */
function link(from: string, to: string, length: number, arrow: boolean): string {
  return `${from} ${'-'.repeat(length + 1)}${arrow ? '>' : '-'} ${to}`;
}

interface Cell {
  lane: Lane;
  id: string;
  label: string;
}

interface Column {
  index: number;
  touchpoint: Touchpoint;
  /** Lane cells below the touchpoint, top to bottom, the visibility marker included. */
  cells: Cell[];
}

function columnOf(touchpoint: Touchpoint, index: number): Column {
  const cellFor = (lane: Lane): Cell[] => {
    const items = lane.key ? itemsOf(touchpoint.blueprint, lane.key) : [];
    return items.length > 0 ? [{ lane, id: `${lane.prefix}${index}`, label: cellLabel(items) }] : [];
  };
  const above = ABOVE.flatMap(cellFor);
  const below = BELOW.flatMap(cellFor);
  const marker: Cell[] = below.length > 0 ? [{ lane: VISIBILITY, id: `${VISIBILITY.prefix}${index}`, label: `["${VISIBILITY_MARK}"]` }] : [];
  return { index, touchpoint, cells: [...above, ...marker, ...below] };
}

export function renderBlueprint(map: JourneyMap, omitted?: Omitted): string {
  const lines: string[] = ['flowchart TB'];
  // A shortened map (limit.ts) says so in a box of its own.
  if (omitted) lines.push(`${INDENT}more1${label(omittedNote(omitted), '')}`);
  const columns: Column[] = [];
  const customer: string[] = [];
  const emptyStages: string[] = [];
  let index = 0;
  map.stages.forEach((stage, s) => {
    const touchpoints = stage.touchpoints ?? [];
    if (touchpoints.length === 0) {
      emptyStages.push(commentId(stage.id));
      return;
    }
    customer.push(`${INDENT.repeat(2)}subgraph stage${s + 1} ${label(stage.name, `Stage ${s + 1}`)}`);
    for (const touchpoint of touchpoints) {
      index++;
      columns.push(columnOf(touchpoint, index));
      customer.push(`${INDENT.repeat(3)}c${index}${label(touchpoint.name, `Touchpoint ${index}`)}`);
    }
    customer.push(`${INDENT.repeat(2)}end`);
  });

  if (emptyStages.length > 0) lines.push(`${INDENT}%% Stages without touchpoints, not shown: ${emptyStages.join(', ')}`);
  if (customer.length > 0) lines.push(`${INDENT}subgraph ${CUSTOMER.id} ["${CUSTOMER.title}"]`, ...customer, `${INDENT}end`);

  const cells = columns.flatMap((column) => column.cells);
  if (cells.length === 0) {
    lines.push(
      `${INDENT}%% No touchpoint has blueprint lanes (frontstage, backstage, support, systems).`,
      `${INDENT}note1${label(NO_BLUEPRINT, NO_BLUEPRINT)}`,
    );
    return `${lines.join('\n')}\n`;
  }

  for (const lane of [...ABOVE, VISIBILITY, ...BELOW]) {
    const inLane = cells.filter((cell) => cell.lane === lane);
    if (inLane.length === 0) continue;
    lines.push(`${INDENT}subgraph ${lane.id} ["${lane.title}"]`);
    for (const cell of inLane) lines.push(`${INDENT.repeat(2)}${cell.id}${cell.label}${lane === VISIBILITY ? ':::visibility' : ''}`);
    lines.push(`${INDENT}end`);
  }

  for (const column of columns) {
    let from = { id: `c${column.index}`, rank: CUSTOMER.rank };
    for (const cell of column.cells) {
      // Into the visibility marker without an arrowhead, so the column reads as one line through it.
      lines.push(`${INDENT}${link(from.id, cell.id, cell.lane.rank - from.rank, cell.lane !== VISIBILITY)}`);
      from = { id: cell.id, rank: cell.lane.rank };
    }
  }

  if (cells.some((cell) => cell.lane === VISIBILITY)) {
    lines.push(`${INDENT}style ${VISIBILITY.id} fill:none,stroke-dasharray: 5 5`, `${INDENT}classDef visibility fill:none,stroke:none`);
  }
  return `${lines.join('\n')}\n`;
}

export const view: View = {
  id: 'blueprint',
  description:
    'Service blueprint: customer actions per stage, frontstage, line of visibility, backstage, support processes and systems, one column per touchpoint',
  render: (input: ViewInput) => renderBlueprint(input.map, input.omitted),
};

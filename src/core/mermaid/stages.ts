/**
 * The `stages` view: an overview flowchart, one subgraph per stage in journey order, its
 * touchpoints chained inside it and each touchpoint filled by its friction from `journey score`.
 * Ids are generated (`s1`, `t1`), never the map's ids: `end` and other keywords are valid slugs
 * but break a flowchart (MERMAID.md). All user text is escaped as MERMAID.md says.
 */
import type { ScoreReport, TouchpointScore } from '../score/types.js';
import { escapeMermaid } from './escape.js';
import { omittedNote } from './limit.js';
import type { View, ViewInput } from './types.js';

const INDENT = '    ';

export type FrictionLevel = 'low' | 'medium' | 'high' | 'unknown';
export const FRICTION_LEVELS: readonly FrictionLevel[] = ['low', 'medium', 'high', 'unknown'];

/** Friction below this (0..100) is low. */
export const LOW_FRICTION_BELOW = 34;
/** Friction below this (and not low) is medium; from it on, high. */
export const HIGH_FRICTION_FROM = 67;

/** Fill, border and text colours per level (text dark on every fill for contrast). */
const STYLES: Readonly<Record<FrictionLevel, string>> = {
  low: 'fill:#d8f0dc,stroke:#2e7d32,color:#1b1b1b',
  medium: 'fill:#fff1c2,stroke:#b7791f,color:#1b1b1b',
  high: 'fill:#f9d0d0,stroke:#c62828,color:#1b1b1b',
  unknown: 'fill:#eeeeee,stroke:#8a8a8a,color:#1b1b1b,stroke-dasharray: 5 5',
};

/**
 * The friction level of a touchpoint score: below 34 low, below 67 medium, else high (thirds of
 * 0..100 on the rounded friction). No score, a non-finite friction, or the neutral placeholder
 * friction of a touchpoint with no known component (`imputed`) is unknown.
 */
export function frictionLevel(score: Pick<TouchpointScore, 'friction' | 'imputed'> | undefined): FrictionLevel {
  if (!score || score.imputed === true || !Number.isFinite(score.friction)) return 'unknown';
  if (score.friction < LOW_FRICTION_BELOW) return 'low';
  if (score.friction < HIGH_FRICTION_FROM) return 'medium';
  return 'high';
}

/** Friction as the label shows it: one decimal at most, never `-0` or an exponent (friction is 0..100). */
function oneDecimal(x: number): string {
  const r = Math.round(x * 10) / 10;
  return r === 0 ? '0' : String(r);
}

/** Touchpoint scores by stage id and touchpoint id (ids are unique per map; the stage keeps duplicates apart). */
function scoresByKey(score: ScoreReport | undefined): Map<string, TouchpointScore> {
  const byKey = new Map<string, TouchpointScore>();
  for (const t of score?.touchpoints ?? []) {
    const key = `${t.stage}\u0000${t.id}`;
    if (!byKey.has(key)) byKey.set(key, t);
  }
  return byKey;
}

function renderStages({ map, score, omitted }: ViewInput): string {
  const scores = scoresByKey(score);
  const lines: string[] = [
    'flowchart LR',
    `${INDENT}%% fill by friction from journey score: low below ${LOW_FRICTION_BELOW}, medium below ${HIGH_FRICTION_FROM}, high from ${HIGH_FRICTION_FROM}, unknown without a score or with neutral imputed friction`,
  ];
  // A shortened map (limit.ts) says so in a box of its own.
  if (omitted) lines.push(`${INDENT}more1["${escapeMermaid(omittedNote(omitted))}"]`);
  const members = new Map<FrictionLevel, string[]>(FRICTION_LEVELS.map((level) => [level, []]));
  let node = 0;
  map.stages.forEach((stage, s) => {
    const label = escapeMermaid(stage.name.trim()) || escapeMermaid(stage.id);
    lines.push(`${INDENT}subgraph s${s + 1} ["${label}"]`);
    const ids: string[] = [];
    for (const touchpoint of stage.touchpoints ?? []) {
      const id = `t${++node}`;
      ids.push(id);
      const found = scores.get(`${stage.id}\u0000${touchpoint.id}`);
      const level = frictionLevel(found);
      members.get(level)!.push(id);
      const name = escapeMermaid(touchpoint.name.trim()) || escapeMermaid(touchpoint.id);
      // The second line is ours (a number), so `<br>` and `.` stay raw; without a score there is none.
      const second = score ? (level === 'unknown' ? '<br>friction unknown' : `<br>friction ${oneDecimal(found!.friction)}`) : '';
      lines.push(`${INDENT}${INDENT}${id}["${name}${second}"]`);
    }
    for (let i = 1; i < ids.length; i++) lines.push(`${INDENT}${INDENT}${ids[i - 1]!} --> ${ids[i]!}`);
    lines.push(`${INDENT}end`);
  });
  for (let s = 1; s < map.stages.length; s++) lines.push(`${INDENT}s${s} --> s${s + 1}`);
  for (const level of FRICTION_LEVELS) lines.push(`${INDENT}classDef ${level} ${STYLES[level]}`);
  for (const level of FRICTION_LEVELS) {
    const ids = members.get(level)!;
    if (ids.length > 0) lines.push(`${INDENT}class ${ids.join(',')} ${level}`);
  }
  return `${lines.join('\n')}\n`;
}

export const stagesView: View = {
  id: 'stages',
  description: 'overview flowchart: stages in journey order with their touchpoints, filled by friction (low, medium, high, unknown)',
  render: renderStages,
};

import type { Change, FieldValue, FileDiff, ScoreDelta } from '../types.js';

/** Where a change sits: `touchpoint/id` for items inside a touchpoint, else the id. */
export function changeSubject(c: Change): string {
  return c.touchpoint !== undefined ? `${c.touchpoint}/${c.id}` : c.id;
}

export const KIND_LABELS: Readonly<Record<Change['kind'], string>> = {
  journey: 'journey',
  stage: 'stage',
  touchpoint: 'touchpoint',
  'pain-point': 'pain point',
  opportunity: 'opportunity',
  kpi: 'KPI',
};

/** A field value as text: strings quoted, null as "none". */
export function fieldText(value: FieldValue | undefined): string {
  if (value === undefined || value === null) return 'none';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** `72.5 -> 41 (-31.5)`; a touchpoint on one side only: `new: 37.5` or `removed (was 100)`. */
export function scoreText(pair: [number | null, number | null], delta: number | null, arrow = '->'): string {
  if (pair[0] === null) return `new: ${pair[1]}`;
  if (pair[1] === null) return `removed (was ${pair[0]})`;
  const d = delta === null ? '' : ` (${delta > 0 ? '+' : ''}${delta})`;
  return `${pair[0]} ${arrow} ${pair[1]}${d}`;
}

/** The paths a file diff compared, as one label: `head`, or `base -> head` when they differ. */
export function fileLabel(f: FileDiff): string {
  if (f.base !== null && f.head !== null && f.renamed) return `${f.base} -> ${f.head}`;
  return f.head ?? f.base ?? '';
}

export function hasTouchpointLayoutChange(f: FileDiff): boolean {
  return f.changes.some((c) => c.kind === 'touchpoint' && c.change !== 'changed');
}

export function isScoreShown(s: ScoreDelta): boolean {
  return s.frictionDelta === null || s.frictionDelta !== 0 || s.priorityDelta !== 0;
}

import { SHARE_METRICS, kpiMetricLabel } from '../../model.js';
import { shorten } from '../../shorten.js';
import { summarizeChanges } from '../model.js';
import type { Change, DiffReport, FieldValue, FileDiff, ScoreDelta } from '../types.js';

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

/** `72.5 -> 41 (-31.5 points)`; a touchpoint on one side only: `new: 37.5` or `removed (was 100)`. */
export function scoreChangeText(pair: [number | null, number | null], delta: number | null, arrow = '->'): string {
  if (pair[0] === null) return `new: ${pair[1]}`;
  if (pair[1] === null) return `removed (was ${pair[0]})`;
  const d = delta === null ? '' : ` (${delta > 0 ? '+' : ''}${delta} points)`;
  return `${pair[0]} ${arrow} ${pair[1]}${d}`;
}

// ---------------------------------------------------------------------------------------------
// Names for the human formats (text, markdown): the JSON keeps ids and the model's summary.

/** A stage's name on either side of the diff, or its id when the diff does not name it. */
export function stageName(f: FileDiff, id: string): string {
  return f.stages?.find((s) => s.id === id)?.name ?? id;
}

/** `“Checkout”`: a name quoted in running text, cut so a summary line stays one line. */
export function quoted(name: string): string {
  return `“${shorten(name)}”`;
}

/**
 * A map's one-line summary for a reader: the model's counts, and the touchpoint whose friction
 * moved most by its name, with the unit: `1 touchpoint changed, friction of “Checkout” 79 -> 41
 * points (and 1 more)`. The summaries of added, removed and invalid maps name no item and are the
 * model's.
 */
export function summaryText(f: FileDiff, arrow = '->'): string {
  if (f.status !== 'changed' && f.status !== 'unchanged') return f.summary;
  const counts = summarizeChanges(f.changes, []);
  const moved = f.scores.filter((s) => s.frictionDelta !== null && Math.round(s.friction[0]!) !== Math.round(s.friction[1]!));
  const parts = counts === 'no changes' ? [] : [counts];
  if (moved.length > 0) {
    const top = moved[0]!;
    parts.push(
      `friction of ${quoted(top.name)} ${Math.round(top.friction[0]!)} ${arrow} ${Math.round(top.friction[1]!)} points${moved.length > 1 ? ` (and ${moved.length - 1} more)` : ''}`,
    );
  }
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}

/** The name of the touchpoint with the largest friction rise of the run, or its id when no score names it. */
export function largestRiseName(report: DiffReport): string | undefined {
  const rise = report.summary.maxFrictionIncrease;
  if (rise === null) return undefined;
  const file = report.files.find((f) => (f.head ?? f.base) === rise.file) ?? report.files.find((f) => f.scores.some((s) => s.touchpoint === rise.touchpoint));
  return file?.scores.find((s) => s.touchpoint === rise.touchpoint)?.name ?? rise.touchpoint;
}

/** A change's readable label: its name or description; a KPI's metric name. */
export function changeLabel(c: Change): string | undefined {
  if (c.kind === 'kpi') return kpiMetricLabel(c.id);
  return c.label;
}

/**
 * A changed field's value for a reader: a stage by its name, a KPI's target or threshold with its
 * unit (a share such as 0.08 as `8%`, NPS in points), anything else as fieldText writes it.
 */
export function valueText(f: FileDiff, c: Change, value: FieldValue | undefined): string {
  if (c.change === 'moved' && typeof value === 'string') return stageName(f, value);
  if (c.kind === 'kpi' && (c.field === 'target' || c.field === 'threshold') && typeof value === 'number' && Number.isFinite(value)) {
    if (SHARE_METRICS.includes(c.id) && value >= 0 && value <= 1) return `${Number((value * 100).toFixed(2))}%`;
    if (c.id === 'nps') return `${value} points`;
  }
  return fieldText(value);
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

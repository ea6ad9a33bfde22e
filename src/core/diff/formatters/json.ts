import type { Change, DiffReport, FileDiff, ScoreDelta } from '../types.js';
import type { DiffFormatter } from './types.js';

/**
 * The `diff` JSON (README, "journey diff"): objects rebuilt key by key so the key order is fixed
 * whatever order the model built them in, and absent optional keys stay absent.
 */
export const json: DiffFormatter = (report) => JSON.stringify(toJson(report), null, 2) + '\n';

const CHANGE_KEYS = ['kind', 'change', 'id', 'touchpoint', 'stage', 'label', 'field', 'before', 'after'] as const satisfies readonly (keyof Change)[];
const SCORE_KEYS = ['touchpoint', 'name', 'stage', 'friction', 'frictionDelta', 'priority', 'priorityDelta'] as const satisfies readonly (keyof ScoreDelta)[];
const FILE_KEYS = ['base', 'head', 'status', 'renamed', 'journey', 'title', 'summary', 'changes', 'scores', 'stages', 'diagnostics'] as const satisfies readonly (keyof FileDiff)[];

function pick<T extends object>(value: T, keys: readonly (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

export function toJson(report: DiffReport): DiffReport {
  return {
    base: report.base,
    head: report.head,
    files: report.files.map(
      (f) =>
        ({
          ...pick(f, FILE_KEYS),
          changes: f.changes.map((c) => pick(c, CHANGE_KEYS)),
          scores: f.scores.map((s) => pick(s, SCORE_KEYS)),
        }) as FileDiff,
    ),
    summary: { ...report.summary },
  };
}

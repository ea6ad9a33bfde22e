/** `journey diff`: the shapes shared by the model, the command and the formatters (README, "journey diff"). */
import type { Diagnostic } from '../diagnostics.js';

export type ChangeKind = 'journey' | 'stage' | 'touchpoint' | 'pain-point' | 'opportunity' | 'kpi';
export const CHANGE_KINDS: readonly ChangeKind[] = ['journey', 'stage', 'touchpoint', 'pain-point', 'opportunity', 'kpi'];

export type ChangeType = 'added' | 'removed' | 'moved' | 'renamed' | 'changed';
export const CHANGE_TYPES: readonly ChangeType[] = ['added', 'removed', 'moved', 'renamed', 'changed'];

export type FieldValue = string | number | boolean | null;

/** One semantic change. Items are matched by id, so reordering is never a change. */
export interface Change {
  kind: ChangeKind;
  change: ChangeType;
  /** The item's id: journey, stage, touchpoint, pain point or opportunity id; a KPI's metric. */
  id: string;
  /** The touchpoint a pain point, opportunity or KPI belongs to. */
  touchpoint?: string;
  /** A touchpoint's stage (head side; base side when removed). */
  stage?: string;
  /** A readable label: the item's name or description (head side; base side when removed). */
  label?: string;
  /** What changed: a field name for `changed`; `stage` for `moved`; `name` for `renamed`. */
  field?: string;
  before?: FieldValue;
  after?: FieldValue;
}

export interface ScoreDelta {
  touchpoint: string;
  name: string;
  stage: string;
  /** [base, head]; null on the side where the touchpoint does not exist. */
  friction: [number | null, number | null];
  frictionDelta: number | null;
  priority: [number | null, number | null];
  priorityDelta: number | null;
}

export type FileStatus = 'added' | 'removed' | 'changed' | 'unchanged' | 'invalid';

export interface FileDiff {
  /** Display path of the base side (`REV:path` with --git); null when the map is new. */
  base: string | null;
  /** Display path of the head side; null when the map was removed. */
  head: string | null;
  status: FileStatus;
  /** True when git saw the file renamed (base and head paths differ). */
  renamed?: boolean;
  /** The journey id (head side when both exist). */
  journey: string;
  title?: string;
  /** One line: "2 touchpoints added, friction of checkout 72 -> 41". */
  summary: string;
  changes: Change[];
  /** Friction and priority per touchpoint from the score model (map fields only), largest change first. */
  scores: ScoreDelta[];
  /**
   * The stages of both sides in journey order (the head's order; a stage only the base has comes
   * after the base stage before it), with their names: the change diagram draws them in this order.
   * Present when both sides were compared.
   */
  stages?: { id: string; name: string }[];
  /** Errors of a side that did not validate: that side could not be compared. */
  diagnostics?: { base?: Diagnostic[]; head?: Diagnostic[] };
}

export interface DiffSummary {
  files: number;
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  invalid: number;
  changes: number;
  /** The largest friction rise of a touchpoint present on both sides, or null when none rose. */
  maxFrictionIncrease: { file: string; touchpoint: string; delta: number } | null;
}

export interface DiffReport {
  /** What was compared: the base file, or `git:REV`. */
  base: string;
  /** The head file, or `working tree`. */
  head: string;
  files: FileDiff[];
  summary: DiffSummary;
}

/**
 * `journey diff`: what changed for the customer between two versions of a map. Items are matched
 * by id at every level (stages, touchpoints anywhere in the map, pain points and opportunities
 * within their touchpoint, KPIs by metric within their touchpoint), so reordering is not a
 * change. Friction and priority come from the score model on map fields only (no survey), with
 * the workspace's scoring settings. Pure.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { JourneyMap, Kpi, Opportunity, PainPoint, Touchpoint } from '../model.js';
import { touchpointsOf } from '../model.js';
import { scoreJourney } from '../score/model.js';
import type { ScoringSettings, TouchpointScore } from '../score/types.js';
import type { Change, ChangeKind, DiffReport, DiffSummary, FieldValue, FileDiff, ScoreDelta } from './types.js';
import { CHANGE_KINDS, CHANGE_TYPES } from './types.js';
import { plural } from '../output/plural.js';

/** One side of a comparison: a valid map, or the errors that kept it from being read. */
export interface DiffSide {
  file: string;
  map?: JourneyMap;
  diagnostics?: Diagnostic[];
}

const JOURNEY_FIELDS = ['id', 'title', 'owner', 'state', 'status'] as const;
const TOUCHPOINT_FIELDS = ['channel', 'emotion', 'effort', 'reach', 'owner', 'moment_of_truth', 'evidence'] as const;
const PAIN_POINT_FIELDS = ['description', 'severity', 'frequency', 'evidence'] as const;
const OPPORTUNITY_FIELDS = ['description', 'status', 'impact', 'effort', 'owner'] as const;
const KPI_FIELDS = ['target', 'threshold', 'direction', 'unit'] as const;

/** A score moves when its one-decimal rounding does. */
const round1 = (x: number): number => Math.round(x * 10) / 10;

function value(x: unknown): FieldValue {
  if (x === undefined || x === null) return null;
  if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return x;
  return JSON.stringify(x);
}

/** `changed` records for the fields that differ between two versions of one item. */
function fieldChanges<T extends object>(fields: readonly (keyof T & string)[], before: T, after: T, base: Omit<Change, 'change' | 'field' | 'before' | 'after'>): Change[] {
  const out: Change[] = [];
  for (const field of fields) {
    const a = value(before[field]);
    const b = value(after[field]);
    if (a !== b) out.push({ ...base, change: 'changed', field, before: a, after: b });
  }
  return out;
}

interface Placed {
  touchpoint: Touchpoint;
  stage: string;
  position: number;
}

function placed(map: JourneyMap): Map<string, Placed> {
  const out = new Map<string, Placed>();
  touchpointsOf(map).forEach((ref, position) => {
    if (!out.has(ref.touchpoint.id)) out.set(ref.touchpoint.id, { touchpoint: ref.touchpoint, stage: ref.stage.id, position });
  });
  return out;
}

function byId<T extends { id: string }>(items: readonly T[] | undefined): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of items ?? []) if (!out.has(item.id)) out.set(item.id, item);
  return out;
}

function kpisByMetric(kpis: readonly Kpi[] | undefined): Map<string, Kpi> {
  const out = new Map<string, Kpi>();
  for (const kpi of kpis ?? []) if (!out.has(kpi.metric)) out.set(kpi.metric, kpi);
  return out;
}

/** Added, removed and changed members of one collection inside a touchpoint present on both sides. */
function nested<T>(
  kind: ChangeKind,
  touchpoint: string,
  before: Map<string, T>,
  after: Map<string, T>,
  label: (item: T) => string | undefined,
  fields: readonly (keyof T & string)[],
): Change[] {
  const out: Change[] = [];
  for (const [id, item] of after) {
    const old = before.get(id);
    const lbl = label(item);
    const base = { kind, id, touchpoint, ...(lbl !== undefined ? { label: lbl } : {}) };
    if (old === undefined) out.push({ ...base, change: 'added' });
    else out.push(...fieldChanges(fields, old as T & object, item as T & object, base));
  }
  for (const [id, item] of before) {
    if (after.has(id)) continue;
    const lbl = label(item);
    out.push({ kind, id, touchpoint, change: 'removed', ...(lbl !== undefined ? { label: lbl } : {}) });
  }
  return out;
}

function mapChanges(base: JourneyMap, head: JourneyMap): Change[] {
  const changes: Change[] = fieldChanges(JOURNEY_FIELDS, base, head, { kind: 'journey', id: head.id });

  const stagesBefore = byId(base.stages);
  const stagesAfter = byId(head.stages);
  for (const [id, stage] of stagesAfter) {
    const old = stagesBefore.get(id);
    if (!old) changes.push({ kind: 'stage', change: 'added', id, label: stage.name });
    else if (old.name !== stage.name) changes.push({ kind: 'stage', change: 'renamed', id, label: stage.name, field: 'name', before: old.name, after: stage.name });
  }
  for (const [id, stage] of stagesBefore) if (!stagesAfter.has(id)) changes.push({ kind: 'stage', change: 'removed', id, label: stage.name });

  const before = placed(base);
  const after = placed(head);
  for (const [id, now] of after) {
    const was = before.get(id);
    const t = now.touchpoint;
    const common = { kind: 'touchpoint' as const, id, stage: now.stage, label: t.name };
    if (!was) {
      changes.push({ ...common, change: 'added' });
      continue;
    }
    const old = was.touchpoint;
    if (was.stage !== now.stage) changes.push({ ...common, change: 'moved', field: 'stage', before: was.stage, after: now.stage });
    if (old.name !== t.name) changes.push({ ...common, change: 'renamed', field: 'name', before: old.name, after: t.name });
    changes.push(...fieldChanges(TOUCHPOINT_FIELDS, old, t, common));
    changes.push(...nested<PainPoint>('pain-point', id, byId(old.pain_points), byId(t.pain_points), (p) => p.description, PAIN_POINT_FIELDS));
    changes.push(...nested<Opportunity>('opportunity', id, byId(old.opportunities), byId(t.opportunities), (o) => o.description, OPPORTUNITY_FIELDS));
    changes.push(...nested<Kpi>('kpi', id, kpisByMetric(old.kpis), kpisByMetric(t.kpis), () => undefined, KPI_FIELDS));
  }
  for (const [id, was] of before) {
    if (!after.has(id)) changes.push({ kind: 'touchpoint', change: 'removed', id, stage: was.stage, label: was.touchpoint.name });
  }
  return sortChanges(changes, base, head);
}

/** Journey order: kinds in CHANGE_KINDS order, then the item's place in the head map (the base map for removed items). */
function sortChanges(changes: Change[], base: JourneyMap, head: JourneyMap): Change[] {
  const headTouchpoints = placed(head);
  const baseTouchpoints = placed(base);
  const stageOrder = new Map([...head.stages.map((s) => s.id), ...base.stages.map((s) => s.id)].map((id, i) => [id, i] as const).reverse());
  const position = (c: Change): number => {
    if (c.kind === 'journey') return 0;
    if (c.kind === 'stage') return stageOrder.get(c.id) ?? 0;
    const id = c.touchpoint ?? c.id;
    const h = headTouchpoints.get(id);
    if (h) return h.position;
    return 100_000 + (baseTouchpoints.get(id)?.position ?? 0);
  };
  const keyed = changes.map((c, i) => ({ c, i, kind: CHANGE_KINDS.indexOf(c.kind), pos: position(c), type: CHANGE_TYPES.indexOf(c.change) }));
  keyed.sort((a, b) => a.kind - b.kind || a.pos - b.pos || a.type - b.type || a.i - b.i);
  return keyed.map((k) => k.c);
}

function scoreDeltas(base: JourneyMap | undefined, head: JourneyMap | undefined, settings: ScoringSettings): ScoreDelta[] {
  const scores = (map: JourneyMap | undefined) => new Map<string, TouchpointScore>((map ? scoreJourney(map, settings).touchpoints : []).map((t) => [t.id, t]));
  const before = scores(base);
  const after = scores(head);
  const deltas: ScoreDelta[] = [];
  const ids = [...after.keys(), ...[...before.keys()].filter((id) => !after.has(id))];
  for (const id of ids) {
    const a = before.get(id);
    const b = after.get(id);
    const friction: [number | null, number | null] = [a ? round1(a.friction) : null, b ? round1(b.friction) : null];
    const priority: [number | null, number | null] = [a ? round1(a.priority) : null, b ? round1(b.priority) : null];
    const frictionDelta = a && b ? round1(friction[1]! - friction[0]!) : null;
    const priorityDelta = a && b ? round1(priority[1]! - priority[0]!) : null;
    // Unchanged scores are left out; a touchpoint on one side only is listed after the deltas.
    if (a && b && frictionDelta === 0 && priorityDelta === 0) continue;
    deltas.push({ touchpoint: id, name: (b ?? a)!.name, stage: (b ?? a)!.stage, friction, frictionDelta, priority, priorityDelta });
  }
  const size = (d: ScoreDelta) => (d.frictionDelta === null ? -1 : Math.abs(d.frictionDelta));
  return deltas
    .map((d, i) => ({ d, i }))
    .sort((x, y) => size(y.d) - size(x.d) || Math.abs(y.d.priorityDelta ?? 0) - Math.abs(x.d.priorityDelta ?? 0) || x.i - y.i)
    .map((x) => x.d);
}

const NOUNS: Readonly<Record<ChangeKind, [string, string]>> = {
  journey: ['journey field', 'journey fields'],
  stage: ['stage', 'stages'],
  touchpoint: ['touchpoint', 'touchpoints'],
  'pain-point': ['pain point', 'pain points'],
  opportunity: ['opportunity', 'opportunities'],
  kpi: ['KPI', 'KPIs'],
};

/** "2 touchpoints added, 1 pain point changed, friction of checkout 72 -> 41". */
export function summarizeChanges(changes: readonly Change[], scores: readonly ScoreDelta[]): string {
  const parts: string[] = [];
  for (const kind of CHANGE_KINDS) {
    for (const type of CHANGE_TYPES) {
      // Several fields of one item changing count as one changed item.
      const items = new Set(changes.filter((c) => c.kind === kind && c.change === type).map((c) => (kind === 'journey' ? c.field : `${c.touchpoint ?? ''}\u0000${c.id}`)));
      if (items.size === 0) continue;
      const [one, many] = NOUNS[kind];
      parts.push(`${plural(items.size, one, many)} ${type}`);
    }
  }
  const moved = scores.filter((s) => s.frictionDelta !== null && Math.round(s.friction[0]!) !== Math.round(s.friction[1]!));
  if (moved.length > 0) {
    const top = moved[0]!;
    parts.push(`friction of ${top.touchpoint} ${Math.round(top.friction[0]!)} -> ${Math.round(top.friction[1]!)}${moved.length > 1 ? ` (and ${moved.length - 1} more)` : ''}`);
  }
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}

const errorsOf = (side: DiffSide | undefined) => side?.diagnostics?.filter((d) => d.severity === 'error') ?? [];

/**
 * Compares one map's two versions; either side may be missing (added or removed map) or invalid.
 * `renamed`: git saw the file move (the caller knows; two named files are never "renamed").
 */
export function diffFile(base: DiffSide | undefined, head: DiffSide | undefined, settings: ScoringSettings, renamed = false): FileDiff {
  const paths = { base: base?.file ?? null, head: head?.file ?? null };
  const journey = head?.map?.id ?? base?.map?.id ?? '';
  const title = head?.map?.title ?? base?.map?.title;
  const common = { ...paths, journey, ...(title !== undefined ? { title } : {}) };
  const invalid = { base: errorsOf(base), head: errorsOf(head) };
  if ((base && !base.map) || (head && !head.map)) {
    const sides = (['base', 'head'] as const).filter((s) => invalid[s].length > 0 || (s === 'base' ? base && !base.map : head && !head.map));
    const summary = sides.map((s) => `${s} map is not valid (${plural(invalid[s].length, 'error')})`).join(', ');
    const diagnostics: FileDiff['diagnostics'] = {};
    for (const s of sides) diagnostics[s] = invalid[s];
    return { ...common, status: 'invalid', summary, changes: [], scores: [], diagnostics };
  }
  if (!base?.map && head?.map) {
    const scores = scoreDeltas(undefined, head.map, settings);
    const count = touchpointsOf(head.map).length;
    return {
      ...common,
      status: 'added',
      summary: `journey added (${plural(count, 'touchpoint')})`,
      changes: [{ kind: 'journey', change: 'added', id: head.map.id, label: head.map.title }],
      scores,
    };
  }
  if (base?.map && !head?.map) {
    return {
      ...common,
      status: 'removed',
      summary: 'journey removed',
      changes: [{ kind: 'journey', change: 'removed', id: base.map.id, label: base.map.title }],
      scores: scoreDeltas(base.map, undefined, settings),
    };
  }
  const changes = mapChanges(base!.map!, head!.map!);
  const scores = scoreDeltas(base!.map, head!.map, settings);
  const status = changes.length > 0 || scores.length > 0 ? 'changed' : 'unchanged';
  const summary = summarizeChanges(changes, scores);
  return { ...common, status, ...(renamed ? { renamed: true } : {}), summary, changes, scores, stages: journeyStages(base!.map!, head!.map!) };
}

/** The head's stages in order, each stage only the base has placed after the base stage before it. */
function journeyStages(base: JourneyMap, head: JourneyMap): { id: string; name: string }[] {
  const out = head.stages.map((s) => ({ id: s.id, name: s.name }));
  base.stages.forEach((stage, i) => {
    if (out.some((s) => s.id === stage.id)) return;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const k = out.findIndex((s) => s.id === base.stages[j]!.id);
      if (k >= 0) {
        at = k + 1;
        break;
      }
    }
    out.splice(at, 0, { id: stage.id, name: stage.name });
  });
  return out;
}

/**
 * The whole run: files sorted by `sortKey` (default: the head path, else the base path), with
 * counts and the largest friction rise.
 */
export function buildDiffReport(base: string, head: string, files: FileDiff[], sortKey: (f: FileDiff) => string = (f) => f.head ?? f.base ?? ''): DiffReport {
  const sorted = [...files].sort((a, b) => {
    const x = sortKey(a);
    const y = sortKey(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const count = (status: FileDiff['status']) => sorted.filter((f) => f.status === status).length;
  let maxFrictionIncrease: DiffSummary['maxFrictionIncrease'] = null;
  for (const f of sorted) {
    for (const s of f.scores) {
      if (s.frictionDelta !== null && s.frictionDelta > 0 && (maxFrictionIncrease === null || s.frictionDelta > maxFrictionIncrease.delta)) {
        maxFrictionIncrease = { file: (f.head ?? f.base)!, touchpoint: s.touchpoint, delta: s.frictionDelta };
      }
    }
  }
  const summary: DiffSummary = {
    files: sorted.length,
    added: count('added'),
    removed: count('removed'),
    changed: count('changed'),
    unchanged: count('unchanged'),
    invalid: count('invalid'),
    changes: sorted.reduce((n, f) => n + f.changes.length, 0),
    maxFrictionIncrease,
  };
  return { base, head, files: sorted, summary };
}

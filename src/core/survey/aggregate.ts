import { createPeriodKeyer } from './dates/index.js';
import { createNormalizer } from './normalize.js';
import type { AggregationPlan, MetricColumn } from './plan/index.js';
import type { Tally, VerbatimComment } from './types.js';
import { clip } from '../clip.js';
import { COMMENT_TOUCHPOINTS, COMMENTS_PER_TOUCHPOINT, commentText } from './comments.js';
import type { Diagnostic } from '../diagnostics.js';
import { surveyWarning } from './warnings.js';
import { columnName } from './plan/column-name.js';

/** Counts for one group of responses (overall, a segment, a period). */
export interface GroupState {
  /**
   * Counts of the integer answers 0..DENSE-1 by value, metric by metric in one array (metric m,
   * value v at m * DENSE + v): the hot path adds to an array, not a map, and a group is small,
   * which matters when a column given to --by has hundreds of thousands of values. Other values
   * go to `sparse`, made for the first of them.
   */
  dense: number[];
  sparse?: Tally[];
  started: number;
  finished: number;
}

const DENSE = 12;

/** The tally of one metric of a group, for the statistics. */
export function tallyOf(group: GroupState, metric: number): Tally {
  const tally: Tally = new Map(group.sparse?.[metric]);
  for (let value = 0; value < DENSE; value++) {
    const count = group.dense[metric * DENSE + value]!;
    if (count > 0) tally.set(value, (tally.get(value) ?? 0) + count);
  }
  return tally;
}

/** Everything a pass over (part of) an export accumulates; structured-cloneable for workers. */
export interface AggregateState {
  rows: number;
  included: number;
  excluded: Record<string, number>;
  overall: GroupState;
  /** dimension key (a name, or names joined by '+') -> segment value -> counts */
  segments: Map<string, Map<string, GroupState>>;
  periods: Map<string, GroupState>;
  warnings: Diagnostic[];
  /** Warnings beyond the stored ones. */
  moreWarnings: number;
  /**
   * Repeats of a bad value (or date) in one column: the stored warning is the first; here its
   * count and first lines, by `repeatKey` (one warning per distinct value, not one per row).
   */
  repeats: Map<string, { count: number; lines: number[] }>;
  /** Response ids seen, to count duplicates once. */
  ids: Set<string>;
  /** Rows without a parseable date when --period is asked. */
  undated: number;
  /**
   * Verbatim comments by touchpoint (plan.comment): at most COMMENTS_PER_TOUCHPOINT each, the
   * first in file order, for at most COMMENT_TOUCHPOINTS touchpoints; no other answer is kept.
   */
  comments: Map<string, VerbatimComment[]>;
  /** True when touchpoints beyond COMMENT_TOUCHPOINTS had comments that were not kept. */
  commentsCapped: boolean;
}

export const MAX_WARNINGS = 500;
/** Lines listed for a repeated bad value. */
export const MAX_REPEAT_LINES = 5;

/** Warnings said once per distinct value and column, with a count, rather than once per row. */
const GROUPED = new Set(['csv/bad-value', 'csv/bad-date']);

function repeatKey(w: Diagnostic): string | undefined {
  return GROUPED.has(w.code) ? `${w.file ?? ''}\u0000${w.field ?? ''}\u0000${w.code}\u0000${w.message}` : undefined;
}

/**
 * The warnings of a state with each repeated value's count and first lines in its message:
 * "NPS answer 'x' is not a NPS answer (...): 3 rows, lines 5, 6, 7." (or "12 rows, first lines ...").
 */
export function warningsWithRepeats(state: Pick<AggregateState, 'warnings' | 'repeats'>): Diagnostic[] {
  return state.warnings.map((w) => {
    const key = repeatKey(w);
    const repeat = key === undefined ? undefined : state.repeats.get(key);
    if (!repeat || repeat.count < 2) return w;
    const lines = [...repeat.lines].sort((a, b) => a - b);
    const first = repeat.count > lines.length ? 'first lines' : 'lines';
    return { ...w, message: `${w.message.replace(/\.$/, '')}: ${repeat.count} rows, ${first} ${lines.join(', ')}.` };
  });
}

/** Response Type (Status) texts of responses that are not counted, and why (the SQL of `--emit-sql` lists them too). */
export const STATUS: Record<string, string | undefined> = {
  '1': 'preview',
  'survey preview': 'preview',
  '17': 'preview',
  'offline survey preview': 'preview',
  '2': 'test',
  'survey test': 'test',
  '8': 'spam',
  spam: 'spam',
  '9': 'spam',
  'preview spam': 'spam',
  '12': 'spam',
  'imported spam': 'spam',
};

/** The tally of a group's metric for answers outside the dense range, made when first needed. */
function sparseOf(group: GroupState, metric: number, metrics: number): Tally {
  group.sparse ??= Array.from({ length: metrics }, () => new Map<number, number>());
  return group.sparse[metric]!;
}

export function emptyGroup(metrics: number): GroupState {
  return {
    dense: new Array<number>(metrics * DENSE).fill(0),
    started: 0,
    finished: 0,
  };
}

export function emptyState(plan: AggregationPlan): AggregateState {
  return {
    rows: 0,
    included: 0,
    excluded: {},
    overall: emptyGroup(plan.metrics.length),
    segments: new Map(),
    periods: new Map(),
    warnings: [],
    moreWarnings: 0,
    repeats: new Map(),
    ids: new Set(),
    undated: 0,
    comments: new Map(),
    commentsCapped: false,
  };
}

/** What one answer cell resolves to for a metric: a value, missing (null), or a problem (string). */
export type Resolved = number | null | string;

/** How a metric's raw answers resolve (also for the answer texts counted by `--emit-sql`'s query). */
export function resolver(column: MetricColumn, decimalComma: boolean): (raw: string) => Resolved {
  const normalize = createNormalizer(column.kind, { ...column.answers, decimalComma });
  const cache = new Map<string, Resolved>();
  const { min, max } = column.metric === 'nps' ? { min: 0, max: 10 } : column.scale;
  const name = column.metric.toUpperCase();
  // Read letter by letter: an NPS, an FCR, a CSAT, a CES.
  const article = /^[AEFHILMNORSX]/.test(name) ? 'an' : 'a';
  return (raw) => {
    let resolved = cache.get(raw);
    if (resolved !== undefined) return resolved;
    const trimmed = raw.trim();
    const n = column.fcrOneTwo && (trimmed === '1' || trimmed === '2') ? { kind: 'value' as const, value: trimmed === '1' ? 1 : 0 } : normalize(raw);
    if (n.kind === 'missing') resolved = null;
    else if (n.kind === 'invalid') resolved = `${name} answer '${clip(trimmed, 40)}' is not ${article} ${name} answer (${n.reason}).`;
    else {
      const value = column.npsShift ? n.value - 1 : n.value;
      const integral = column.metric === 'nps' || column.metric === 'fcr';
      if (value < min || value > max || (integral && !Number.isInteger(value))) {
        resolved = `${name} answer '${clip(trimmed, 40)}' is outside the scale ${min}..${max}.`;
      } else resolved = value;
    }
    if (cache.size < 10_000) cache.set(raw, resolved);
    return resolved;
  };
}

/**
 * A 53-bit hash of a response id (two 32-bit FNV-1a variants): worker threads report these
 * instead of hundreds of thousands of strings, so ids repeated across parts of a file are
 * found by comparing sorted numbers. Two different ids share a hash with a probability of about
 * n^2 / 2^54 (1e-4 for a million responses).
 */
export function idHash(id: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 2097152 + (b >>> 11);
}

function countNewlines(fields: readonly string[], from = 0): number {
  let n = 0;
  for (let k = from; k < fields.length; k++) {
    const f = fields[k]!;
    for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) n++;
  }
  return n;
}

/**
 * The per-record work of `journey metrics`: filtering, normalising and counting. One instance
 * per pass (main thread or worker); states merge with `mergeStates`.
 */
export class Aggregator {
  readonly state: AggregateState;
  private readonly resolvers: ((raw: string) => Resolved)[];
  private readonly periodKey: ((raw: string) => string | undefined) | undefined;
  private readonly combinedName: string | undefined;
  /** Raw cell -> meaning caches for the metadata columns (few distinct values). */
  private readonly statusOf = new Map<string, string | null>();
  private readonly finishedOf = new Map<string, boolean>();
  private readonly distributionOf = new Map<string, string | null>();
  /** Combined segments, looked up by the first dimension's group then the other values. */
  private readonly combos = new Map<GroupState, Map<string, GroupState>>();
  private readonly groups: GroupState[] = [];
  /** Touchpoint cells (as written) whose touchpoint has all its comments: most rows stop here. */
  private readonly commentsFull = new Set<string>();

  /** Hashes of the response ids counted, when asked for (worker threads report these instead of the ids). */
  readonly idHashes: number[] = [];

  constructor(
    private readonly plan: AggregationPlan,
    private readonly file: string,
    private readonly excludeIds: ReadonlySet<string> = new Set(),
    private readonly options: {
      hashIds?: boolean;
      excludeHashes?: ReadonlySet<number>;
      /**
       * Skip the per-row id set: only collect hashes, and let the caller look for repeats in
       * the sorted hashes afterwards and redo the pass exactly if there are any (they are rare).
       */
      deferDuplicates?: boolean;
    } = {},
  ) {
    this.state = emptyState(plan);
    this.resolvers = plan.metrics.map((m) => resolver(m, plan.decimalComma));
    this.periodKey = plan.date ? createPeriodKeyer(plan.date.period, plan.date.order, plan.date.timeZone) : undefined;
    this.combinedName = plan.dims.length > 1 ? plan.dims.map((d) => d.name).join('+') : undefined;
  }

  private exclusionOf(raw: string): string | null {
    let reason = this.statusOf.get(raw);
    if (reason === undefined) {
      reason = STATUS[raw.trim().toLowerCase()] ?? null;
      if (this.statusOf.size < 1000) this.statusOf.set(raw, reason);
    }
    return reason;
  }

  private isFinished(raw: string): boolean {
    let finished = this.finishedOf.get(raw);
    if (finished === undefined) {
      const value = raw.trim().toLowerCase();
      finished = this.plan.finished!.kind === 'typeform' ? value !== 'partial' : value === '1' || value === 'true';
      if (this.finishedOf.size < 1000) this.finishedOf.set(raw, finished);
    }
    return finished;
  }

  private warn(code: string, message: string, fields: readonly string[], endLine: number, column?: number): void {
    const s = this.state;
    const warning = surveyWarning({
      code,
      message,
      line: endLine - countNewlines(fields),
      ...(column !== undefined ? { field: columnName(this.plan, column) } : {}),
      file: this.file,
    });
    const key = repeatKey(warning);
    const repeat = key === undefined ? undefined : s.repeats.get(key);
    if (repeat) {
      repeat.count++;
      if (repeat.lines.length < MAX_REPEAT_LINES) repeat.lines.push(warning.line);
      return;
    }
    if (s.warnings.length >= MAX_WARNINGS) {
      s.moreWarnings++;
      return;
    }
    if (key !== undefined) s.repeats.set(key, { count: 1, lines: [warning.line] });
    s.warnings.push(warning);
  }

  private exclude(reason: string): void {
    this.state.excluded[reason] = (this.state.excluded[reason] ?? 0) + 1;
  }

  /** One response record; `endLine` is the physical line where the record ends (1-based). */
  add(fields: string[], endLine: number): void {
    const plan = this.plan;
    const s = this.state;
    s.rows++;
    const reason = this.exclusion(fields, endLine);
    if (reason !== undefined) return this.exclude(reason);
    const finished = plan.finished ? this.isFinished(fields[plan.finished.index] ?? '') : true;
    if (plan.responseId !== undefined && this.isDuplicate(fields, endLine, plan.responseId)) return this.exclude('duplicate');
    // --complete-only leaves an unfinished response's answers out, not the response: it still
    // counts as started, so completion stays finished / started over every started response.
    const counted = !(plan.completeOnly && !finished);
    if (counted) s.included++;
    else this.exclude('incomplete');
    const groups = this.groupsOf(fields, endLine, counted);
    for (const g of groups) {
      g.started++;
      if (finished) g.finished++;
    }
    if (!counted) return;
    this.countAnswers(fields, endLine, groups);
    if (plan.comment) this.comment(fields, endLine, plan.comment);
  }

  /** Why a row is not counted at all (a ragged row, a preview, test or spam response), if it is not. */
  private exclusion(fields: readonly string[], endLine: number): string | undefined {
    const plan = this.plan;
    if (fields.length !== plan.width) {
      let ragged = fields.length < plan.width;
      for (let i = plan.width; !ragged && i < fields.length; i++) if (fields[i] !== '') ragged = true;
      if (ragged) {
        // Fields out of line with the header may sit under the wrong question: the row is not counted.
        this.warn('csv/ragged-row', `The row has ${fields.length} fields but the header has ${plan.width}; it is not counted.`, fields, endLine);
        return 'ragged';
      }
    }
    if (plan.status !== undefined) {
      const reason = this.exclusionOf(fields[plan.status] ?? '');
      if (reason) return reason;
    }
    if (plan.distributionChannel !== undefined) {
      const reason = this.distributionExclusionOf(fields[plan.distributionChannel] ?? '');
      if (reason) return reason;
    }
    return undefined;
  }

  private distributionExclusionOf(raw: string): string | null {
    let reason = this.distributionOf.get(raw);
    if (reason === undefined) {
      const channel = raw.trim().toLowerCase();
      reason = channel === 'preview' || channel === 'test' ? channel : null;
      if (this.distributionOf.size < 1000) this.distributionOf.set(raw, reason);
    }
    return reason;
  }

  /** Whether the row's response id was seen before (warned), recording it otherwise. */
  private isDuplicate(fields: readonly string[], endLine: number, column: number): boolean {
    const s = this.state;
    const id = (fields[column] ?? '').trim();
    if (id === '') return false;
    if (this.options.deferDuplicates) {
      this.idHashes.push(idHash(id));
      return false;
    }
    // One hash-table operation per row: add, and see whether the set grew.
    const before = s.ids.size;
    s.ids.add(id);
    const hash = this.options.hashIds || this.options.excludeHashes ? idHash(id) : 0;
    if (s.ids.size === before || (this.excludeIds.size > 0 && this.excludeIds.has(id)) || (this.options.excludeHashes !== undefined && this.options.excludeHashes.has(hash))) {
      this.warn('csv/duplicate-response', `Response id '${clip(id, 40)}' appears again; only its first row counts.`, fields, endLine, column);
      return true;
    }
    if (this.options.hashIds) this.idHashes.push(hash);
    return false;
  }

  /** The groups the row counts in: overall, each segment, the combined segment, its period. */
  private groupsOf(fields: readonly string[], endLine: number, counted: boolean): GroupState[] {
    const plan = this.plan;
    const groups = this.groups;
    groups.length = 0;
    groups.push(this.state.overall);
    let first = '';
    let rest = '';
    for (let d = 0; d < plan.dims.length; d++) {
      const dim = plan.dims[d]!;
      const value = (fields[dim.index] ?? '').trim() || '(blank)';
      groups.push(this.group(dim.name, value));
      if (d === 0) first = value;
      else if (d === 1) rest = value;
      else rest += ' / ' + value;
    }
    if (this.combinedName) groups.push(this.combo(groups[1]!, first, rest));
    if (this.periodKey && plan.date) {
      const period = this.periodGroup(fields, endLine, counted, plan.date.index);
      if (period) groups.push(period);
    }
    return groups;
  }

  /** The row's period group; a row without a readable date is counted as undated (and warned). */
  private periodGroup(fields: readonly string[], endLine: number, counted: boolean, column: number): GroupState | undefined {
    const s = this.state;
    const raw = fields[column] ?? '';
    const key = this.periodKey!(raw);
    if (key === undefined) {
      if (counted) s.undated++;
      if (counted && raw.trim() !== '') {
        this.warn('csv/bad-date', `'${clip(raw, 40)}' is not a date this column's format can read.`, fields, endLine, column);
      }
      return undefined;
    }
    let period = s.periods.get(key);
    if (!period) s.periods.set(key, (period = emptyGroup(this.plan.metrics.length)));
    return period;
  }

  /** Adds the row's metric answers to its groups; a bad answer is warned and not counted. */
  private countAnswers(fields: readonly string[], endLine: number, groups: readonly GroupState[]): void {
    const metrics = this.plan.metrics;
    for (let m = 0; m < metrics.length; m++) {
      const column = metrics[m]!;
      const raw = fields[column.index];
      if (raw === undefined || raw === '') continue;
      const resolved = this.resolvers[m]!(raw);
      if (resolved === null) continue;
      if (typeof resolved === 'string') {
        this.warn('csv/bad-value', resolved, fields, endLine, column.index);
        continue;
      }
      if (resolved >= 0 && resolved < DENSE && Number.isInteger(resolved)) {
        const at = m * DENSE + resolved;
        for (let g = 0; g < groups.length; g++) groups[g]!.dense[at]!++;
      } else {
        for (const g of groups) {
          const tally = sparseOf(g, m, metrics.length);
          tally.set(resolved, (tally.get(resolved) ?? 0) + 1);
        }
      }
    }
  }

  /** Keeps the row's comment when its touchpoint has fewer than COMMENTS_PER_TOUCHPOINT. */
  private comment(fields: readonly string[], endLine: number, at: { index: number; touchpoint: number }): void {
    const raw = fields[at.index];
    if (raw === undefined || raw === '') return;
    const cell = fields[at.touchpoint] ?? '';
    if (this.commentsFull.has(cell)) return;
    const touchpoint = cell.trim();
    if (touchpoint === '') return;
    const comments = this.state.comments;
    const kept = comments.get(touchpoint);
    if (kept !== undefined && kept.length >= COMMENTS_PER_TOUCHPOINT) {
      if (this.commentsFull.size < COMMENT_TOUCHPOINTS) this.commentsFull.add(cell);
      return;
    }
    if (kept === undefined && comments.size >= COMMENT_TOUCHPOINTS) {
      if (!this.state.commentsCapped && commentText(raw) !== undefined) this.state.commentsCapped = true;
      return;
    }
    const text = commentText(raw);
    if (text === undefined) return;
    // The line the answer starts on: the record's last line less the line breaks from this cell on.
    const comment: VerbatimComment = { text, line: endLine - countNewlines(fields, at.index) };
    if (kept === undefined) comments.set(touchpoint, [comment]);
    else kept.push(comment);
  }

  /**
   * The combined segment of a row: `first` is the first dimension's group and `firstValue` its
   * value, so a new combination costs one string and two hash-table operations, whatever the
   * number of distinct values (finding the value by scanning the first dimension's segments
   * made 200,000 distinct values take minutes).
   */
  private combo(first: GroupState, firstValue: string, rest: string): GroupState {
    let byRest = this.combos.get(first);
    if (!byRest) this.combos.set(first, (byRest = new Map<string, GroupState>()));
    let group = byRest.get(rest);
    if (!group) {
      group = this.group(this.combinedName!, `${firstValue} / ${rest}`);
      byRest.set(rest, group);
    }
    return group;
  }

  private group(dimension: string, value: string): GroupState {
    return segmentGroup(this.state, dimension, value, this.plan.metrics.length);
  }
}

/** Adds the counts of `from` into `into`. */
export function mergeGroup(into: GroupState, from: GroupState): void {
  into.started += from.started;
  into.finished += from.finished;
  const dense = into.dense;
  from.dense.forEach((count, i) => (dense[i] = dense[i]! + count));
  from.sparse?.forEach((tally, i) => {
    const target = sparseOf(into, i, from.sparse!.length);
    for (const [value, count] of tally) target.set(value, (target.get(value) ?? 0) + count);
  });
}

/**
 * Adds `from` into `into` (states of consecutive parts of one file, in file order). `from` is
 * consumed: its segment maps and groups become part of `into` where `into` has none yet, so
 * merging the parts of a file with hundreds of thousands of segments copies none of them.
 */
export function mergeStates(into: AggregateState, from: AggregateState, _metrics?: number): void {
  into.rows += from.rows;
  into.included += from.included;
  into.undated += from.undated;
  for (const [reason, count] of Object.entries(from.excluded)) into.excluded[reason] = (into.excluded[reason] ?? 0) + count;
  mergeGroup(into.overall, from.overall);
  for (const [dimension, values] of from.segments) {
    const target = into.segments.get(dimension);
    if (!target) {
      into.segments.set(dimension, values);
      continue;
    }
    for (const [value, group] of values) {
      const existing = target.get(value);
      if (existing) mergeGroup(existing, group);
      else target.set(value, group);
    }
  }
  for (const [key, group] of from.periods) {
    const existing = into.periods.get(key);
    if (existing) mergeGroup(existing, group);
    else into.periods.set(key, group);
  }
  for (const w of from.warnings) {
    const key = repeatKey(w);
    const repeat = key === undefined ? undefined : from.repeats.get(key);
    const existing = key === undefined ? undefined : into.repeats.get(key);
    if (existing && repeat) {
      existing.count += repeat.count;
      existing.lines = [...existing.lines, ...repeat.lines].sort((a, b) => a - b).slice(0, MAX_REPEAT_LINES);
      continue;
    }
    if (into.warnings.length < MAX_WARNINGS) {
      into.warnings.push(w);
      if (key !== undefined && repeat) into.repeats.set(key, repeat);
    } else into.moreWarnings += repeat?.count ?? 1;
  }
  into.moreWarnings += from.moreWarnings;
  for (const id of from.ids) into.ids.add(id);
  mergeComments(into, from);
}

/** Adds the comments of `from` (a later part of the file, or a later file) after those of `into`. */
function mergeComments(into: AggregateState, from: AggregateState): void {
  into.commentsCapped ||= from.commentsCapped;
  for (const [touchpoint, comments] of from.comments) {
    let kept = into.comments.get(touchpoint);
    if (kept === undefined) {
      if (into.comments.size >= COMMENT_TOUCHPOINTS) {
        into.commentsCapped = true;
        continue;
      }
      into.comments.set(touchpoint, (kept = []));
    }
    for (const comment of comments) {
      if (kept.length >= COMMENTS_PER_TOUCHPOINT) break;
      kept.push(comment);
    }
  }
}

/** Adds `n` answers `value` of metric `metric` to a group (counts read back from `--emit-sql`'s query). */
export function addCount(group: GroupState, metric: number, metrics: number, value: number, n: number): void {
  if (value >= 0 && value < DENSE && Number.isInteger(value)) group.dense[metric * DENSE + value]! += n;
  else {
    const tally = sparseOf(group, metric, metrics);
    tally.set(value, (tally.get(value) ?? 0) + n);
  }
}

/** The group of one segment value of a dimension, made on first use. */
export function segmentGroup(state: AggregateState, dimension: string, value: string, metricCount: number): GroupState {
  let byValue = state.segments.get(dimension);
  if (!byValue) state.segments.set(dimension, (byValue = new Map<string, GroupState>()));
  let group = byValue.get(value);
  if (!group) byValue.set(value, (group = emptyGroup(metricCount)));
  return group;
}

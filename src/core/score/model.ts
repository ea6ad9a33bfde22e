/**
 * The scoring model of `journey score` (docs/scoring.md documents every formula and the worked
 * example that tests/core/score/model.test.ts checks). Pure: every input is an argument.
 */
import type { KpiDefault, WorkspaceConfig } from '../config.js';
import type { EmotionScale, Evidence, JourneyMap, KpiDirection, Opportunity, PainPoint, Stage, Touchpoint } from '../model.js';
import { SHARE_METRICS, defaultKpiDirection, emotionScale, fractionBetween, touchpointsOf } from '../model.js';
import { DEFAULT_KPIS, cesDirectionFits } from '../survey/kpis.js';
import { segmentKeyFor } from '../survey/join.js';
import type { MetricSet, MetricsReport } from '../survey/types.js';
import type { ComponentName, OpportunityScore, Quadrant, ScoreReport, ScoringSettings, SurveyEvidence, TouchpointScore } from './types.js';
import { COMPONENT_NAMES } from './types.js';
import { shorten } from '../shorten.js';

/** Friction of a touchpoint with no weighted component known: the middle of the scale, never 0. */
export const NEUTRAL_FRICTION = 50;
/** The reach assumed for a touchpoint whose reach is unknown (its factor is sqrt(0.5), about 0.71). */
export const NEUTRAL_REACH = 0.5;
/** RICE confidence per evidence level; an opportunity without evidence counts as proposed. */
export const CONFIDENCE: Readonly<Record<Evidence, number>> = { observed: 1, assumed: 0.8, proposed: 0.5 };
export const UNKNOWN_CONFIDENCE = 0.5;
/** Below this many answers a survey figure is a low sample (SURVEY.md); it is used, and says so. */
const LOW_SAMPLE = 30;

export type SurveyMetric = 'nps' | 'csat' | 'ces' | 'fcr';
const SURVEY_METRICS: readonly SurveyMetric[] = ['nps', 'csat', 'ces', 'fcr'];
const METRIC_LABEL: Readonly<Record<SurveyMetric, string>> = { nps: 'NPS', csat: 'CSAT', ces: 'CES', fcr: 'FCR' };

/** Survey evidence for `scoreJourney`: the figures of `journey metrics` and the KPI targets to judge them by. */
export interface ScoreSurveyInput {
  report: MetricsReport;
  /** The workspace config; its `kpis:` are the targets after a touchpoint's own KPIs. */
  config?: Pick<WorkspaceConfig, 'kpis'>;
  /** KPI targets that take the place of `config.kpis`. */
  kpis?: Record<string, KpiDefault>;
}

const clamp01 = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : x);
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
export const round = (x: number, digits: number): number => {
  const factor = 10 ** digits;
  // Near the largest number x * factor overflows to Infinity; such a number has no decimals to round.
  if (!Number.isFinite(x * factor)) return x;
  const r = Math.round(x * factor + (x >= 0 ? 1e-9 : -1e-9)) / factor;
  return r === 0 ? 0 : r;
};

// ---------------------------------------------------------------------------------------------
// Components: each 0..1 with 1 the worst, or undefined when unknown.

/** (max - emotion) / (max - min) on the map's scale: 0 at the best emotion, 1 at the worst. */
export function emotionComponent(emotion: number | undefined, scale: EmotionScale): number | undefined {
  if (!finite(emotion) || !(scale.max > scale.min)) return undefined;
  return clamp01(fractionBetween(emotion, scale.max, scale.min));
}

/** (effort - 1) / 4: 0 for effortless (1), 1 for very hard (5). */
export function effortComponent(effort: number | undefined): number | undefined {
  return finite(effort) ? clamp01((effort - 1) / 4) : undefined;
}

/** A pain point's load: severity x frequency / 25, or undefined when either is unknown. */
export function painPointLoad(pain: Pick<PainPoint, 'severity' | 'frequency'>): number | undefined {
  return finite(pain.severity) && finite(pain.frequency) ? clamp01((pain.severity * pain.frequency) / 25) : undefined;
}

/**
 * Noisy-OR of loads: 1 - prod(1 - load). Never below the largest load, so one severe pain point
 * is not diluted by small ones, and each further pain point adds a little.
 */
export function combineLoads(loads: readonly number[]): number {
  return clamp01(1 - loads.reduce((rest, load) => rest * (1 - clamp01(load)), 1));
}

/**
 * How far a survey figure falls short of its KPI, 0..1, piecewise linear: 0 at or beyond the
 * target, 0.5 at the action threshold, 1 at the worst value the metric can take. A threshold on
 * the wrong side of its target counts as equal to the target (no watch band).
 */
export function surveyBadness(value: number, target: number, threshold: number, direction: KpiDirection, worst: number): number {
  const good = (x: number) => (direction === 'higher-is-better' ? x : -x);
  const shortfall = good(target) - good(value);
  if (!(shortfall > 0)) return 0;
  const band = Math.max(0, good(target) - good(threshold));
  if (shortfall <= band) return (0.5 * shortfall) / band;
  const beyond = good(band > 0 ? threshold : target) - good(worst);
  if (!(beyond > 0)) return 1;
  return clamp01(0.5 + (0.5 * (shortfall - band)) / beyond);
}

/** Impact and effort at or above the cut-offs count as high. */
export function quadrantOf(impact: number, effort: number, cutoffs: ScoringSettings['quadrant']): Quadrant {
  const high = impact >= cutoffs.impact;
  const hard = effort >= cutoffs.effort;
  if (high) return hard ? 'major-project' : 'quick-win';
  return hard ? 'thankless' : 'fill-in';
}

// ---------------------------------------------------------------------------------------------
// Survey evidence

interface ResolvedKpi {
  target: number;
  threshold: number;
  direction: KpiDirection;
}

interface KpiCandidate {
  target: number;
  threshold?: number;
  direction?: KpiDirection;
}

/**
 * The KPI a metric is judged by: the touchpoint's own, else the config's, else SURVEY.md's
 * default; direction and threshold fall back along the same chain. A CES target whose direction
 * contradicts the survey's CES convention is skipped (as `journey metrics` does).
 */
function resolveKpi(metric: SurveyMetric, touchpoint: Touchpoint, configured: Record<string, KpiDefault> | undefined, cesHigherIsBetter: boolean | undefined): ResolvedKpi | undefined {
  const chain = [touchpoint.kpis?.find((k) => k.metric === metric), configured?.[metric], DEFAULT_KPIS[metric]].filter(
    (k): k is KpiCandidate => k !== undefined && finite(k.target),
  );
  for (let i = 0; i < chain.length; i++) {
    const kpi = chain[i]!;
    const rest = chain.slice(i + 1);
    const direction = kpi.direction ?? rest.find((k) => k.direction)?.direction ?? defaultKpiDirection(metric);
    if (metric === 'ces' && !cesDirectionFits(direction, cesHigherIsBetter)) continue;
    const unit = SHARE_METRICS.includes(metric) ? 100 : 1;
    const target = kpi.target * unit;
    let threshold = (kpi.threshold ?? rest.find((k) => finite(k.threshold))?.threshold ?? kpi.target) * unit;
    if (direction === 'higher-is-better' ? threshold > target : threshold < target) threshold = target;
    return { target, threshold, direction };
  }
  return undefined;
}

function figuresOf(metric: SurveyMetric, set: MetricSet): { value: number; n: number; range: [number, number] } | undefined {
  switch (metric) {
    case 'nps':
      return set.nps && { value: set.nps.score, n: set.nps.n, range: [-100, 100] };
    case 'csat':
      return set.csat && { value: set.csat.score, n: set.csat.n, range: [0, 100] };
    case 'fcr':
      return set.fcr && { value: set.fcr.score, n: set.fcr.n, range: [0, 100] };
    case 'ces': {
      if (!set.ces) return undefined;
      const [min, max] = Array.isArray(set.ces.scale) && finite(set.ces.scale[0]) && finite(set.ces.scale[1]) ? set.ces.scale : [1, 5];
      return { value: set.ces.mean, n: set.ces.n, range: [Math.min(min, max), Math.max(min, max)] };
    }
  }
}

type SurveyOutcome =
  | { kind: 'evidence'; evidence: SurveyEvidence; component: number; cesScale?: [number, number] }
  | { kind: 'none'; segment: string; note: string; matched: boolean };

interface SurveyContext {
  input: ScoreSurveyInput;
  byTouchpoint?: Record<string, MetricSet>;
  byStage?: Record<string, MetricSet>;
  cesSkipped: boolean;
}

const nonEmpty = (segments: Record<string, MetricSet> | undefined) => (segments && typeof segments === 'object' && Object.keys(segments).length > 0 ? segments : undefined);

/**
 * The join: a touchpoint's `survey_segment`, id or name against the export's touchpoint column
 * (case and spacing ignored, src/core/survey/join.ts). Only when the figures have no touchpoint column at all does the stage column stand in
 * (stage id against stage values): with a touchpoint column, a stage's figures would be other
 * touchpoints' responses.
 */
function surveyOf(stage: Stage, touchpoint: Touchpoint, context: SurveyContext): SurveyOutcome {
  const wanted = touchpoint.survey_segment ?? touchpoint.id;
  let set: MetricSet | undefined;
  let segment = wanted;
  let dimension: 'touchpoint' | 'stage' = 'touchpoint';
  if (context.byTouchpoint) {
    const key = segmentKeyFor(context.byTouchpoint, touchpoint);
    set = key === undefined ? undefined : context.byTouchpoint[key];
    if (key !== undefined) segment = key;
    if (!set) return { kind: 'none', segment: wanted, matched: false, note: `no matching responses: no '${wanted}' in the survey's touchpoint column` };
  } else if (context.byStage) {
    segment = stage.id;
    dimension = 'stage';
    set = Object.hasOwn(context.byStage, stage.id) ? context.byStage[stage.id] : undefined;
    if (!set) return { kind: 'none', segment, matched: false, note: `no matching responses: the survey has no touchpoint column and no '${stage.id}' in its stage column` };
  } else {
    return { kind: 'none', segment: wanted, matched: false, note: 'no matching responses: the survey figures have no touchpoint or stage segments' };
  }
  const configured = context.input.kpis ?? context.input.config?.kpis;
  const metrics: SurveyEvidence['metrics'] = {};
  const notes: string[] = [];
  const used: number[] = [];
  let cesScale: [number, number] | undefined;
  for (const metric of SURVEY_METRICS) {
    const figures = figuresOf(metric, set);
    if (!figures || !finite(figures.value) || !(figures.n > 0)) continue;
    const higherIsBetter = metric === 'ces' ? set.ces?.higherIsBetter : undefined;
    const kpi = resolveKpi(metric, touchpoint, configured, higherIsBetter);
    if (!kpi) {
      context.cesSkipped = true;
      notes.push(`CES not used: no CES target fits this survey's ${higherIsBetter ? 'higher' : 'lower'}-is-better scale`);
      continue;
    }
    const worst = kpi.direction === 'higher-is-better' ? figures.range[0] : figures.range[1];
    const badness = surveyBadness(figures.value, kpi.target, kpi.threshold, kpi.direction, worst);
    used.push(badness);
    if (metric === 'ces') cesScale = figures.range;
    metrics[metric] = { value: figures.value, n: figures.n, target: round(kpi.target, 3), threshold: round(kpi.threshold, 3), badness: round(badness, 3) };
  }
  if (used.length === 0) {
    const why = notes.length > 0 ? `; ${notes.join('; ')}` : '';
    return { kind: 'none', segment, matched: true, note: `responses matched, but no NPS, CSAT, CES or FCR figure with a KPI target${why}` };
  }
  const evidence: SurveyEvidence = { segment, metrics, ...(dimension === 'stage' ? { dimension } : {}), ...(notes.length > 0 ? { notes } : {}) };
  return { kind: 'evidence', evidence, component: used.reduce((a, b) => a + b, 0) / used.length, ...(cesScale ? { cesScale } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Explanation

const fmt = (x: number, digits = 1): string => String(round(x, digits));
const signed = (x: number): string => (x > 0 ? `+${fmt(x, 2)}` : fmt(x, 2));
const percent = (x: number): string => `${fmt(x * 100)}%`;

function severityWord(severity: number): string {
  if (severity >= 4) return 'severe';
  if (severity >= 3) return 'moderate';
  return 'minor';
}

/** Rated pain points, worst first: load, then severity, then id (so map order never matters). */
function worstFirst(pains: readonly PainPoint[]): PainPoint[] {
  return pains
    .filter((p) => painPointLoad(p) !== undefined)
    .sort((a, b) => painPointLoad(b)! - painPointLoad(a)! || b.severity! - a.severity! || compareIds(a.id, b.id));
}

/**
 * The survey metrics that miss their target, worst first, each with its unit: NPS in points
 * (-100..100), CSAT and FCR in %, CES as the mean on its answer scale.
 */
function surveyFacts(evidence: SurveyEvidence, stageName: string, cesScale: [number, number] | undefined): string {
  const rows = SURVEY_METRICS.flatMap((metric) => {
    const m = evidence.metrics[metric];
    return m ? [{ metric, ...m }] : [];
  });
  const off = rows.filter((r) => r.badness > 0).sort((a, b) => b.badness - a.badness || SURVEY_METRICS.indexOf(a.metric) - SURVEY_METRICS.indexOf(b.metric));
  const where = evidence.dimension === 'stage' ? ` (figures of the stage “${shorten(stageName)}”)` : '';
  if (off.length === 0) return `survey on target${where}`;
  const facts = off.map((r) => {
    const extras: string[] = [];
    if (r.n < LOW_SAMPLE) extras.push(`n=${r.n}`);
    const more = extras.length > 0 ? ` (${extras.join(', ')})` : '';
    if (r.metric === 'csat' || r.metric === 'fcr') return `${METRIC_LABEL[r.metric]} ${fmt(r.value)}% vs target ${fmt(r.target)}%${more}`;
    if (r.metric === 'nps') return `NPS ${fmt(r.value)} points vs target ${fmt(r.target)}${more}`;
    const scale = cesScale ? ` on ${fmt(cesScale[0], 2)}-${fmt(cesScale[1], 2)}` : '';
    return `CES mean ${fmt(r.value, 2)}${scale} vs target ${fmt(r.target, 2)}${more}`;
  });
  return facts.join(', ') + where;
}

interface Facts {
  touchpoint: Touchpoint;
  scale: EmotionScale;
  components: Partial<Record<ComponentName, number>>;
  weights: ScoringSettings['weights'];
  survey?: SurveyEvidence;
  /** The scale of the CES mean in `survey`, for its unit. */
  cesScale?: [number, number];
  stageName: string;
  imputed: boolean;
  missing: string[];
}

const COMPONENT_TEXT: Readonly<Record<ComponentName, string>> = { emotion: 'emotion', effort: 'effort', painPoints: 'pain points', survey: 'survey' };

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]!}`;
}

/** One sentence of the strongest reasons first: components by weighted contribution, then moment of truth, reach, evidence. */
function explain(facts: Facts): string {
  const { touchpoint, components, weights } = facts;
  const parts: string[] = [];
  if (facts.imputed) {
    const unknown = COMPONENT_NAMES.filter((c) => facts.missing.includes(c)).map((c) => COMPONENT_TEXT[c]);
    parts.push(unknown.length === COMPONENT_NAMES.length ? `no data on ${listWords(unknown)}, so neutral friction ${NEUTRAL_FRICTION}` : `no weighted data, so neutral friction ${NEUTRAL_FRICTION}`);
  } else {
    const known = COMPONENT_NAMES.filter((c) => components[c] !== undefined && weights[c] > 0).sort(
      (a, b) => weights[b] * components[b]! - weights[a] * components[a]! || COMPONENT_NAMES.indexOf(a) - COMPONENT_NAMES.indexOf(b),
    );
    for (const component of known) {
      if (component === 'emotion') parts.push(`emotion ${signed(touchpoint.emotion!)} on ${fmt(facts.scale.min, 2)}..${fmt(facts.scale.max, 2)}`);
      else if (component === 'effort') parts.push(`effort ${fmt(touchpoint.effort!, 2)}/5`);
      else if (component === 'painPoints') {
        const pains = touchpoint.pain_points ?? [];
        const [worst] = worstFirst(pains);
        if (!worst) parts.push('no pain points');
        else {
          const more = pains.length - 1;
          const named = shorten(worst.description) || worst.id;
          parts.push(`${severityWord(worst.severity!)} pain point “${named}” (severity ${fmt(worst.severity!, 2)}, frequency ${fmt(worst.frequency!, 2)})${more > 0 ? ` and ${more} more` : ''}`);
        }
      } else if (facts.survey) parts.push(surveyFacts(facts.survey, facts.stageName, facts.cesScale));
    }
  }
  if (touchpoint.moment_of_truth === true) parts.push('moment of truth');
  parts.push(finite(touchpoint.reach) ? `reach ${percent(touchpoint.reach)}` : 'reach unknown');
  if (touchpoint.evidence === 'assumed' || touchpoint.evidence === 'proposed') parts.push(`evidence ${touchpoint.evidence}`);
  return parts.join(', ');
}

// ---------------------------------------------------------------------------------------------
// Scoring

/** Code-unit order, the same in every locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Ranked<T> {
  item: T;
  stageIndex: number;
  id: string;
}

/** Higher key first (undefined last), then stage order, then id. */
function rankBy<T>(entries: Ranked<T>[], key: (item: T) => number | undefined): T[] {
  return [...entries]
    .sort((a, b) => {
      const ka = key(a.item);
      const kb = key(b.item);
      if (ka !== kb) {
        if (ka === undefined) return 1;
        if (kb === undefined) return -1;
        return kb - ka;
      }
      return a.stageIndex - b.stageIndex || compareIds(a.id, b.id);
    })
    .map((e) => e.item);
}

/** Friction, 0..1: the weighted mean of the known components with a positive weight; undefined when there are none. */
export function frictionOf(components: Partial<Record<ComponentName, number>>, weights: ScoringSettings['weights']): number | undefined {
  const counted = COMPONENT_NAMES.filter((c) => components[c] !== undefined && finite(weights[c]) && weights[c] > 0);
  if (counted.length === 0) return undefined;
  // Only ratios matter: scaling by the largest weight keeps tiny weights out of float underflow.
  const largest = Math.max(...counted.map((c) => weights[c]));
  let sum = 0;
  let total = 0;
  for (const c of counted) {
    const w = weights[c] / largest;
    sum += w * components[c]!;
    total += w;
  }
  return clamp01(sum / total);
}

/**
 * Priority multiplier 0..1: sqrt(reach) x (moment of truth ? m : 1) / m, unknown reach counting
 * as NEUTRAL_REACH. The square root damps reach, which spans orders of magnitude, so that a
 * broken step a fifth of customers reach is not outranked by a mild annoyance everyone sees.
 */
export function priorityFactor(reach: number | undefined, momentOfTruth: boolean, settings: Pick<ScoringSettings, 'momentOfTruth'>): number {
  const m = finite(settings.momentOfTruth) ? Math.max(1, settings.momentOfTruth) : 1;
  const r = finite(reach) ? clamp01(reach) : NEUTRAL_REACH;
  return (Math.sqrt(r) * (momentOfTruth ? m : 1)) / m;
}

export function scoreJourney(map: JourneyMap, settings: ScoringSettings, survey?: ScoreSurveyInput): ScoreReport {
  const scale = emotionScale(map);
  const refs = touchpointsOf(map);
  const context: SurveyContext | undefined = survey && {
    input: survey,
    byTouchpoint: nonEmpty(survey.report.segments?.touchpoint),
    byStage: nonEmpty(survey.report.segments?.stage),
    cesSkipped: false,
  };
  let matched = 0;
  const touchpoints = refs.map(({ stage, stageIndex, touchpoint }) => {
    const outcome = context && surveyOf(stage, touchpoint, context);
    if (outcome?.kind === 'evidence' || (outcome?.kind === 'none' && outcome.matched)) matched++;
    return { item: scoreTouchpoint(stage, touchpoint, outcome, scale, settings), stageIndex, id: touchpoint.id };
  });
  const rankedTouchpoints: TouchpointScore[] = rankBy(touchpoints, (t) => t.priority).map((t, i) => ({ ...t, rank: i + 1 }));

  // Pain points by id across the whole map (opportunities may address another touchpoint's).
  const painIndex = new Map<string, PainPoint>();
  for (const { touchpoint } of refs) for (const pain of touchpoint.pain_points ?? []) if (!painIndex.has(pain.id)) painIndex.set(pain.id, pain);
  const opportunities: Ranked<OpportunityScore>[] = refs.flatMap(({ stage, stageIndex, touchpoint }) =>
    (touchpoint.opportunities ?? []).map((opportunity) => ({
      item: scoreOpportunity(opportunity, stage, touchpoint, painIndex, settings),
      stageIndex,
      id: opportunity.id,
    })),
  );
  const rankedOpportunities = rankBy(opportunities, (o) => o.value).map((o, i) => ({ ...o, rank: i + 1 }));

  const report: ScoreReport = {
    journey: map.id,
    title: map.title,
    settings: { weights: { ...settings.weights }, momentOfTruth: settings.momentOfTruth, quadrant: { ...settings.quadrant } },
    touchpoints: rankedTouchpoints,
    opportunities: rankedOpportunities,
  };
  if (survey && context) report.evidence = surveyEvidenceNote(survey, context, matched, refs.length);
  return report;
}

/** The friction components known for a touchpoint (0..1, 1 the worst), and the pain points without a rating. */
function componentsOf(touchpoint: Touchpoint, outcome: SurveyOutcome | undefined, scale: EmotionScale): { known: Record<ComponentName, number | undefined>; unrated: string[] } {
  const pains = touchpoint.pain_points;
  const unrated = (pains ?? []).filter((p) => painPointLoad(p) === undefined).map((p) => p.id);
  const loads = (pains ?? []).flatMap((p) => {
    const load = painPointLoad(p);
    return load === undefined ? [] : [load];
  });
  // An absent pain_points list is unknown; an explicit empty list says there are none.
  const painPoints = pains === undefined ? undefined : pains.length === 0 ? 0 : loads.length > 0 ? combineLoads(loads) : undefined;
  const known: Record<ComponentName, number | undefined> = {
    emotion: emotionComponent(touchpoint.emotion, scale),
    effort: effortComponent(touchpoint.effort),
    painPoints,
    survey: outcome?.kind === 'evidence' ? outcome.component : undefined,
  };
  return { known, unrated };
}

function scoreTouchpoint(stage: Stage, touchpoint: Touchpoint, outcome: SurveyOutcome | undefined, scale: EmotionScale, settings: ScoringSettings): TouchpointScore {
  const { known, unrated } = componentsOf(touchpoint, outcome, scale);
  const components: Partial<Record<ComponentName, number>> = {};
  const missing: string[] = [];
  for (const c of COMPONENT_NAMES) {
    const x = known[c];
    if (x === undefined) missing.push(c);
    else components[c] = x;
  }
  const reach = finite(touchpoint.reach) ? touchpoint.reach : undefined;
  if (reach === undefined) missing.push('reach');
  const raw = frictionOf(components, settings.weights);
  const imputed = raw === undefined;
  const friction = imputed ? NEUTRAL_FRICTION : 100 * raw;
  const momentOfTruth = touchpoint.moment_of_truth === true;
  const exactPriority = friction * priorityFactor(reach, momentOfTruth, settings);
  const explanation = explain({
    touchpoint,
    scale,
    components,
    weights: settings.weights,
    ...(outcome?.kind === 'evidence' ? { survey: outcome.evidence, ...(outcome.cesScale ? { cesScale: outcome.cesScale } : {}) } : {}),
    stageName: stage.name,
    imputed,
    missing,
  });
  const rounded: Partial<Record<ComponentName, number>> = {};
  for (const c of COMPONENT_NAMES) if (components[c] !== undefined) rounded[c] = round(components[c], 3);
  return {
    id: touchpoint.id,
    name: touchpoint.name,
    stage: stage.id,
    friction: round(friction, 1),
    priority: round(exactPriority, 1),
    components: rounded,
    missing,
    ...(reach !== undefined ? { reach } : {}),
    momentOfTruth,
    explanation,
    ...(outcome ? { survey: outcome.kind === 'evidence' ? outcome.evidence : { segment: outcome.segment, note: outcome.note } } : {}),
    rank: 0,
    ...(imputed ? { imputed: true } : {}),
    ...(unrated.length > 0 ? { unrated } : {}),
    ...(touchpoint.evidence ? { evidence: touchpoint.evidence } : {}),
  };
}

function scoreOpportunity(opportunity: Opportunity, stage: Stage, touchpoint: Touchpoint, painIndex: ReadonlyMap<string, PainPoint>, settings: ScoringSettings): OpportunityScore {
  const missing: string[] = [];
  const addresses = [...new Set(opportunity.addresses ?? [])];
  const loads = addresses.flatMap((id) => {
    const pain = painIndex.get(id);
    const load = pain && painPointLoad(pain);
    return load === undefined ? [] : [load];
  });
  if (addresses.length > 0 && loads.length === 0) missing.push('addressedFriction');
  const addressed = loads.length > 0 ? 100 * combineLoads(loads) : 0;
  const impact = finite(opportunity.impact) ? opportunity.impact : undefined;
  const effort = finite(opportunity.effort) && opportunity.effort > 0 ? opportunity.effort : undefined;
  if (impact === undefined) missing.push('impact');
  if (effort === undefined) missing.push('effort');
  const reach = finite(touchpoint.reach) ? clamp01(touchpoint.reach) : undefined;
  if (reach === undefined) missing.push('reach');
  if (opportunity.evidence === undefined) missing.push('evidence');
  const confidence = opportunity.evidence ? CONFIDENCE[opportunity.evidence] : UNKNOWN_CONFIDENCE;
  const both = impact !== undefined && effort !== undefined;
  return {
    id: opportunity.id,
    touchpoint: touchpoint.id,
    stage: stage.id,
    description: opportunity.description,
    ...(impact !== undefined ? { impact } : {}),
    ...(effort !== undefined ? { effort } : {}),
    ...(opportunity.owner !== undefined ? { owner: opportunity.owner } : {}),
    ...(opportunity.status !== undefined ? { status: opportunity.status } : {}),
    ...(both ? { quadrant: quadrantOf(impact, effort, settings.quadrant) } : {}),
    ...(both ? { value: round((impact * (1 + addressed / 100)) / effort, 2) } : {}),
    ...(both && reach !== undefined ? { rice: round((reach * impact * confidence) / effort, 2) } : {}),
    addressedFriction: round(addressed, 1),
    addresses,
    missing,
    rank: 0,
    confidence,
    ...(reach !== undefined ? { reach } : {}),
  };
}

/** Where the survey figures came from and how they were joined to the touchpoints. */
function surveyEvidenceNote(survey: ScoreSurveyInput, context: SurveyContext, matched: number, count: number): NonNullable<ScoreReport['evidence']> {
  const files = survey.report.source?.files;
  const how = context.byTouchpoint
    ? "joined on the survey's touchpoint column (survey_segment, default the touchpoint id)"
    : context.byStage
      ? "the survey has no touchpoint column: joined on its stage column (stage ids), so touchpoints of a stage share its figures"
      : 'the survey figures have no touchpoint or stage segments, so no touchpoint has survey evidence';
  const notes = [`${how}; ${matched} of ${count} touchpoint${count === 1 ? '' : 's'} matched`];
  if (context.cesSkipped) notes.push("CES not used: no CES target fits the survey's CES scale (set kpis.ces with the matching direction in journeykit.config.yaml)");
  return { source: Array.isArray(files) && files.length > 0 ? files.join(', ') : 'survey', note: `${notes.join('; ')}.` };
}

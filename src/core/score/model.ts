/**
 * The scoring model of `journey score`: every touchpoint and opportunity of a map scored and
 * ranked, with the formulas of formulas.ts (docs/scoring.md documents every formula and a worked
 * example). Pure: every input is an argument.
 */
import type { EmotionScale, JourneyMap, Opportunity, PainPoint, Stage, Touchpoint } from '../model.js';
import { emotionScale, touchpointsOf } from '../model.js';
import { explain } from './explanation.js';
import {
  CONFIDENCE,
  NEUTRAL_FRICTION,
  UNKNOWN_CONFIDENCE,
  clamp01,
  combineLoads,
  compareIds,
  effortComponent,
  emotionComponent,
  finite,
  frictionOf,
  painPointLoad,
  priorityFactor,
  quadrantOf,
  round,
} from './formulas.js';
import type { ScoreSurveyInput, SurveyContext, SurveyOutcome } from './survey-evidence.js';
import { nonEmpty, surveyOf } from './survey-evidence.js';
import type { ComponentName, OpportunityScore, ScoreReport, ScoringSettings, TouchpointScore } from './types.js';
import { COMPONENT_NAMES } from './types.js';

export {
  CONFIDENCE,
  NEUTRAL_FRICTION,
  NEUTRAL_REACH,
  UNKNOWN_CONFIDENCE,
  combineLoads,
  effortComponent,
  emotionComponent,
  frictionOf,
  painPointLoad,
  priorityFactor,
  quadrantOf,
  round,
  surveyBadness,
} from './formulas.js';
import { plural } from '../output/plural.js';
export type { ScoreSurveyInput } from './survey-evidence.js';

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
      ? 'the survey has no touchpoint column: joined on its stage column (stage ids), so touchpoints of a stage share its figures'
      : 'the survey figures have no touchpoint or stage segments, so no touchpoint has survey evidence';
  const notes = [`${how}; ${matched} of ${plural(count, 'touchpoint')} matched`];
  if (context.cesSkipped) notes.push("CES not used: no CES target fits the survey's CES scale (set kpis.ces with the matching direction in journeykit.config.yaml)");
  return { source: Array.isArray(files) && files.length > 0 ? files.join(', ') : 'survey', note: `${notes.join('; ')}.` };
}

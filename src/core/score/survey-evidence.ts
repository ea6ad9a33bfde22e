/**
 * Survey evidence for a touchpoint: its figures in the survey segments, joined on the touchpoint
 * (or its stage), each judged against the KPI that applies to it.
 */
import type { KpiDefault, WorkspaceConfig } from '../config.js';
import type { KpiDirection, Stage, Touchpoint } from '../model.js';
import { SHARE_METRICS, defaultKpiDirection } from '../model.js';
import { DEFAULT_KPIS, cesDirectionFits } from '../survey/kpis.js';
import { segmentKeyFor } from '../survey/join.js';
import type { MetricName, MetricSet, MetricsReport } from '../survey/types.js';
import { METRIC_NAMES } from '../survey/types.js';
import { finite, round, surveyBadness } from './formulas.js';
import type { SurveyEvidence } from './types.js';

export const METRIC_LABEL: Readonly<Record<MetricName, string>> = { nps: 'NPS', csat: 'CSAT', ces: 'CES', fcr: 'FCR' };

/** Survey evidence for `scoreJourney`: the figures of `journey metrics` and the KPI targets to judge them by. */
export interface ScoreSurveyInput {
  report: MetricsReport;
  /** The workspace config; its `kpis:` are the targets after a touchpoint's own KPIs. */
  config?: Pick<WorkspaceConfig, 'kpis'>;
  /** KPI targets that take the place of `config.kpis`. */
  kpis?: Record<string, KpiDefault>;
}

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
function resolveKpi(
  metric: MetricName,
  touchpoint: Touchpoint,
  configured: Record<string, KpiDefault> | undefined,
  cesHigherIsBetter: boolean | undefined,
): ResolvedKpi | undefined {
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

function figuresOf(metric: MetricName, set: MetricSet): { value: number; n: number; range: [number, number] } | undefined {
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

export type SurveyOutcome =
  { kind: 'evidence'; evidence: SurveyEvidence; component: number; cesScale?: [number, number] } | { kind: 'none'; segment: string; note: string; matched: boolean };

export interface SurveyContext {
  input: ScoreSurveyInput;
  byTouchpoint?: Record<string, MetricSet>;
  byStage?: Record<string, MetricSet>;
  cesSkipped: boolean;
}

export const nonEmpty = (segments: Record<string, MetricSet> | undefined) => (segments && typeof segments === 'object' && Object.keys(segments).length > 0 ? segments : undefined);

/**
 * The join: a touchpoint's `survey_segment`, id or name against the export's touchpoint column
 * (case and spacing ignored, by segmentKeyFor). Only when the figures have no touchpoint column
 * at all does the stage column stand in (stage id against stage values): with a touchpoint
 * column, a stage's figures would be other touchpoints' responses.
 */
export function surveyOf(stage: Stage, touchpoint: Touchpoint, context: SurveyContext): SurveyOutcome {
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
  for (const metric of METRIC_NAMES) {
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

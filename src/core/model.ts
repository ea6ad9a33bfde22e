/**
 * The journey-map format v1 as TypeScript types (see FORMAT.md). Values of these types have
 * passed the JSON Schema; `x-` extension keys may appear on every object.
 */
export type Extensions = Record<`x-${string}`, unknown>;

export type Evidence = 'observed' | 'assumed' | 'proposed';

export interface EmotionScale {
  min: number;
  max: number;
}

export interface Persona extends Extensions {
  id: string;
  name: string;
  description?: string;
  goals?: string[];
  needs?: string[];
  frustrations?: string[];
}

export interface PainPoint extends Extensions {
  id: string;
  description: string;
  severity?: number;
  frequency?: number;
  evidence?: Evidence;
  source?: string;
}

export type OpportunityStatus = 'idea' | 'planned' | 'in-progress' | 'done' | 'dropped';

export interface Opportunity extends Extensions {
  id: string;
  description: string;
  addresses?: string[];
  impact?: number;
  effort?: number;
  owner?: string;
  status?: OpportunityStatus;
  evidence?: Evidence;
  source?: string;
}

export type KpiDirection = 'higher-is-better' | 'lower-is-better';
export type TimeUnit = 'seconds' | 'minutes' | 'hours' | 'days';

export interface Kpi extends Extensions {
  metric: string;
  target: number;
  threshold?: number;
  direction?: KpiDirection;
  unit?: TimeUnit;
}

export interface Blueprint extends Extensions {
  frontstage?: string[];
  backstage?: string[];
  support?: string[];
  systems?: string[];
}

export interface Touchpoint extends Extensions {
  id: string;
  name: string;
  channel: string;
  description?: string;
  personas?: string[];
  owner?: string;
  emotion?: number;
  effort?: number;
  reach?: number;
  moment_of_truth?: boolean;
  evidence?: Evidence;
  source?: string;
  pain_points?: PainPoint[];
  opportunities?: Opportunity[];
  blueprint?: Blueprint;
  kpis?: Kpi[];
  survey_segment?: string;
  links_to?: string;
}

export interface Stage extends Extensions {
  id: string;
  name: string;
  description?: string;
  goal?: string;
  touchpoints?: Touchpoint[];
}

export interface SurveyScale extends Extensions {
  min: number;
  max: number;
  higher_is_better?: boolean;
}

export interface SurveyBinding extends Extensions {
  platform?: 'auto' | 'qualtrics' | 'surveymonkey' | 'typeform' | 'google-forms' | 'generic';
  columns?: Partial<Record<'nps' | 'csat' | 'ces' | 'fcr' | 'channel' | 'stage' | 'touchpoint' | 'date' | 'response_id' | 'comment', string>>;
  scales?: Partial<Record<'nps' | 'csat' | 'ces' | 'fcr', SurveyScale>>;
  /** The answer labels of a metric's question, from the lowest point to the highest (`--labels`). */
  labels?: Partial<Record<'nps' | 'csat' | 'ces' | 'fcr', string[]>>;
}

export interface JourneyMap extends Extensions {
  version: 1;
  id: string;
  title: string;
  description?: string;
  state?: 'current' | 'future';
  based_on?: string;
  owner?: string;
  status?: 'draft' | 'review' | 'approved';
  updated?: string;
  scales?: { emotion?: EmotionScale } & Extensions;
  personas?: Persona[];
  stages: Stage[];
  survey?: SurveyBinding;
  tags?: string[];
}

export const DEFAULT_EMOTION_SCALE: EmotionScale = { min: -2, max: 2 };

/** Channels every workspace knows without declaring them (FORMAT.md). */
export const STANDARD_CHANNELS: readonly string[] = ['web', 'mobile-app', 'store', 'phone', 'chat', 'email', 'social', 'sms', 'mail', 'self-service', 'in-person'];

export const KPI_METRICS: readonly string[] = ['nps', 'csat', 'ces', 'fcr', 'abandonment-rate', 'completion-rate', 'response-time'];

/** What a reader calls a KPI's metric; a metric of the map's own (`x-...`) has no entry. */
export const KPI_METRIC_LABELS: Readonly<Record<string, string>> = {
  nps: 'NPS',
  csat: 'CSAT',
  ces: 'CES',
  fcr: 'FCR',
  'completion-rate': 'Completion rate',
  'abandonment-rate': 'Abandonment rate',
};

/** `Completion rate` for `completion-rate`; a metric of the map's own as it is. */
export function kpiMetricLabel(metric: string): string {
  return Object.hasOwn(KPI_METRIC_LABELS, metric) ? KPI_METRIC_LABELS[metric]! : metric;
}

/** Metrics whose values are shares written as fractions 0..1. */
export const SHARE_METRICS: readonly string[] = ['csat', 'fcr', 'abandonment-rate', 'completion-rate'];

export function defaultKpiDirection(metric: string): 'higher-is-better' | 'lower-is-better' {
  return metric === 'abandonment-rate' || metric === 'response-time' || metric === 'ces' ? 'lower-is-better' : 'higher-is-better';
}

export function emotionScale(map: JourneyMap): EmotionScale {
  return map.scales?.emotion ?? DEFAULT_EMOTION_SCALE;
}

/**
 * (value - from) / (to - from): where `value` lies between `from` (0) and `to` (1). On a scale
 * wider than the largest number (the schema allows `{min: -1e308, max: 1e308}`), `to - from` is
 * Infinity and the quotient NaN, so such a scale is measured in halves, which cannot overflow.
 */
export function fractionBetween(value: number, from: number, to: number): number {
  const width = to - from;
  return Number.isFinite(width) ? (value - from) / width : (value / 2 - from / 2) / (to / 2 - from / 2);
}

/** from + fraction x (to - from), the inverse of {@link fractionBetween}, with the same care for the widest scales. */
export function pointBetween(fraction: number, from: number, to: number): number {
  const width = to - from;
  return Number.isFinite(width) ? from + fraction * width : 2 * (from / 2 + fraction * (to / 2 - from / 2));
}

/** Every touchpoint with its stage and indexes, in journey order. */
export interface TouchpointRef {
  stage: Stage;
  stageIndex: number;
  touchpoint: Touchpoint;
  touchpointIndex: number;
  path: (string | number)[];
}

export function touchpointsOf(map: JourneyMap): TouchpointRef[] {
  const refs: TouchpointRef[] = [];
  map.stages.forEach((stage, stageIndex) => {
    (stage.touchpoints ?? []).forEach((touchpoint, touchpointIndex) => {
      refs.push({
        stage,
        stageIndex,
        touchpoint,
        touchpointIndex,
        path: ['stages', stageIndex, 'touchpoints', touchpointIndex],
      });
    });
  });
  return refs;
}

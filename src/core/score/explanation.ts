/** The one-sentence explanation of a touchpoint's score: its strongest reasons first. */
import type { EmotionScale, PainPoint, Touchpoint } from '../model.js';
import { shorten } from '../shorten.js';
import { NEUTRAL_FRICTION, compareIds, finite, painPointLoad, round } from './formulas.js';
import { LOW_SAMPLE } from '../survey/stats.js';
import { METRIC_NAMES } from '../survey/types.js';
import { METRIC_LABEL } from './survey-evidence.js';
import type { ComponentName, ScoringSettings, SurveyEvidence } from './types.js';
import { COMPONENT_NAMES } from './types.js';

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
  return pains.filter((p) => painPointLoad(p) !== undefined).sort((a, b) => painPointLoad(b)! - painPointLoad(a)! || b.severity! - a.severity! || compareIds(a.id, b.id));
}

/**
 * The survey metrics that miss their target, worst first, each with its unit: NPS in points
 * (-100..100), CSAT and FCR in %, CES as the mean on its answer scale.
 */
function surveyFacts(evidence: SurveyEvidence, stageName: string, cesScale: [number, number] | undefined): string {
  const rows = METRIC_NAMES.flatMap((metric) => {
    const m = evidence.metrics[metric];
    return m ? [{ metric, ...m }] : [];
  });
  const off = rows.filter((r) => r.badness > 0).sort((a, b) => b.badness - a.badness || METRIC_NAMES.indexOf(a.metric) - METRIC_NAMES.indexOf(b.metric));
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
export function explain(facts: Facts): string {
  const { touchpoint, components, weights } = facts;
  const parts: string[] = [];
  if (facts.imputed) {
    const unknown = COMPONENT_NAMES.filter((c) => facts.missing.includes(c)).map((c) => COMPONENT_TEXT[c]);
    parts.push(
      unknown.length === COMPONENT_NAMES.length
        ? `no data on ${listWords(unknown)}, so neutral friction ${NEUTRAL_FRICTION}`
        : `no weighted data, so neutral friction ${NEUTRAL_FRICTION}`,
    );
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
          parts.push(
            `${severityWord(worst.severity!)} pain point “${named}” (severity ${fmt(worst.severity!, 2)}, frequency ${fmt(worst.frequency!, 2)})${more > 0 ? ` and ${more} more` : ''}`,
          );
        }
      } else if (facts.survey) parts.push(surveyFacts(facts.survey, facts.stageName, facts.cesScale));
    }
  }
  if (touchpoint.moment_of_truth === true) parts.push('moment of truth');
  parts.push(finite(touchpoint.reach) ? `reach ${percent(touchpoint.reach)}` : 'reach unknown');
  if (touchpoint.evidence === 'assumed' || touchpoint.evidence === 'proposed') parts.push(`evidence ${touchpoint.evidence}`);
  return parts.join(', ');
}

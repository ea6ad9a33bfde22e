import type { Rule } from './rule.js';
import { rule as duplicateId } from './duplicate-id.js';
import { rule as duplicateJourneyId } from './duplicate-journey-id.js';
import { rule as emotionOutOfScale } from './emotion-out-of-scale.js';
import { rule as futureWithoutBasedOn } from './future-without-based-on.js';
import { rule as invalidEmotionScale } from './invalid-emotion-scale.js';
import { rule as invalidJourneyReference } from './invalid-journey-reference.js';
import { rule as kpiThresholdSide } from './kpi-threshold-side.js';
import { rule as kpiUnit } from './kpi-unit.js';
import { rule as momentOfTruthWithoutKpi } from './moment-of-truth-without-kpi.js';
import { rule as opportunityAddressesNothing } from './opportunity-addresses-nothing.js';
import { rule as stageWithoutTouchpoints } from './stage-without-touchpoints.js';
import { rule as unaddressedPainPoint } from './unaddressed-pain-point.js';
import { rule as unknownChannel } from './unknown-channel.js';
import { rule as unknownOwner } from './unknown-owner.js';
import { rule as unknownPainPoint } from './unknown-pain-point.js';
import { rule as unknownPersona } from './unknown-persona.js';
import { rule as unresolvedJourneyReference } from './unresolved-journey-reference.js';
import { rule as unusedPersona } from './unused-persona.js';

export type { PathSegment, Rule, RuleContext, RuleFinding, RuleMeta, RunMap } from './rule.js';

/** Every lint rule, sorted by id: one explicit list, no folder scanning. */
export const rules: readonly Rule[] = [
  duplicateId,
  duplicateJourneyId,
  emotionOutOfScale,
  futureWithoutBasedOn,
  invalidEmotionScale,
  invalidJourneyReference,
  kpiThresholdSide,
  kpiUnit,
  momentOfTruthWithoutKpi,
  opportunityAddressesNothing,
  stageWithoutTouchpoints,
  unaddressedPainPoint,
  unknownChannel,
  unknownOwner,
  unknownPainPoint,
  unknownPersona,
  unresolvedJourneyReference,
  unusedPersona,
];

const byId = new Map(rules.map((rule) => [rule.meta.id, rule]));

export function findRule(id: string): Rule | undefined {
  return byId.get(id);
}

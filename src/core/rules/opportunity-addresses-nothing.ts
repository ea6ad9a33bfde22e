import type { Rule, RuleFinding } from './rule.js';
import { listIds, opportunitiesOf, painPointsOf } from './shared.js';

export const rule: Rule = {
  meta: {
    id: 'opportunity-addresses-nothing',
    severity: 'warning',
    description: 'An opportunity has no `addresses`, or an empty list.',
    docs: 'An opportunity is worth pursuing because it relieves pain points; `addresses` records which ones, and prioritisation and reports use that link to weigh impact. An opportunity without `addresses` (or with an empty list) cannot be traced back to a customer problem. List the ids of the pain points it relieves; they may be on any touchpoint of the same map.',
  },
  check({ map }) {
    const allPainPoints = painPointsOf(map).map((ref) => ref.painPoint.id);
    const findings: RuleFinding[] = [];
    for (const { opportunity, parent, path } of opportunitiesOf(map)) {
      if ((opportunity.addresses ?? []).length > 0) continue;
      const here = (parent.touchpoint.pain_points ?? []).map((painPoint) => painPoint.id);
      findings.push({
        message: `Opportunity '${opportunity.id}' on touchpoint '${parent.touchpoint.id}' addresses no pain point.`,
        path: [...path, 'id'],
        hint:
          here.length > 0
            ? `List the pain points it relieves under \`addresses:\` (pain points on this touchpoint: ${listIds(here)}).`
            : allPainPoints.length > 0
              ? `List the pain points it relieves under \`addresses:\` (pain points of this map: ${listIds(allPainPoints)}).`
              : 'Describe the pain points it relieves under `pain_points:` of the touchpoint and list their ids under `addresses:`.',
      });
    }
    return findings;
  },
};

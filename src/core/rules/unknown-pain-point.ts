import { didYouMean } from '../suggest.js';
import type { Rule, RuleFinding } from './rule.js';
import { listIds, opportunitiesOf, painPointsOf, sentences } from './shared.js';

export const rule: Rule = {
  meta: {
    id: 'unknown-pain-point',
    severity: 'error',
    description: "An opportunity's `addresses` list names a pain point the map does not define.",
    docs: "An opportunity's `addresses` lists the pain points it relieves, by pain point id. The ids may belong to any touchpoint of the same map, but they must exist there: a typo would make the pain point look unaddressed and the opportunity look like it relieves nothing. Fix the id (the hint suggests the closest pain point) or add the missing pain point to the touchpoint where customers hit it.",
    needsComplete: ['pain_points'],
  },
  check({ map }) {
    const defined = painPointsOf(map).map((ref) => ref.painPoint.id);
    const known = new Set(defined);
    const findings: RuleFinding[] = [];
    for (const { opportunity, path } of opportunitiesOf(map)) {
      (opportunity.addresses ?? []).forEach((painPoint, i) => {
        if (known.has(painPoint)) return;
        findings.push({
          message: `Opportunity '${opportunity.id}' addresses pain point '${painPoint}', which this map does not define.`,
          path: [...path, 'addresses', i],
          hint:
            defined.length === 0
              ? `This map defines no pain points; add '${painPoint}' under the \`pain_points:\` of the touchpoint where customers hit it, or remove it from \`addresses\`.`
              : sentences(
                  didYouMean(painPoint, defined),
                  `Pain points defined: ${listIds(defined)}.`,
                  'Fix the id or add the pain point to the touchpoint where customers hit it.',
                ),
        });
      });
    }
    return findings;
  },
};

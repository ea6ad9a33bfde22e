import type { Rule, RuleFinding } from './rule.js';
import { joinAndQuoted, opportunitiesOf, painPointsOf } from './shared.js';
import { pluralWord } from '../output/plural.js';

export const rule: Rule = {
  meta: {
    id: 'unaddressed-pain-point',
    severity: 'info',
    description: 'A pain point is not listed in the `addresses` of any opportunity of the map.',
    docs: 'A pain point nobody plans to relieve is worth knowing about, so this informational rule lists them: a pain point counts as addressed when an opportunity anywhere in the same map lists its id under `addresses`. Opportunities with `status: dropped` do not count, because the team decided not to pursue them. Add an opportunity that addresses the pain point, or turn the rule off for workspaces that only document the current state.',
    needsComplete: ['opportunities'],
  },
  check({ map }) {
    const addressedBy = new Map<string, { live: boolean; dropped: string[] }>();
    for (const { opportunity } of opportunitiesOf(map)) {
      for (const id of opportunity.addresses ?? []) {
        const entry = addressedBy.get(id) ?? { live: false, dropped: [] };
        if (opportunity.status === 'dropped') entry.dropped.push(opportunity.id);
        else entry.live = true;
        addressedBy.set(id, entry);
      }
    }
    const findings: RuleFinding[] = [];
    for (const { painPoint, parent, path } of painPointsOf(map)) {
      const entry = addressedBy.get(painPoint.id);
      if (entry?.live === true) continue;
      const dropped = [...new Set(entry?.dropped ?? [])];
      findings.push({
        message:
          dropped.length > 0
            ? `Pain point '${painPoint.id}' on touchpoint '${parent.touchpoint.id}' is addressed only by dropped ${pluralWord(dropped.length, 'opportunity', 'opportunities')} ${joinAndQuoted(dropped)}.`
            : `Pain point '${painPoint.id}' on touchpoint '${parent.touchpoint.id}' is not addressed by any opportunity.`,
        path: [...path, 'id'],
        hint: `Add an opportunity with \`addresses: [${painPoint.id}]\` to a touchpoint of this map, or set \`unaddressed-pain-point: off\` under \`rules:\` if the map only documents the current state.`,
      });
    }
    return findings;
  },
};

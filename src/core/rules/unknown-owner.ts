import { touchpointsOf } from '../model.js';
import { didYouMean } from '../suggest.js';
import type { PathSegment, Rule, RuleFinding } from './rule.js';
import { configFileName, listIds, sentences } from './shared.js';

export const rule: Rule = {
  meta: {
    id: 'unknown-owner',
    severity: 'warning',
    description: 'The owner of the map, a touchpoint or an opportunity is not among the `owners` declared in the workspace config.',
    docs: "Owners say which team is accountable, and reports group work by owner, so a misspelt owner quietly creates a team nobody reads. The rule runs only when the workspace config declares an `owners:` list (an empty list counts as declared: no owner is known yet); without one, any owner is accepted. It checks the map's `owner`, every touchpoint's `owner` and every opportunity's `owner`. Fix the spelling (the hint suggests the closest declared owner) or add the owner to the list in journeykit.config.yaml.",
  },
  check({ map, config }) {
    const owners = config.owners;
    if (owners === undefined) return [];
    const known = new Set(owners);
    const file = configFileName(config);
    const findings: RuleFinding[] = [];
    const check = (subject: string, owner: string | undefined, path: PathSegment[]): void => {
      if (owner === undefined || known.has(owner)) return;
      findings.push({
        message: `${subject} has owner '${owner}', which is not among the owners declared in ${file}.`,
        path,
        hint: sentences(
          didYouMean(owner, owners),
          owners.length > 0 ? `Owners declared: ${listIds(owners)}.` : 'No owners are declared yet.',
          `If '${owner}' is a real team or person, add it under \`owners:\` in ${file}.`,
        ),
      });
    };
    check(`Journey '${map.id}'`, map.owner, ['owner']);
    for (const { touchpoint, path } of touchpointsOf(map)) {
      check(`Touchpoint '${touchpoint.id}'`, touchpoint.owner, [...path, 'owner']);
      (touchpoint.opportunities ?? []).forEach((opportunity, i) => {
        check(`Opportunity '${opportunity.id}'`, opportunity.owner, [...path, 'opportunities', i, 'owner']);
      });
    }
    return findings;
  },
};

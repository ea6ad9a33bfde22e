import type { JourneyMap } from '../model.js';
import { touchpointsOf } from '../model.js';
import { didYouMean } from '../suggest.js';
import type { Rule, RuleFinding } from './rule.js';
import { filesWithJourneyId, sentences } from './shared.js';
import { plural } from '../output/plural.js';

/**
 * What else `id` names in this map (a touchpoint, a stage...), for a journey reference that uses
 * the id of an item of another kind.
 */
function kindOf(map: JourneyMap, id: string): string | undefined {
  if ((map.personas ?? []).some((persona) => persona.id === id)) return 'persona';
  if (map.stages.some((stage) => stage.id === id)) return 'stage';
  const touchpoints = touchpointsOf(map).map((ref) => ref.touchpoint);
  if (touchpoints.some((touchpoint) => touchpoint.id === id)) return 'touchpoint';
  if (touchpoints.some((touchpoint) => (touchpoint.pain_points ?? []).some((painPoint) => painPoint.id === id))) return 'pain point';
  if (touchpoints.some((touchpoint) => (touchpoint.opportunities ?? []).some((opportunity) => opportunity.id === id))) return 'opportunity';
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'unresolved-journey-reference',
    severity: 'warning',
    description: 'A `based_on` or `links_to` journey id is not the id of any map validated in the same run.',
    docs: "`based_on` and a touchpoint's `links_to` refer to other journey maps by their top-level `id`. References can only be checked against the maps validated together, so a target outside the run is a warning rather than an error: either the id has a typo (the hint suggests the closest id of the run) or the target's file was not part of the run. Validate the whole folder, e.g. journey validate maps/, so that the target is checked too. A reference to the map itself is reported by invalid-journey-reference instead.",
  },
  check({ map, run }) {
    const ids = { has: (id: string): boolean => filesWithJourneyId(run, id).length > 0 };
    // Only a finding's hint needs the run's other ids.
    const candidates = (): string[] => [...new Set(run.map((other) => other.map.id))].filter((id) => id !== map.id);
    const notAmong = `which was not among the ${plural(run.length, 'validated file')}`;
    const plainHint = (target: string): string => {
      const guess = didYouMean(target, candidates());
      return sentences(
        guess,
        `${guess === undefined ? 'Validate' : 'If not, validate'} the file that defines '${target}' in the same run (pass it or its folder to journey validate), or fix the id.`,
      );
    };
    const hint = (target: string): string => {
      const guess = didYouMean(target, candidates());
      if (kindOf(map, target) !== undefined) {
        return sentences(guess, "Write the top-level `id` of the journey map meant (the one in that map's file), or remove the reference.");
      }
      return plainHint(target);
    };
    /** ", which is a touchpoint of this map, not a journey: … names another journey's id" or the run's words. */
    const why = (target: string, field: string): string => {
      const kind = kindOf(map, target);
      return kind === undefined ? notAmong : `which is ${kind === 'opportunity' ? 'an' : 'a'} ${kind} of this map, not a journey: ${field} names another journey map's id`;
    };
    const findings: RuleFinding[] = [];
    const basedOn = map.based_on;
    if (basedOn !== undefined && basedOn !== map.id && !ids.has(basedOn)) {
      findings.push({
        message: `Journey '${map.id}' is based on '${basedOn}', ${why(basedOn, '`based_on`')}.`,
        path: ['based_on'],
        hint: hint(basedOn),
      });
    }
    for (const { touchpoint, path } of touchpointsOf(map)) {
      const target = touchpoint.links_to;
      if (target === undefined || target === map.id || ids.has(target)) continue;
      // A touchpoint detailed by a sub-journey of its own name is the usual pattern, not a mix-up.
      const otherKind = target !== touchpoint.id && kindOf(map, target) !== undefined;
      findings.push({
        message: !otherKind
          ? `Touchpoint '${touchpoint.id}' links to journey '${target}', ${notAmong}.`
          : `Touchpoint '${touchpoint.id}' links to '${target}', ${why(target, '`links_to`')}.`,
        path: [...path, 'links_to'],
        hint: otherKind ? hint(target) : plainHint(target),
      });
    }
    return findings;
  },
};

import { touchpointsOf } from '../model.js';
import { didYouMean } from '../suggest.js';
import type { Rule, RuleContext, RuleFinding } from './rule.js';
import { listIds, sentences } from './shared.js';

function basedOnFindings({ map, file, run }: RuleContext): RuleFinding[] {
  const target = map.based_on;
  if (target === undefined) return [];
  if (target === map.id) {
    return [
      {
        message: `Journey '${map.id}' is based on itself.`,
        path: ['based_on'],
        hint: sentences(
          didYouMean(
            target,
            run.filter((other) => other.map.id !== map.id).map((other) => other.map.id),
          ),
          "`based_on` names the current-state map that this future-state map redesigns; use that map's id or remove `based_on`.",
        ),
      },
    ];
  }
  // Only a future-state map redesigns another one; `based_on` elsewhere is not judged here.
  if (map.state !== 'future') return [];
  const targets = run.filter((other) => other.file !== file && other.map.id === target);
  const first = targets[0];
  if (first === undefined || !targets.every((other) => other.map.state === 'future')) return [];
  const currentMaps = run.filter((other) => other.map.state !== 'future').map((other) => other.map.id);
  return [
    {
      message: `Journey '${map.id}' is based on '${target}', which is a future-state map, not a current-state one.`,
      path: ['based_on'],
      hint:
        first.map.based_on !== undefined && first.map.based_on !== map.id
          ? `Did you mean '${first.map.based_on}', the map that '${target}' redesigns? \`based_on\` must name a current-state map.`
          : `\`based_on\` must name the current-state map that this map redesigns${
              currentMaps.length > 0 ? ` (current-state maps in this run: ${listIds(currentMaps)})` : ''
            }; if '${target}' in ${first.file} describes today's journey, set its \`state: current\`.`,
    },
  ];
}

export const rule: Rule = {
  meta: {
    id: 'invalid-journey-reference',
    severity: 'error',
    description: 'A `based_on` or `links_to` reference resolves but cannot be right: it names the map itself, or a future-state map is based on another future-state map.',
    docs: "`based_on` says which current-state map a future-state map redesigns, and a touchpoint's `links_to` names a sub-journey that details it. This rule checks the references that resolve: a map may not be based on itself or link to itself, and a future-state map must be based on a current-state map (a map whose `state` is `current` or absent), not on another future-state map. `based_on` on a map that is not itself `state: future` is not judged by this rule. References that do not resolve at all are reported by unresolved-journey-reference instead.",
  },
  check(context) {
    const { map, run } = context;
    const findings = basedOnFindings(context);
    const otherIds = (): string[] => run.filter((other) => other.map.id !== map.id).map((other) => other.map.id);
    for (const { touchpoint, path } of touchpointsOf(map)) {
      if (touchpoint.links_to !== map.id) continue;
      findings.push({
        message: `Touchpoint '${touchpoint.id}' links to journey '${map.id}', which is this map itself.`,
        path: [...path, 'links_to'],
        hint: sentences(didYouMean(touchpoint.links_to, otherIds()), "`links_to` names a sub-journey that details this touchpoint; use that map's id or remove `links_to`."),
      });
    }
    return findings;
  },
};

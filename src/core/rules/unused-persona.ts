import { touchpointsOf } from '../model.js';
import type { Rule, RuleFinding } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'unused-persona',
    severity: 'warning',
    description: 'A persona is not used by any touchpoint of the map.',
    docs: 'A touchpoint without a `personas` list serves every persona of the map, so a persona is unused only when every touchpoint lists its personas explicitly and none lists this one (an explicit empty list serves none). A map with no touchpoints at all is left to stage-without-touchpoints. An unused persona usually means a forgotten `personas` entry or a persona that no longer belongs in the map: add it to the touchpoints it goes through, or remove it.',
    needsComplete: ['touchpoints'],
  },
  check({ map }) {
    const touchpoints = touchpointsOf(map);
    // A touchpoint without an explicit list serves everyone, so no persona can be unused.
    if (touchpoints.length === 0 || touchpoints.some(({ touchpoint }) => touchpoint.personas === undefined)) return [];
    const used = new Set(touchpoints.flatMap(({ touchpoint }) => touchpoint.personas ?? []));
    const findings: RuleFinding[] = [];
    (map.personas ?? []).forEach((persona, i) => {
      if (used.has(persona.id)) return;
      findings.push({
        message: `Persona '${persona.id}' is not used by any touchpoint.`,
        path: ['personas', i, 'id'],
        hint: `Every touchpoint lists its personas and none lists '${persona.id}'; add it to the \`personas\` of the touchpoints it goes through, or remove the persona.`,
      });
    });
    return findings;
  },
};

import { touchpointsOf } from '../model.js';
import { didYouMean } from '../suggest.js';
import type { Rule, RuleFinding } from './rule.js';
import { listIds, sentences } from './shared.js';

export const rule: Rule = {
  meta: {
    id: 'unknown-persona',
    severity: 'error',
    description: "A touchpoint's `personas` list names a persona the map does not define.",
    docs: "A touchpoint's `personas` list says which of the map's personas go through it, by persona id. An id that is not defined under the map's top-level `personas` is usually a typo, and it silently drops the touchpoint from that persona's view in reports. Fix the id (the hint suggests the closest defined persona) or add the persona to the map.",
    needsComplete: ['personas'],
  },
  check({ map }) {
    const defined = (map.personas ?? []).map((persona) => persona.id);
    const known = new Set(defined);
    const findings: RuleFinding[] = [];
    for (const { touchpoint, path } of touchpointsOf(map)) {
      (touchpoint.personas ?? []).forEach((persona, i) => {
        if (known.has(persona)) return;
        findings.push({
          message: `Touchpoint '${touchpoint.id}' names persona '${persona}', which this map does not define.`,
          path: [...path, 'personas', i],
          hint:
            defined.length === 0
              ? `This map defines no personas; add '${persona}' under the top-level \`personas:\` or remove it from the touchpoint.`
              : sentences(didYouMean(persona, defined), `Personas defined: ${listIds(defined)}.`, `Fix the id or add '${persona}' under the top-level \`personas:\`.`),
        });
      });
    }
    return findings;
  },
};

import type { Rule, RuleFinding } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'stage-without-touchpoints',
    severity: 'warning',
    description: 'A stage has no touchpoints.',
    docs: 'A stage describes what the customer tries to achieve; its touchpoints are where they interact with you while doing it, and every score, KPI and pain point hangs off a touchpoint. A stage without touchpoints (no `touchpoints` key, or an empty list) contributes nothing to reports, which is fine in an early draft but usually means work is missing. Add the touchpoints, or remove the stage if the journey does not have it.',
  },
  check({ map }) {
    const findings: RuleFinding[] = [];
    map.stages.forEach((stage, i) => {
      if ((stage.touchpoints ?? []).length > 0) return;
      findings.push({
        message: `Stage '${stage.id}' has no touchpoints.`,
        path: ['stages', i, 'id'],
        hint: 'Add the touchpoints where the customer interacts with you in this stage under `touchpoints:`, or remove the stage if the journey does not have it.',
      });
    });
    return findings;
  },
};

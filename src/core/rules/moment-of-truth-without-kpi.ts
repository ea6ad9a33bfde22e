import { touchpointsOf } from '../model.js';
import type { Rule, RuleFinding } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'moment-of-truth-without-kpi',
    severity: 'warning',
    description: 'A touchpoint marked `moment_of_truth: true` has no KPI.',
    docs: 'A moment of truth decides how the customer perceives the whole journey, so it is the touchpoint that most needs a measurable target. The rule reports touchpoints with `moment_of_truth: true` whose `kpis` list is missing or empty; KPI defaults in the workspace config do not count, because they only supply targets for KPIs that a touchpoint lists. Add a KPI (for example a csat target), or drop the moment-of-truth flag if the touchpoint is not one.',
  },
  check({ map }) {
    const findings: RuleFinding[] = [];
    for (const { touchpoint, path } of touchpointsOf(map)) {
      if (touchpoint.moment_of_truth !== true || (touchpoint.kpis ?? []).length > 0) continue;
      findings.push({
        message: `Touchpoint '${touchpoint.id}' is a moment of truth but has no KPI.`,
        path: [...path, 'moment_of_truth'],
        hint: 'Add a KPI under `kpis:` (e.g. `- {metric: csat, target: 0.85, threshold: 0.75}`) so the moment is measured, or set `moment_of_truth: false` if it is not one.',
      });
    }
    return findings;
  },
};

import { touchpointsOf } from '../model.js';
import type { Rule, RuleFinding } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'kpi-unit',
    severity: 'warning',
    description: 'An NPS target or threshold lies between -1 and 1 (other than 0), as if NPS were written as a fraction.',
    docs: 'NPS is a score in points from -100 to 100 (the share of promoters minus the share of detractors, times 100), while csat, fcr, abandonment-rate and completion-rate are shares written as fractions from 0 to 1. An NPS `target` or `threshold` of 0.45 is valid but almost certainly means 45 points: compared with measured NPS values it would be met by nearly any result. The rule reports an NPS target or threshold strictly between -1 and 1 other than 0 and suggests the points value. Write the points (45 for 0.45); if a target below one point is really meant, turn the rule off for the workspace.',
  },
  check({ map }) {
    const findings: RuleFinding[] = [];
    for (const { touchpoint, path } of touchpointsOf(map)) {
      (touchpoint.kpis ?? []).forEach((kpi, i) => {
        if (kpi.metric !== 'nps') return;
        for (const field of ['target', 'threshold'] as const) {
          const value = kpi[field];
          if (value === undefined || value === 0 || value <= -1 || value >= 1) continue;
          const points = Math.round(value * 1000) / 10;
          findings.push({
            message: `NPS ${field} ${value} of touchpoint '${touchpoint.id}' looks like a fraction; NPS ${field}s are points from -100 to 100: did you mean ${points}?`,
            path: [...path, 'kpis', i, field],
            hint: `Write ${field}: ${points}. NPS is in points (promoters minus detractors, as a percentage), not a fraction like csat or fcr.`,
          });
        }
      });
    }
    return findings;
  },
};

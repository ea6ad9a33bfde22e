import type { KpiDirection } from '../model.js';
import { defaultKpiDirection, touchpointsOf } from '../model.js';
import type { Rule, RuleFinding } from './rule.js';
import { configFileName } from './shared.js';

const WORDS: Record<KpiDirection, { better: string; side: string; other: KpiDirection }> = {
  'higher-is-better': { better: 'higher is better', side: 'below', other: 'lower-is-better' },
  'lower-is-better': { better: 'lower is better', side: 'above', other: 'higher-is-better' },
};

export const rule: Rule = {
  meta: {
    id: 'kpi-threshold-side',
    severity: 'error',
    description: "A KPI's action threshold is not on the worse side of its target.",
    docs: "A KPI's `target` is where the team wants to be and its `threshold` is the value at which it must act, so the threshold must be worse than the target: below it when higher is better, above it when lower is better. A threshold equal to the target is also reported, because it leaves no watch band between on target and action needed. The direction is the KPI's own `direction`, else the default for the metric under `kpis:` in the workspace config, else the built-in default (higher is better for nps, csat, fcr, completion-rate and x- metrics; lower is better for abandonment-rate, response-time and ces). Move the threshold to the worse side, or set `direction` when the metric's scale runs the other way (e.g. a 1-7 CES scale where higher means easier).",
  },
  check({ map, config }) {
    const findings: RuleFinding[] = [];
    for (const { touchpoint, path } of touchpointsOf(map)) {
      (touchpoint.kpis ?? []).forEach((kpi, i) => {
        const { metric, target, threshold } = kpi;
        if (threshold === undefined) return;
        const configured = config.kpis?.[metric]?.direction;
        const direction = kpi.direction ?? configured ?? defaultKpiDirection(metric);
        const higher = direction === 'higher-is-better';
        if (higher ? threshold < target : threshold > target) return;
        const words = WORDS[direction];
        const relation = threshold === target ? 'equals its target' : `is ${higher ? 'above' : 'below'} its target ${target}`;
        const source =
          kpi.direction !== undefined
            ? 'this KPI says so in `direction`'
            : configured !== undefined
              ? `\`kpis.${metric}.direction\` in ${configFileName(config)} says so`
              : `that is the default for '${metric}'`;
        findings.push({
          message: `KPI '${metric}' threshold ${threshold} ${relation}${threshold === target ? ` ${target}` : ''}, but ${words.better}, so the action threshold must be ${words.side} the target.`,
          path: [...path, 'kpis', i, 'threshold'],
          hint:
            threshold === target
              ? `Set the threshold ${words.side} ${target} to leave a watch band between on target and action needed (${words.better}: ${source}).`
              : `Set a threshold ${words.side} ${target}, the value at which the team must act (${words.better}: ${source}); if the metric's scale runs the other way, set \`direction: ${words.other}\` on the KPI.`,
        });
      });
    }
    return findings;
  },
};

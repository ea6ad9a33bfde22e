import type { Rule } from './rule.js';
import { listIds } from './shared.js';

export const rule: Rule = {
  meta: {
    id: 'future-without-based-on',
    severity: 'warning',
    description: 'A future-state map (`state: future`) does not say which current-state map it redesigns.',
    docs: "A future-state map is a redesign of a current journey, and `based_on` names that current-state map so that reports can compare the two and show what the redesign changes. Without it the future map stands alone and nothing checks that it addresses today's pain points. Add `based_on` with the current-state map's id; the hint lists the current-state maps of the run.",
    needsComplete: ['based_on'],
  },
  check({ map, run }) {
    if (map.state !== 'future' || map.based_on !== undefined) return [];
    const current = run.filter((other) => other.map.state !== 'future').map((other) => other.map.id);
    return [
      {
        message: `Journey '${map.id}' is a future-state map but has no based_on.`,
        path: ['state'],
        hint: `Add \`based_on:\` with the id of the current-state map it redesigns${current.length > 0 ? ` (current-state maps in this run: ${listIds(current)})` : ''}.`,
      },
    ];
  },
};

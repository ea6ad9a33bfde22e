import type { Rule } from './rule.js';
import { filesWithJourneyId, joinAndQuoted } from './shared.js';

export const rule: Rule = {
  meta: {
    id: 'duplicate-journey-id',
    severity: 'error',
    description: 'Another file of the same run declares the same journey id.',
    docs: 'A journey id identifies a map across the whole workspace: `based_on` and `links_to` refer to maps by id, and reports are keyed by it. When two files of one run declare the same top-level `id`, every file involved is reported at its `id`, naming the other files. Give each map its own id; a copied map usually needs a new id such as online-order-2026.',
  },
  check({ map, file, run }) {
    const others = [...new Set(filesWithJourneyId(run, map.id).filter((other) => other !== file))];
    if (others.length === 0) return [];
    return [
      {
        message: `Journey id '${map.id}' is also used by ${joinAndQuoted(others)}.`,
        path: ['id'],
        hint: 'Journey ids must be unique across the workspace because `based_on` and `links_to` refer to maps by id; give each map its own id.',
      },
    ];
  },
};

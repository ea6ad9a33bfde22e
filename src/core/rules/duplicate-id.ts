import type { JourneyMap } from '../model.js';
import type { PathSegment, Rule, RuleFinding } from './rule.js';
import { ordinal } from './shared.js';

type Kind = 'persona' | 'stage' | 'touchpoint' | 'pain point' | 'opportunity';

interface Occurrence {
  kind: Kind;
  id: string;
  path: PathSegment[];
  /** Where this occurrence is, in words, for the message of a later duplicate. */
  where: string;
}

const LABEL: Record<Kind, string> = {
  persona: 'Persona',
  stage: 'Stage',
  touchpoint: 'Touchpoint',
  'pain point': 'Pain point',
  opportunity: 'Opportunity',
};

const SCOPE: Record<Kind, string> = {
  persona: 'Persona ids must be unique within a map because touchpoints refer to them in `personas`',
  stage: 'Stage ids must be unique within a map because reports and diffs key on them',
  touchpoint: 'Touchpoint ids must be unique across all stages of a map because survey rows, reports and diffs key on them',
  'pain point': "Pain point ids must be unique across all touchpoints of a map because opportunities' `addresses` refer to them",
  opportunity: 'Opportunity ids must be unique across all touchpoints of a map because reports and diffs key on them',
};

/** Every id-carrying node of the map, in document order. */
function occurrencesOf(map: JourneyMap): Occurrence[] {
  const list: Occurrence[] = [];
  (map.personas ?? []).forEach((persona, i) => {
    list.push({
      kind: 'persona',
      id: persona.id,
      path: ['personas', i, 'id'],
      where: `the ${ordinal(i + 1)} persona ('${persona.name}')`,
    });
  });
  map.stages.forEach((stage, s) => {
    list.push({ kind: 'stage', id: stage.id, path: ['stages', s, 'id'], where: `the ${ordinal(s + 1)} stage ('${stage.name}')` });
    (stage.touchpoints ?? []).forEach((touchpoint, t) => {
      const base: PathSegment[] = ['stages', s, 'touchpoints', t];
      const at = `touchpoint '${touchpoint.id}' in stage '${stage.id}'`;
      list.push({
        kind: 'touchpoint',
        id: touchpoint.id,
        path: [...base, 'id'],
        where: `the ${ordinal(t + 1)} touchpoint in stage '${stage.id}' ('${touchpoint.name}')`,
      });
      (touchpoint.pain_points ?? []).forEach((painPoint, p) => {
        list.push({
          kind: 'pain point',
          id: painPoint.id,
          path: [...base, 'pain_points', p, 'id'],
          where: `the ${ordinal(p + 1)} pain point of ${at}`,
        });
      });
      (touchpoint.opportunities ?? []).forEach((opportunity, o) => {
        list.push({
          kind: 'opportunity',
          id: opportunity.id,
          path: [...base, 'opportunities', o, 'id'],
          where: `the ${ordinal(o + 1)} opportunity of ${at}`,
        });
      });
    });
  });
  return list;
}

/** A free id to suggest for the duplicate: `<id>-2`, `<id>-3`... */
function freeId(id: string, taken: ReadonlySet<string>): string {
  let n = 2;
  while (taken.has(`${id}-${n}`)) n++;
  return `${id}-${n}`;
}

export const rule: Rule = {
  meta: {
    id: 'duplicate-id',
    severity: 'error',
    description: 'An id of a persona, stage, touchpoint, pain point or opportunity is used twice within the same map.',
    docs: 'Ids are how references, reports, survey bindings and diffs find things, so each kind of id must be unique within a map: persona ids among personas, stage ids among stages, touchpoint ids across all stages, pain point ids and opportunity ids across all touchpoints. Different kinds may share an id (a stage and a touchpoint may both be called checkout). The rule reports every occurrence after the first, at its id, and names where the first one is; rename one of them and update the references that meant it.',
  },
  check({ map }) {
    const occurrences = occurrencesOf(map);
    const first = new Map<string, Occurrence>();
    const taken = new Map<Kind, Set<string>>();
    for (const occurrence of occurrences) {
      const ids = taken.get(occurrence.kind) ?? new Set<string>();
      ids.add(occurrence.id);
      taken.set(occurrence.kind, ids);
    }
    const findings: RuleFinding[] = [];
    for (const occurrence of occurrences) {
      const key = `${occurrence.kind}\u0000${occurrence.id}`;
      const earlier = first.get(key);
      if (earlier === undefined) {
        first.set(key, occurrence);
        continue;
      }
      const ids = taken.get(occurrence.kind) ?? new Set<string>();
      const suggestion = freeId(occurrence.id, ids);
      ids.add(suggestion);
      findings.push({
        message: `${LABEL[occurrence.kind]} id '${occurrence.id}' is also used by ${earlier.where}.`,
        path: occurrence.path,
        hint: `${SCOPE[occurrence.kind]}; rename one of them (e.g. '${suggestion}') and update any reference that meant it.`,
      });
    }
    return findings;
  },
};

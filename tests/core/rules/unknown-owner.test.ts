import { describe, expect, it } from 'vitest';
import { rule } from '../../../src/core/rules/unknown-owner.js';
import type { RuleCase } from './helpers.js';
import { checkCase, mapWith, opportunity, touchpoint } from './helpers.js';

const TP = ['stages', 0, 'touchpoints', 0];
const owners = { owners: ['digital-cx', 'web-team'] };
const ownedMap = (mapOwner: string, touchpointOwner: string, opportunityOwner: string) =>
  mapWith(
    [
      touchpoint('checkout', {
        owner: touchpointOwner,
        opportunities: [opportunity('show-fee-early', ['fee'], { owner: opportunityOwner })],
      }),
    ],
    { owner: mapOwner },
  );

describe('unknown-owner', () => {
  it.each<RuleCase>([
    { name: 'valid: no owners declared, any owner goes', map: ownedMap('anyone', 'someone', 'nobody'), expected: [] },
    { name: 'valid: every owner declared', map: ownedMap('digital-cx', 'web-team', 'web-team'), config: owners, expected: [] },
    { name: 'valid: no owner fields', map: mapWith([touchpoint('checkout')]), config: owners, expected: [] },
    {
      name: 'invalid: map, touchpoint and opportunity owners, in journey order',
      map: ownedMap('cx', 'web team', 'logistics'),
      config: owners,
      expected: [
        {
          path: ['owner'],
          message: "Journey 'online-order' has owner 'cx', which is not among the owners declared in journeykit.config.yaml.",
          hint: "Owners declared: digital-cx, web-team. If 'cx' is a real team or person, add it under `owners:` in journeykit.config.yaml.",
        },
        {
          path: [...TP, 'owner'],
          message: "Touchpoint 'checkout' has owner 'web team', which is not among the owners declared in journeykit.config.yaml.",
          hint: ["Did you mean 'web-team'?", 'Owners declared: digital-cx, web-team.'],
        },
        {
          path: [...TP, 'opportunities', 0, 'owner'],
          message: ["Opportunity 'show-fee-early'", "'logistics'"],
          notInHint: ['Did you mean'],
        },
      ],
    },
    {
      name: 'invalid: an empty owners list counts as declared',
      map: ownedMap('digital-cx', 'web-team', 'web-team'),
      config: { file: 'journeykit.config.yaml', owners: [] },
      expected: [
        { path: ['owner'], message: ["'digital-cx'"], hint: ['No owners are declared yet.'] },
        { path: [...TP, 'owner'], message: ["'web-team'"] },
        { path: [...TP, 'opportunities', 0, 'owner'], message: ["'web-team'"] },
      ],
    },
  ])('$name', (testCase) => {
    expect(checkCase(rule, testCase)).toHaveLength(testCase.expected.length);
  });
});

/**
 * Issue 14, item 7: schema and lint in one pass. A map the schema rejects in part is still
 * linted on the part that passed, so one run shows every mistake, each at its own line.
 */
import { describe, expect, it } from 'vitest';
import { runCli, workspace } from './harness.js';

interface Finding {
  code: string;
  severity: string;
  line: number;
  column: number;
  message: string;
  path?: string;
}
const findings = (stdout: string): Finding[] => (JSON.parse(stdout) as { files: { diagnostics: Finding[] }[] }).files.flatMap((f) => f.diagnostics);
const brief = (list: Finding[]) => list.map((d) => `${d.line}:${d.column} ${d.code}`);

const CONFIG = 'owners: [cx-team, web-team]\n';

/** Stage A has one schema error (line 12); stage B an unknown owner (line 22) and a duplicate id (line 24). */
const TWO_STAGES = `version: 1
id: online-order
title: Online order
stages:
  - id: browse
    name: Browse
    touchpoints:
      - id: search
        name: Search
        channel: web
        owner: web-team
        emotion: lots
  - id: purchase
    name: Purchase
    touchpoints:
      - id: basket
        name: Basket
        channel: web
        owner: web-team
      - id: checkout
        name: Checkout
        channel: web
        owner: web-tam
      - id: basket
        name: Payment
        channel: web
        owner: cx-team
`;

describe('journey validate: schema and lint in one pass', () => {
  it('reports a schema error in one stage and the lint problems of another in the same run', async () => {
    const cwd = workspace({ 'journeykit.config.yaml': CONFIG, 'a.journey.yaml': TWO_STAGES });
    const result = await runCli(['validate', '--format', 'json', 'a.journey.yaml'], { cwd });
    expect(result.code).toBe(1);
    const list = findings(result.stdout);
    expect(brief(list)).toEqual(['12:18 schema/type', '23:16 lint/unknown-owner', '24:13 lint/duplicate-id']);
    expect(list[1]!.message).toContain("'web-tam'");
    expect(list[2]!.message).toContain("Touchpoint id 'basket' is also used by the 1st touchpoint in stage 'purchase'");
  });

  it('says the same in the stylish format, at the lines of the file', async () => {
    const cwd = workspace({ 'journeykit.config.yaml': CONFIG, 'a.journey.yaml': TWO_STAGES });
    const result = await runCli(['validate', 'a.journey.yaml'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/12:18\s+error/);
    expect(result.stdout).toMatch(/23:16\s+warning.*web-tam/);
    expect(result.stdout).toMatch(/24:13\s+error.*basket/);
  });

  it('keeps the paths of the file when an earlier touchpoint of the same list is left out', async () => {
    // The rejected touchpoint is the first of its stage; the unknown owner is on the second.
    const map = TWO_STAGES.replace('        emotion: lots\n', '').replace(
      '      - id: basket\n        name: Basket\n        channel: web\n        owner: web-team\n',
      '      - id: basket\n        name: Basket\n        channel: 7\n        owner: web-team\n',
    );
    const cwd = workspace({ 'journeykit.config.yaml': CONFIG, 'a.journey.yaml': map });
    const list = findings((await runCli(['validate', '--format', 'json', 'a.journey.yaml'], { cwd })).stdout);
    // The first basket was rejected, so the second is no duplicate the rules can see.
    expect(brief(list)).toEqual(['17:18 schema/type', '22:16 lint/unknown-owner']);
    expect(list[1]!.path).toBe('/stages/1/touchpoints/1/owner');
  });

  it('does not report as missing what the schema rejected: personas, pain points, touchpoints', async () => {
    const map = `version: 1
id: online-order
title: Online order
personas:
  - id: busy-parent
    name: 42
stages:
  - id: purchase
    name: Purchase
    touchpoints:
      - id: checkout
        name: Checkout
        channel: web
        personas: [busy-parent]
        pain_points:
          - id: surprise-fee
            description: Fee appears late
            severity: high
      - id: delivery
        name: Delivery
        channel: web
        personas: [busy-parent]
        opportunities:
          - id: show-fee
            description: Show the fee early
            addresses: [surprise-fee]
            owner: nobody-we-know
`;
    const cwd = workspace({ 'journeykit.config.yaml': CONFIG, 'a.journey.yaml': map });
    const result = await runCli(['validate', '--format', 'json', 'a.journey.yaml'], { cwd });
    const list = findings(result.stdout);
    // No unknown-persona for busy-parent, no unknown-pain-point for surprise-fee: both exist,
    // the schema rejected them. The owner of the opportunity is still checked.
    expect(brief(list)).toEqual(['6:11 schema/type', '18:23 schema/type', '27:20 lint/unknown-owner']);
  });

  it('runs no rule on a map whose top level the schema rejected', async () => {
    const map = TWO_STAGES.replace('title: Online order\n', '');
    const cwd = workspace({ 'journeykit.config.yaml': CONFIG, 'a.journey.yaml': map });
    const list = findings((await runCli(['validate', '--format', 'json', 'a.journey.yaml'], { cwd })).stdout);
    expect(list.every((d) => d.code.startsWith('schema/'))).toBe(true);
    expect(list.map((d) => d.code)).toContain('schema/required');
  });

  it('resolves links to a map of the run that the schema rejected in part', async () => {
    const linking = TWO_STAGES.replace('        emotion: lots\n', '        links_to: delivery\n')
      .replace('owner: web-tam', 'owner: web-team')
      .replace('      - id: basket\n        name: Payment', '      - id: payment\n        name: Payment');
    const delivery = `version: 1
id: delivery
title: Delivery
updated: not-a-date
stages:
  - id: ship
    name: Ship
    touchpoints:
      - id: tracking
        name: Tracking
        channel: email
`;
    const cwd = workspace({ 'journeykit.config.yaml': CONFIG, 'a.journey.yaml': linking, 'b.journey.yaml': delivery });
    const result = await runCli(['validate', '--format', 'json', 'a.journey.yaml', 'b.journey.yaml'], { cwd });
    const list = findings(result.stdout);
    expect(list.map((d) => d.code)).toEqual(['schema/format']);
  });
});

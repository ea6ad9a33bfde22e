import { expect } from 'vitest';
import type { ResolvedConfig } from '../../../src/core/config.js';
import type { JourneyMap, Kpi, Opportunity, PainPoint, Persona, Stage, Touchpoint } from '../../../src/core/model.js';
import type { PathSegment, Rule, RuleFinding, RunMap } from '../../../src/core/rules/rule.js';

export const FILE = 'maps/online-order.journey.yaml';

function titleOf(id: string): string {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function persona(id: string, extra: Partial<Persona> = {}): Persona {
  return { id, name: titleOf(id), ...extra };
}

export function touchpoint(id: string, extra: Partial<Touchpoint> = {}): Touchpoint {
  return { id, name: titleOf(id), channel: 'web', ...extra };
}

/** A stage; pass `null` for a stage without a `touchpoints` key. */
export function stage(id: string, touchpoints: Touchpoint[] | null = [touchpoint(`${id}-touchpoint`)], extra: Partial<Stage> = {}): Stage {
  return touchpoints === null ? { id, name: titleOf(id), ...extra } : { id, name: titleOf(id), touchpoints, ...extra };
}

export function painPoint(id: string, extra: Partial<PainPoint> = {}): PainPoint {
  return { id, description: titleOf(id), ...extra };
}

export function opportunity(id: string, addresses: string[] | null, extra: Partial<Opportunity> = {}): Opportunity {
  return addresses === null ? { id, description: titleOf(id), ...extra } : { id, description: titleOf(id), addresses, ...extra };
}

export function kpi(metric: string, target: number, threshold?: number, extra: Partial<Kpi> = {}): Kpi {
  return threshold === undefined ? { metric, target, ...extra } : { metric, target, threshold, ...extra };
}

/**
 * A small map that every rule accepts: one persona, one stage with one touchpoint that serves
 * every persona. Overrides replace top-level keys.
 */
export function makeMap(overrides: Partial<JourneyMap> = {}): JourneyMap {
  return {
    version: 1,
    id: 'online-order',
    title: 'Online order',
    personas: [persona('busy-parent')],
    stages: [stage('purchase', [touchpoint('checkout')])],
    ...overrides,
  };
}

/** A map with the given touchpoints in one stage 'purchase'. */
export function mapWith(touchpoints: Touchpoint[], overrides: Partial<JourneyMap> = {}): JourneyMap {
  return makeMap({ stages: [stage('purchase', touchpoints)], ...overrides });
}

export interface RunOptions {
  config?: ResolvedConfig;
  /** The other maps of the run; the checked map always comes first. */
  others?: RunMap[];
  file?: string;
}

export function runRule(rule: Rule, map: JourneyMap, options: RunOptions = {}): RuleFinding[] {
  const file = options.file ?? FILE;
  return rule.check({ map, file, config: options.config ?? {}, run: [{ file, map }, ...(options.others ?? [])] });
}

export interface ExpectedFinding {
  path: PathSegment[];
  /** The exact message, or fragments it must contain. */
  message: string | string[];
  /** The exact hint, or fragments it must contain. */
  hint?: string | string[];
  /** Fragments the hint must not contain (e.g. no did-you-mean when nothing is close). */
  notInHint?: string[];
}

export interface RuleCase extends RunOptions {
  name: string;
  map: JourneyMap;
  expected: ExpectedFinding[];
}

function expectText(actual: string | undefined, expected: string | string[]): void {
  if (typeof expected === 'string') {
    expect(actual).toBe(expected);
    return;
  }
  expect(actual).toBeDefined();
  for (const fragment of expected) expect(actual).toContain(fragment);
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/**
 * Runs a table case: the findings come in the expected order with the expected paths and texts,
 * every path points at an existing node, and every message and hint is written as sentences.
 */
export function checkCase(rule: Rule, testCase: RuleCase): RuleFinding[] {
  const findings = runRule(rule, testCase.map, testCase);
  expect(findings.map((finding) => finding.path)).toEqual(testCase.expected.map((e) => e.path));
  findings.forEach((finding, i) => {
    const expected = testCase.expected[i]!;
    expectText(finding.message, expected.message);
    if (expected.hint !== undefined) expectText(finding.hint, expected.hint);
    for (const fragment of expected.notInHint ?? []) expect(finding.hint ?? '').not.toContain(fragment);
    expect(valueAt(testCase.map, finding.path), `path ${finding.path.join('.')} must exist`).toBeDefined();
    expect(finding.message).toMatch(/^[A-Z].*\.$/);
    // Names the offending value: a quoted id or a number.
    expect(finding.message).toMatch(/'[^']+'|-?\d/);
    if (finding.hint !== undefined) expect(finding.hint).toMatch(/^[A-Z`].*[.?]$/);
  });
  return findings;
}

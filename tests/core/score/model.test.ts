import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { JourneyMap, Touchpoint } from '../../../src/core/model.js';
import {
  CONFIDENCE,
  NEUTRAL_FRICTION,
  combineLoads,
  effortComponent,
  emotionComponent,
  frictionOf,
  painPointLoad,
  priorityFactor,
  quadrantOf,
  round,
  scoreJourney,
  surveyBadness,
} from '../../../src/core/score/model.js';
import { DEFAULT_SCORING, scoringSettings } from '../../../src/core/score/settings.js';
import type { ScoreReport, SurveyEvidence, TouchpointScore } from '../../../src/core/score/types.js';
import { ces, csat, fcr, metricsReport, nps } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DOC = readFileSync(path.join(ROOT, 'docs/scoring.md'), 'utf8');
const defaults = scoringSettings({});

/** The worked example's map, read from the doc itself so the two cannot drift apart. */
function workedExampleMap(): JourneyMap {
  const section = DOC.slice(DOC.indexOf('## Worked example'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
  return parse(yaml) as JourneyMap;
}

const WORKED_SURVEY = metricsReport({
  touchpoint: {
    search: { csat: csat(76, 24) },
    Checkout: { nps: nps(-10, 118), csat: csat(70, 120) },
  },
});

/** Rows of the markdown table that follows `heading` in the doc, cells trimmed. */
function docTable(heading: string): string[][] {
  const start = DOC.indexOf(heading);
  expect(start).toBeGreaterThan(-1);
  const lines = DOC.slice(start).split('\n').slice(1);
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
  }
  return rows;
}

const byId = (report: ScoreReport, id: string): TouchpointScore => report.touchpoints.find((t) => t.id === id)!;

function map(touchpoints: Touchpoint[][], extra: Partial<JourneyMap> = {}): JourneyMap {
  return {
    version: 1,
    id: 'm',
    title: 'M',
    stages: touchpoints.map((tps, i) => ({ id: `s${i}`, name: `S${i}`, touchpoints: tps })),
    ...extra,
  };
}
const tp = (id: string, fields: Partial<Touchpoint> = {}): Touchpoint => ({ id, name: id, channel: 'web', ...fields });

describe('the worked example of docs/scoring.md', () => {
  const report = scoreJourney(workedExampleMap(), defaults, { report: WORKED_SURVEY });

  it('step 1: components', () => {
    expect(byId(report, 'search').components).toEqual({ emotion: 0.75, effort: 0.5, painPoints: 0.563, survey: 0.2 });
    expect(combineLoads([12 / 25, 4 / 25])).toBeCloseTo(0.5632, 12);
    expect(byId(report, 'leaflet').components).toEqual({});
    expect(byId(report, 'checkout').components).toEqual({ emotion: 1, effort: 0.75, painPoints: 0.6, survey: 0.594 });
    expect(surveyBadness(-10, 50, 30, 'higher-is-better', -100)).toBeCloseTo(0.653846, 6);
    expect(surveyBadness(70, 85, 75, 'higher-is-better', 0)).toBeCloseTo(0.533333, 6);
    expect(surveyBadness(76, 80, 70, 'higher-is-better', 0)).toBeCloseTo(0.2, 12);
    expect(byId(report, 'confirmation').components).toEqual({ emotion: 0.25, effort: 0, painPoints: 0 });
  });

  it('step 1: the survey evidence of each touchpoint', () => {
    const checkout = byId(report, 'checkout').survey as SurveyEvidence;
    expect(checkout.segment).toBe('Checkout');
    expect(checkout.metrics).toEqual({
      nps: { value: -10, n: 118, target: 50, threshold: 30, badness: 0.654 },
      csat: { value: 70, n: 120, target: 85, threshold: 75, badness: 0.533 },
    });
    expect(byId(report, 'search').survey).toEqual({ segment: 'search', metrics: { csat: { value: 76, n: 24, target: 80, threshold: 70, badness: 0.2 } } });
    expect(byId(report, 'confirmation').survey).toEqual({ segment: 'confirmation', note: "no matching responses: no 'confirmation' in the survey's touchpoint column" });
    expect(byId(report, 'leaflet').survey).toMatchObject({ segment: 'leaflet', note: expect.stringContaining('no matching responses') as string });
    expect(report.evidence).toEqual({
      source: 'survey.csv',
      note: "joined on the survey's touchpoint column (survey_segment, default the touchpoint id); 2 of 4 touchpoints matched.",
    });
  });

  it('step 2: friction', () => {
    expect(100 * frictionOf({ emotion: 0.75, effort: 0.5, painPoints: 0.5632, survey: 0.2 }, defaults.weights)!).toBeCloseTo(47.896, 9);
    expect(byId(report, 'search').friction).toBe(47.9);
    expect(byId(report, 'leaflet').friction).toBe(50);
    expect(byId(report, 'leaflet').imputed).toBe(true);
    expect(byId(report, 'checkout').friction).toBe(70.8);
    expect(100 * frictionOf({ emotion: 0.25, effort: 0, painPoints: 0 }, defaults.weights)!).toBeCloseTo(7.142857, 6);
    expect(byId(report, 'confirmation').friction).toBe(7.1);
  });

  it('step 3: priority', () => {
    expect(priorityFactor(0.64, false, defaults)).toBeCloseTo(0.8 / 1.5, 12);
    expect(priorityFactor(0.36, true, defaults)).toBeCloseTo(0.6, 12);
    expect(priorityFactor(undefined, false, defaults)).toBeCloseTo(0.707107 / 1.5, 6);
    expect(report.touchpoints.map((t) => [t.id, t.priority])).toEqual([
      ['checkout', 42.5],
      ['search', 25.5],
      ['leaflet', 16.7],
      ['confirmation', 3.4],
    ]);
  });

  it('the result tables of the doc are what the model gives', () => {
    const rows = docTable('### Result: touchpoints');
    expect(rows).toHaveLength(report.touchpoints.length);
    rows.forEach(([rank, id, friction, priority, missing, explanation], i) => {
      const t = report.touchpoints[i]!;
      expect([Number(rank), id, Number(friction), Number(priority), missing, explanation]).toEqual([t.rank, t.id, t.friction, t.priority, t.missing.join(', '), t.explanation]);
    });
    const opportunities = docTable('### Result: opportunities');
    expect(opportunities).toHaveLength(report.opportunities.length);
    opportunities.forEach(([rank, id, addressed, quadrant, value, confidence, rice, missing], i) => {
      const o = report.opportunities[i]!;
      const last = (cell: string) => Number(cell.split('=').pop());
      expect([Number(rank), id, parseFloat(addressed!), quadrant!.split(' ')[0], last(value!), parseFloat(confidence!), last(rice!), missing]).toEqual([
        o.rank,
        o.id,
        o.addressedFriction,
        o.quadrant,
        o.value,
        o.confidence,
        o.rice,
        o.missing.join(', '),
      ]);
    });
  });

  it('missing lists and explanations', () => {
    expect(byId(report, 'checkout').missing).toEqual([]);
    expect(byId(report, 'leaflet').missing).toEqual(['emotion', 'effort', 'painPoints', 'survey']);
    expect(byId(report, 'confirmation').missing).toEqual(['survey', 'reach']);
    expect(byId(report, 'checkout').explanation).toBe(
      'emotion -2 on -2..2, severe pain point “The delivery fee appears on the last step” (severity 5, frequency 3), NPS -10 points vs target 50, CSAT 70% vs target 85%, effort 4/5, moment of truth, reach 36%',
    );
    expect(byId(report, 'leaflet').explanation).toBe('no data on emotion, effort, pain points or survey, so neutral friction 50, reach 25%');
  });

  it('opportunities: addressed friction, quadrant, value, RICE, ranking', () => {
    expect(report.opportunities.map((o) => [o.id, o.addressedFriction, o.quadrant, o.value, o.confidence, o.rice, o.rank])).toEqual([
      ['fuzzy-search', 48, 'quick-win', 2.96, 1, 1.28, 1],
      ['fee-upfront', 60, 'major-project', 2.67, 0.8, 0.48, 2],
      ['instant-filters', 16, 'fill-in', 2.32, 0.5, 0.64, 3],
      ['rebuild-checkout', 60, 'thankless', 0.64, 0.5, 0.07, 4],
    ]);
    expect(report.opportunities[3]!.missing).toEqual(['evidence']);
    expect(report.opportunities[0]).toMatchObject({ touchpoint: 'search', stage: 'browse', impact: 4, effort: 2, reach: 0.64, addresses: ['zero-results'] });
  });

  it('the doc states the defaults the code uses', () => {
    expect(DEFAULT_SCORING).toEqual({ weights: { emotion: 1, effort: 1, painPoints: 1.5, survey: 1.5 }, momentOfTruth: 1.5, quadrant: { impact: 3, effort: 3 } });
    for (const row of [
      '| `weights.emotion` | 1 |',
      '| `weights.effort` | 1 |',
      '| `weights.pain_points` | 1.5 |',
      '| `weights.survey` | 1.5 |',
      '| `moment_of_truth` | 1.5 |',
      '| `quadrant.impact` | 3 |',
      '| `quadrant.effort` | 3 |',
    ]) {
      expect(DOC).toContain(row);
    }
    expect(CONFIDENCE).toEqual({ observed: 1, assumed: 0.8, proposed: 0.5 });
    expect(NEUTRAL_FRICTION).toBe(50);
  });
});

describe('the SaaS example map', () => {
  const saas = parse(readFileSync(path.join(ROOT, 'examples/saas/trial-onboarding.journey.yaml'), 'utf8')) as JourneyMap;
  const report = scoreJourney(saas, defaults);

  it('ranks the OAuth integration step first, and says why', () => {
    const first = report.touchpoints[0]!;
    expect(first.id).toBe('connect-integration');
    expect(first.rank).toBe(1);
    expect(first.explanation).toContain('effort 5/5');
    // The pain point by its description, shortened at a word boundary, not by its id.
    expect(first.explanation).toContain('severe pain point “Microsoft 365 tenants that block user consent show…” (severity 5, frequency 4) and 1 more');
    expect(first.explanation).not.toContain('oauth-scope-error');
    expect(first.explanation).toContain('moment of truth');
    expect(first.explanation).toContain('reach 81%');
    expect(first.components).toEqual({ emotion: 1, effort: 1, painPoints: 0.896 });
    expect(first.friction).toBe(95.5);
  });

  it('without a survey, every touchpoint lists survey as missing and has no survey field', () => {
    for (const t of report.touchpoints) {
      expect(t.missing).toContain('survey');
      expect(t.survey).toBeUndefined();
    }
    expect(report.evidence).toBeUndefined();
    expect(byId(report, 'invite-teammates').missing).toEqual(['painPoints', 'survey']);
  });

  it('is sorted by priority with ranks 1..n, and opportunities by value', () => {
    const priorities = report.touchpoints.map((t) => t.priority);
    expect([...priorities].sort((a, b) => b - a)).toEqual(priorities);
    expect(report.touchpoints.map((t) => t.rank)).toEqual(report.touchpoints.map((_, i) => i + 1));
    const values = report.opportunities.map((o) => o.value!);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    expect(report.opportunities[0]).toMatchObject({ id: 'admin-consent-handoff', quadrant: 'quick-win', addressedFriction: 80, value: 4.5 });
  });

  it('marks assumed evidence', () => {
    expect(byId(report, 'peer-referral').evidence).toBe('assumed');
    expect(byId(report, 'peer-referral').explanation).toMatch(/evidence assumed$/);
  });
});

describe('components', () => {
  it.each([
    [-2, { min: -2, max: 2 }, 1],
    [2, { min: -2, max: 2 }, 0],
    [0, { min: -2, max: 2 }, 0.5],
    [4, { min: 1, max: 5 }, 0.25],
    [9, { min: 1, max: 5 }, 0],
    [0, { min: 2, max: 2 }, undefined],
    [undefined, { min: -2, max: 2 }, undefined],
  ])('emotion %s on %j is %s', (emotion, scale, expected) => {
    expect(emotionComponent(emotion, scale)).toBe(expected);
  });

  it('emotion on a scale wider than the largest number (the schema allows -1e308..1e308) is 0..1, not NaN', () => {
    // Found by tests/fuzz/maps.test.ts: max - min overflowed to Infinity and Infinity / Infinity is NaN.
    const widest = { min: -Number.MAX_VALUE, max: Number.MAX_VALUE };
    expect([-Number.MAX_VALUE, 0, Number.MAX_VALUE].map((e) => emotionComponent(e, widest))).toEqual([1, 0.5, 0]);
    expect(emotionComponent(0, { min: -1e308, max: 1e308 })).toBe(0.5);
    expect(emotionComponent(5e307, { min: -1e308, max: 1e308 })).toBe(0.25);
  });

  it.each([
    [1, 0],
    [3, 0.5],
    [5, 1],
    [undefined, undefined],
  ])('effort %s is %s', (effort, expected) => {
    expect(effortComponent(effort)).toBe(expected);
  });

  it('pain points: one severe pain point is not diluted by small ones', () => {
    expect(painPointLoad({ severity: 5, frequency: 4 })).toBe(0.8);
    expect(painPointLoad({ severity: 5 })).toBeUndefined();
    expect(combineLoads([0.8, 0.04])).toBeCloseTo(0.808, 12);
    expect(combineLoads([0.8, 0.04, 0.04, 0.04])).toBeGreaterThan(0.8);
    expect(combineLoads([])).toBe(0);
    expect(combineLoads([1, 0.5])).toBe(1);
  });

  it('survey badness: 0 at target, 0.5 at the threshold, 1 at the worst value', () => {
    expect(surveyBadness(80, 80, 70, 'higher-is-better', 0)).toBe(0);
    expect(surveyBadness(95, 80, 70, 'higher-is-better', 0)).toBe(0);
    expect(surveyBadness(70, 80, 70, 'higher-is-better', 0)).toBe(0.5);
    expect(surveyBadness(35, 80, 70, 'higher-is-better', 0)).toBe(0.75);
    expect(surveyBadness(0, 80, 70, 'higher-is-better', 0)).toBe(1);
    // lower is better: CES 1-5, target 2, threshold 3, worst 5
    expect(surveyBadness(2.5, 2, 3, 'lower-is-better', 5)).toBe(0.25);
    expect(surveyBadness(4, 2, 3, 'lower-is-better', 5)).toBe(0.75);
    // no watch band: threshold equal to (or on the wrong side of) the target
    expect(surveyBadness(40, 80, 80, 'higher-is-better', 0)).toBe(0.75);
    expect(surveyBadness(40, 80, 90, 'higher-is-better', 0)).toBe(0.75);
    // a target at the worst value cannot be missed by more
    expect(surveyBadness(-5, 0, 0, 'higher-is-better', 0)).toBe(1);
  });
});

describe('quadrants', () => {
  it.each([
    [5, 1, 'quick-win'],
    [3, 2, 'quick-win'],
    [3, 3, 'major-project'],
    [5, 5, 'major-project'],
    [2, 2, 'fill-in'],
    [1, 1, 'fill-in'],
    [2, 3, 'thankless'],
    [1, 5, 'thankless'],
  ])('impact %i, effort %i with the default cut-offs is %s', (impact, effort, quadrant) => {
    expect(quadrantOf(impact, effort, DEFAULT_SCORING.quadrant)).toBe(quadrant);
  });

  it('follows the configured cut-offs', () => {
    expect(quadrantOf(3, 2, { impact: 4, effort: 3 })).toBe('fill-in');
    expect(quadrantOf(4, 3, { impact: 4, effort: 4 })).toBe('quick-win');
  });
});

describe('settings', () => {
  it('are the defaults without config', () => {
    expect(scoringSettings({})).toEqual(DEFAULT_SCORING);
    expect(scoringSettings({}, undefined)).not.toBe(DEFAULT_SCORING);
  });

  it('take the config scoring: (snake_case) key by key, then the override', () => {
    const config = { scoring: { weights: { pain_points: 2, survey: 0 }, moment_of_truth: 2, quadrant: { effort: 4 }, 'x-note': 'hi' } };
    expect(scoringSettings(config)).toEqual({ weights: { emotion: 1, effort: 1, painPoints: 2, survey: 0 }, momentOfTruth: 2, quadrant: { impact: 3, effort: 4 } });
    expect(scoringSettings(config, { weights: { effort: 0 }, quadrant: { impact: 5 } })).toEqual({
      weights: { emotion: 1, effort: 0, painPoints: 2, survey: 0 },
      momentOfTruth: 2,
      quadrant: { impact: 5, effort: 4 },
    });
  });

  it('ignore what is not a number and do not touch the defaults', () => {
    const settings = scoringSettings({ scoring: { weights: { emotion: 'high', effort: Number.NaN } } }, 'nonsense');
    expect(settings).toEqual(DEFAULT_SCORING);
    settings.weights.emotion = 9;
    expect(DEFAULT_SCORING.weights.emotion).toBe(1);
    expect(scoringSettings({}, null)).toEqual(DEFAULT_SCORING);
  });

  it('are copied into the report', () => {
    const settings = scoringSettings({}, { moment_of_truth: 3 });
    expect(scoreJourney(map([[tp('a')]]), settings).settings).toEqual(settings);
  });
});

describe('extreme numbers', () => {
  it('a map on the widest emotion scale gets finite friction, priority and an explanation without Infinity', () => {
    // Found by tests/fuzz/maps.test.ts: friction and priority were NaN (null in the JSON) and the
    // explanation read "emotion -Infinity on -Infinity..Infinity".
    const report = scoreJourney(
      map([[tp('low', { emotion: -Number.MAX_VALUE }), tp('mid', { emotion: 0 })]], { scales: { emotion: { min: -Number.MAX_VALUE, max: Number.MAX_VALUE } } }),
      defaults,
    );
    expect(byId(report, 'low')).toMatchObject({ friction: 100, priority: 47.1, components: { emotion: 1 } });
    expect(byId(report, 'mid')).toMatchObject({ friction: 50, components: { emotion: 0.5 } });
    expect(byId(report, 'low').explanation).toBe('emotion -1.7976931348623157e+308 on -1.7976931348623157e+308..1.7976931348623157e+308, reach unknown');
  });

  it('round keeps numbers too large to have decimals (x * 10^digits would overflow)', () => {
    expect(round(Number.MAX_VALUE, 2)).toBe(Number.MAX_VALUE);
    expect(round(-1e307, 2)).toBe(-1e307);
    expect(round(2.345, 2)).toBe(2.35);
  });
});

describe('missing data', () => {
  it('scores on the known components only, never counting the unknown as zero', () => {
    const report = scoreJourney(map([[tp('a', { emotion: -2 }), tp('b', { emotion: -2, effort: 1, pain_points: [] })]]), defaults);
    expect(byId(report, 'a')).toMatchObject({ friction: 100, components: { emotion: 1 }, missing: ['effort', 'painPoints', 'survey', 'reach'] });
    expect(byId(report, 'b').friction).toBeCloseTo((100 * 1) / 3.5, 1);
  });

  it('a touchpoint with no data gets the neutral friction, ranks above a frictionless one and says so', () => {
    const report = scoreJourney(map([[tp('fine', { emotion: 2, effort: 1, pain_points: [], reach: 0.5 }), tp('unknown', { reach: 0.5 })]]), defaults);
    expect(byId(report, 'fine').friction).toBe(0);
    expect(byId(report, 'unknown')).toMatchObject({ friction: 50, imputed: true, rank: 1, missing: ['emotion', 'effort', 'painPoints', 'survey'] });
    expect(byId(report, 'unknown').explanation).toMatch(/^no data on emotion, effort, pain points or survey, so neutral friction 50/);
    expect(byId(report, 'fine').imputed).toBeUndefined();
  });

  it('components with weight 0 do not count; when nothing counts, friction is neutral', () => {
    const settings = scoringSettings({}, { weights: { emotion: 0, effort: 0, pain_points: 0 } });
    const t = scoreJourney(map([[tp('a', { emotion: 2, effort: 1, pain_points: [] })]]), settings).touchpoints[0]!;
    expect(t).toMatchObject({ friction: 50, imputed: true, components: { emotion: 0, effort: 0, painPoints: 0 } });
    expect(t.explanation).toMatch(/^no weighted data, so neutral friction 50/);
    const effortOnly = scoringSettings({}, { weights: { emotion: 0 } });
    expect(scoreJourney(map([[tp('a', { emotion: -2, effort: 1 })]]), effortOnly).touchpoints[0]!.friction).toBe(0);
  });

  it('pain points without severity or frequency are unrated, and only rated ones count', () => {
    const report = scoreJourney(
      map([
        [
          tp('a', { pain_points: [{ id: 'p1', description: 'x', severity: 4 }] }),
          tp('b', {
            pain_points: [
              { id: 'p2', description: 'x', severity: 4, frequency: 5 },
              { id: 'p3', description: 'x' },
            ],
          }),
        ],
      ]),
      defaults,
    );
    expect(byId(report, 'a')).toMatchObject({ unrated: ['p1'], friction: 50, imputed: true });
    expect(byId(report, 'a').missing).toContain('painPoints');
    expect(byId(report, 'b')).toMatchObject({ unrated: ['p3'], components: { painPoints: 0.8 }, friction: 80 });
    expect(byId(report, 'b').explanation).toContain('severe pain point “x” (severity 4, frequency 5) and 1 more');
  });

  it('unknown reach counts as 0.5 and is listed', () => {
    const t = scoreJourney(map([[tp('a', { effort: 5, moment_of_truth: true })]]), defaults).touchpoints[0]!;
    expect(t.missing).toContain('reach');
    expect(t.reach).toBeUndefined();
    expect(t.priority).toBe(70.7);
    expect(t.explanation).toBe('effort 5/5, moment of truth, reach unknown');
  });

  it('opportunities list what they lack and rank last without a value', () => {
    const report = scoreJourney(
      map([
        [
          tp('a', {
            pain_points: [{ id: 'p1', description: 'x' }],
            opportunities: [
              { id: 'o-none', description: 'x', addresses: ['p1'], impact: 1, effort: 5, evidence: 'observed' },
              { id: 'a-unsized', description: 'x', addresses: ['p9'] },
              { id: 'o-nothing', description: 'x', impact: 2, effort: 2, evidence: 'assumed' },
            ],
          }),
        ],
        [tp('b', { reach: 1, pain_points: [{ id: 'p4', description: 'x', severity: 5, frequency: 5 }] })],
        [tp('c', { reach: 0.5, opportunities: [{ id: 'o-cross', description: 'x', addresses: ['p4', 'p4'], impact: 2, effort: 2, evidence: 'observed' }] })],
      ]),
      defaults,
    );
    expect(report.opportunities.map((o) => [o.id, o.value, o.rice, o.missing])).toEqual([
      ['o-cross', 2, 0.5, []],
      ['o-nothing', 1, undefined, ['reach']],
      ['o-none', 0.2, undefined, ['addressedFriction', 'reach']],
      ['a-unsized', undefined, undefined, ['addressedFriction', 'impact', 'effort', 'reach', 'evidence']],
    ]);
    expect(report.opportunities.find((o) => o.id === 'o-cross')).toMatchObject({ addressedFriction: 100, addresses: ['p4'], touchpoint: 'c', stage: 's2' });
    expect(report.opportunities.find((o) => o.id === 'a-unsized')!.quadrant).toBeUndefined();
  });
});

describe('ordering', () => {
  it('breaks priority ties by stage order, then id, whatever the map order', () => {
    const same = { emotion: -1, effort: 3, reach: 0.5 };
    const report = scoreJourney(map([[tp('zeta', same)], [tp('beta', same), tp('alpha', same)], [tp('top', { ...same, effort: 5 })]]), defaults);
    expect(report.touchpoints.map((t) => t.id)).toEqual(['top', 'zeta', 'alpha', 'beta']);
    expect(report.touchpoints.map((t) => t.rank)).toEqual([1, 2, 3, 4]);
  });

  it('breaks value ties of opportunities by stage order, then id', () => {
    const o = (id: string) => ({ id, description: id, impact: 3, effort: 3, addresses: [] });
    const report = scoreJourney(map([[tp('b', { opportunities: [o('y'), o('x')] })], [tp('a', { opportunities: [o('a')] })]]), defaults);
    expect(report.opportunities.map((x) => x.id)).toEqual(['x', 'y', 'a']);
  });

  it('is the same for the same input', () => {
    const saas = parse(readFileSync(path.join(ROOT, 'examples/saas/trial-onboarding.journey.yaml'), 'utf8')) as JourneyMap;
    expect(JSON.stringify(scoreJourney(saas, defaults))).toBe(JSON.stringify(scoreJourney(saas, defaults)));
  });
});

describe('survey evidence', () => {
  const journey = () =>
    map([
      [tp('checkout', { emotion: -1, effort: 4, reach: 0.8, survey_segment: 'Checkout' }), tp('receipt', { emotion: 1, effort: 1 })],
      [tp('chat', { emotion: -1, kpis: [{ metric: 'fcr', target: 0.8, threshold: 0.7 }] })],
    ]);

  it('joins by survey_segment on the touchpoint column, exactly', () => {
    const report = scoreJourney(journey(), defaults, {
      report: metricsReport({ touchpoint: { Checkout: { csat: csat(60, 40) }, checkout: { csat: csat(99, 40) } }, stage: { s0: { csat: csat(10, 40) } } }),
    });
    const checkout = byId(report, 'checkout');
    expect(checkout.survey).toEqual({ segment: 'Checkout', metrics: { csat: { value: 60, n: 40, target: 80, threshold: 70, badness: 0.571 } } });
    expect(checkout.missing).not.toContain('survey');
    expect(checkout.explanation).toContain('CSAT 60% vs target 80%');
    // with a touchpoint column, the stage's figures are not borrowed
    expect(byId(report, 'receipt').survey).toEqual({ segment: 'receipt', note: "no matching responses: no 'receipt' in the survey's touchpoint column" });
    expect(byId(report, 'receipt').missing).toContain('survey');
    expect(report.evidence!.note).toContain('1 of 3 touchpoints matched');
  });

  it('falls back to the stage column when there is no touchpoint column', () => {
    const report = scoreJourney(journey(), defaults, { report: metricsReport({ stage: { s0: { csat: csat(75, 12) } } }) });
    for (const id of ['checkout', 'receipt']) {
      expect(byId(report, id).survey).toEqual({ segment: 's0', dimension: 'stage', metrics: { csat: { value: 75, n: 12, target: 80, threshold: 70, badness: 0.25 } } });
    }
    expect(byId(report, 'receipt').explanation).toContain('CSAT 75% vs target 80% (n=12) (figures of the stage “S0”)');
    expect(byId(report, 'chat').survey).toEqual({ segment: 's1', note: "no matching responses: the survey has no touchpoint column and no 's1' in its stage column" });
    expect(report.evidence!.note).toMatch(/^the survey has no touchpoint column: joined on its stage column/);
  });

  it('says when the figures have no touchpoint or stage segments', () => {
    const report = scoreJourney(journey(), defaults, { report: metricsReport({ channel: { web: { csat: csat(50, 100) } } }) });
    for (const t of report.touchpoints) {
      expect(t.missing).toContain('survey');
      expect(t.survey).toMatchObject({ note: 'no matching responses: the survey figures have no touchpoint or stage segments' });
    }
  });

  it("judges by the touchpoint's KPI, then the config's, then the default", () => {
    const report = scoreJourney(journey(), defaults, {
      report: metricsReport({ touchpoint: { chat: { fcr: fcr(70, 50), nps: nps(40, 50), csat: csat(85, 50) } } }),
      config: { kpis: { nps: { target: 60, threshold: 20 } } },
    });
    const evidence = byId(report, 'chat').survey as SurveyEvidence;
    expect(evidence.metrics.fcr).toMatchObject({ target: 80, threshold: 70, badness: 0.5 });
    expect(evidence.metrics.nps).toMatchObject({ target: 60, threshold: 20, badness: 0.25 });
    expect(evidence.metrics.csat).toMatchObject({ target: 80, threshold: 70, badness: 0 });
    expect(byId(report, 'chat').components.survey).toBeCloseTo((0.5 + 0.25 + 0) / 3, 3);
    expect(byId(report, 'chat').explanation).toContain('FCR 70% vs target 80%, NPS 40 points vs target 60');
  });

  it('uses CES only with a target that fits the survey convention, and says so otherwise', () => {
    const figures = metricsReport({ touchpoint: { Checkout: { ces: ces(4.19, 77, true, [1, 7]), csat: csat(80, 77) } } });
    const skipped = scoreJourney(journey(), defaults, { report: figures });
    const evidence = byId(skipped, 'checkout').survey as SurveyEvidence;
    expect(evidence.metrics.ces).toBeUndefined();
    expect(evidence.notes).toEqual(["CES not used: no CES target fits this survey's higher-is-better scale"]);
    expect(skipped.evidence!.note).toContain('CES not used');
    expect(byId(skipped, 'checkout').explanation).toContain('survey on target');
    const fitted = scoreJourney(journey(), defaults, { report: figures, config: { kpis: { ces: { target: 5.5, threshold: 4.5, direction: 'higher-is-better' } } } });
    expect((byId(fitted, 'checkout').survey as SurveyEvidence).metrics.ces).toEqual({ value: 4.19, n: 77, target: 5.5, threshold: 4.5, badness: 0.544 });
    // The reason gives the unit: a CES is a mean on its answer scale.
    expect(byId(fitted, 'checkout').explanation).toContain('CES mean 4.19 on 1-7 vs target 5.5');
    // lower-is-better CES on 1-5 is judged by the default 2.0 / 3.0
    const lower = scoreJourney(journey(), defaults, { report: metricsReport({ touchpoint: { Checkout: { ces: ces(4, 50, false, [1, 5]) } } }) });
    expect((byId(lower, 'checkout').survey as SurveyEvidence).metrics.ces).toMatchObject({ target: 2, threshold: 3, badness: 0.75 });
  });

  it('matched responses without a usable metric leave survey missing', () => {
    const report = scoreJourney(journey(), defaults, { report: metricsReport({ touchpoint: { Checkout: { ces: ces(4, 50, true, [1, 7]) } } }) });
    expect(byId(report, 'checkout').missing).toContain('survey');
    expect(byId(report, 'checkout').survey).toMatchObject({
      segment: 'Checkout',
      note: expect.stringMatching(/^responses matched, but no NPS, CSAT, CES or FCR figure/) as string,
    });
  });

  it('a survey weight of 0 ignores the evidence but still reports it', () => {
    const settings = scoringSettings({}, { weights: { survey: 0 } });
    const report = scoreJourney(journey(), settings, { report: metricsReport({ touchpoint: { Checkout: { csat: csat(10, 50) } } }) });
    const checkout = byId(report, 'checkout');
    expect(checkout.components.survey).toBeGreaterThan(0.5);
    expect(checkout.friction).toBe(75);
    expect(checkout.explanation).not.toContain('CSAT');
  });
});

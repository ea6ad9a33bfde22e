import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EmotionScale, Evidence, JourneyMap, Opportunity, PainPoint, Touchpoint } from '../../../src/core/model.js';
import { scoreJourney } from '../../../src/core/score/model.js';
import type { ScoreSurveyInput } from '../../../src/core/score/model.js';
import type { ScoreReport, ScoringSettings, TouchpointScore } from '../../../src/core/score/types.js';
import type { MetricSet } from '../../../src/core/survey/types.js';
import { ces, csat, fcr, metricsReport, nps } from './helpers.js';

const RUN = { seed: 20261124, numRuns: 100 };

const SCALES: EmotionScale[] = [
  { min: -2, max: 2 },
  { min: 1, max: 5 },
  { min: 0, max: 10 },
  { min: -3, max: 3 },
];

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
const rating = fc.integer({ min: 1, max: 5 });
const evidence = opt(fc.constantFrom<Evidence>('observed', 'assumed', 'proposed'));

/** Drops undefined values, as a YAML map without those keys would be. */
function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

interface TouchpointShape {
  emotion?: number;
  effort?: number;
  reach?: number;
  moment: boolean;
  evidence?: Evidence;
  pains?: { severity?: number; frequency?: number }[];
  opportunities: { impact?: number; effort?: number; evidence?: Evidence; addresses: number[] }[];
  segment: boolean;
}

const touchpointShape: fc.Arbitrary<TouchpointShape> = fc.record({
  emotion: opt(fc.double({ min: 0, max: 1, noNaN: true })),
  effort: opt(fc.oneof(rating, fc.double({ min: 1, max: 5, noNaN: true }))),
  reach: opt(fc.double({ min: 0, max: 1, noNaN: true })),
  moment: fc.boolean(),
  evidence,
  pains: fc.option(fc.array(fc.record({ severity: opt(rating), frequency: opt(rating) }), { maxLength: 4 }), { nil: undefined }),
  opportunities: fc.array(fc.record({ impact: opt(rating), effort: opt(rating), evidence, addresses: fc.array(fc.nat(20), { maxLength: 3 }) }), { maxLength: 2 }),
  segment: fc.boolean(),
});

const mapShape = fc.record({
  scale: fc.constantFrom(...SCALES),
  stages: fc.array(fc.array(touchpointShape, { maxLength: 4 }), { minLength: 1, maxLength: 4 }),
});

/** Builds a valid map: unique ids, emotion on the map's scale (the shape holds its position 0..1). */
function build(shape: { scale: EmotionScale; stages: TouchpointShape[][] }): JourneyMap {
  let t = 0;
  const painIds: string[] = [];
  const stages = shape.stages.map((touchpoints, s) => ({
    id: `stage-${s}`,
    name: `Stage ${s}`,
    touchpoints: touchpoints.map((tp) => {
      const id = `tp-${t++}`;
      const pains: PainPoint[] | undefined = tp.pains?.map((p, i) => {
        const painId = `${id}-pain-${i}`;
        painIds.push(painId);
        return clean({ id: painId, description: 'x', severity: p.severity, frequency: p.frequency });
      });
      return { tp, id, pains };
    }),
  }));
  return {
    version: 1,
    id: 'prop',
    title: 'Property map',
    scales: { emotion: shape.scale },
    stages: stages.map((stage) => ({
      id: stage.id,
      name: stage.name,
      touchpoints: stage.touchpoints.map(({ tp, id, pains }): Touchpoint => {
        const opportunities: Opportunity[] = tp.opportunities.map((o, i) =>
          clean({
            id: `${id}-opp-${i}`,
            description: 'x',
            impact: o.impact,
            effort: o.effort,
            evidence: o.evidence,
            addresses: painIds.length > 0 ? o.addresses.map((a) => painIds[a % painIds.length]!) : [],
          }),
        );
        return clean({
          id,
          name: id,
          channel: 'web',
          emotion: tp.emotion === undefined ? undefined : shape.scale.min + tp.emotion * (shape.scale.max - shape.scale.min),
          effort: tp.effort,
          reach: tp.reach,
          moment_of_truth: tp.moment || undefined,
          evidence: tp.evidence,
          pain_points: pains,
          opportunities: opportunities.length > 0 ? opportunities : undefined,
        });
      }),
    })),
  };
}

const settingsArb: fc.Arbitrary<ScoringSettings> = fc.record({
  weights: fc.record({
    emotion: fc.double({ min: 0, max: 10, noNaN: true }),
    effort: fc.double({ min: 0, max: 10, noNaN: true }),
    painPoints: fc.double({ min: 0, max: 10, noNaN: true }),
    survey: fc.double({ min: 0, max: 10, noNaN: true }),
  }),
  momentOfTruth: fc.double({ min: 1, max: 3, noNaN: true }),
  quadrant: fc.record({ impact: rating, effort: rating }),
});

const metricSet: fc.Arbitrary<MetricSet> = fc
  .record({
    nps: opt(fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.integer({ min: 1, max: 500 }))),
    csat: opt(fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.integer({ min: 1, max: 500 }))),
    fcr: opt(fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.integer({ min: 1, max: 500 }))),
    ces: opt(fc.tuple(fc.double({ min: 1, max: 7, noNaN: true }), fc.integer({ min: 1, max: 500 }), fc.boolean())),
  })
  .map((r) =>
    clean({
      nps: r.nps && nps(...r.nps),
      csat: r.csat && csat(...r.csat),
      fcr: r.fcr && fcr(...r.fcr),
      ces: r.ces && (r.ces[2] ? ces(r.ces[0], r.ces[1], true, [1, 7]) : ces(Math.min(r.ces[0], 5), r.ces[1], false, [1, 5])),
    }),
  );

/** Survey figures for some touchpoints (by id) and some stages, or none at all. */
const surveyFor = (map: JourneyMap): fc.Arbitrary<ScoreSurveyInput | undefined> => {
  const ids = map.stages.flatMap((s) => (s.touchpoints ?? []).map((t) => t.id));
  const stageIds = map.stages.map((s) => s.id);
  return fc.option(
    fc
      .record({
        touchpoint: fc.option(fc.dictionary(fc.constantFrom(...ids, 'elsewhere'), metricSet, { maxKeys: 4 }), { nil: undefined }),
        stage: fc.option(fc.dictionary(fc.constantFrom(...stageIds), metricSet, { maxKeys: 3 }), { nil: undefined }),
      })
      .map((segments) => ({ report: metricsReport(clean(segments) as Record<string, Record<string, MetricSet>>) })),
    { nil: undefined },
  );
};

const scenario = fc.tuple(mapShape, settingsArb).chain(([shape, settings]) => {
  const map = build(shape);
  return fc.tuple(fc.constant(shape), fc.constant(map), fc.constant(settings), surveyFor(map));
});

function numbersOf(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const v of value) numbersOf(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) numbersOf(v, out);
  return out;
}

const touchpoint = (report: ScoreReport, id: string): TouchpointScore => report.touchpoints.find((t) => t.id === id)!;
const allTouchpoints = (map: JourneyMap) => map.stages.flatMap((s) => s.touchpoints ?? []);

describe('scoring model properties', () => {
  it('friction and priority stay within 0..100, components within 0..1, and nothing is NaN or infinite', () => {
    fc.assert(
      fc.property(scenario, ([, map, settings, survey]) => {
        const report = scoreJourney(map, settings, survey);
        expect(report.touchpoints).toHaveLength(allTouchpoints(map).length);
        for (const t of report.touchpoints) {
          expect(t.friction).toBeGreaterThanOrEqual(0);
          expect(t.friction).toBeLessThanOrEqual(100);
          expect(t.priority).toBeGreaterThanOrEqual(0);
          expect(t.priority).toBeLessThanOrEqual(t.friction);
          for (const x of Object.values(t.components)) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(1);
          }
          expect(t.explanation).not.toMatch(/NaN|undefined|Infinity/);
        }
        for (const o of report.opportunities) {
          expect(o.addressedFriction).toBeGreaterThanOrEqual(0);
          expect(o.addressedFriction).toBeLessThanOrEqual(100);
        }
        for (const n of numbersOf(report)) expect(Number.isFinite(n)).toBe(true);
        expect(JSON.stringify(report)).not.toContain('null');
      }),
      RUN,
    );
  });

  it('is sorted by priority, ranks 1..n, ties by stage order then id', () => {
    fc.assert(
      fc.property(scenario, ([, map, settings, survey]) => {
        const report = scoreJourney(map, settings, survey);
        const stageOf = new Map(map.stages.flatMap((s, i) => (s.touchpoints ?? []).map((t) => [t.id, i] as const)));
        report.touchpoints.forEach((t, i) => {
          expect(t.rank).toBe(i + 1);
          const next = report.touchpoints[i + 1];
          if (!next) return;
          expect(t.priority).toBeGreaterThanOrEqual(next.priority);
          if (t.priority === next.priority) {
            const [a, b] = [stageOf.get(t.id)!, stageOf.get(next.id)!];
            expect(a < b || (a === b && t.id < next.id)).toBe(true);
          }
        });
        report.opportunities.forEach((o, i) => {
          expect(o.rank).toBe(i + 1);
          const next = report.opportunities[i + 1];
          if (next?.value !== undefined) expect(o.value).toBeGreaterThanOrEqual(next.value);
        });
      }),
      RUN,
    );
  });

  type Worsening = (t: Touchpoint, scale: EmotionScale, amount: number) => Touchpoint;
  const worsen: Record<string, Worsening> = {
    'worse emotion': (t, scale, amount) => (t.emotion === undefined ? t : { ...t, emotion: Math.max(scale.min, t.emotion - amount * (scale.max - scale.min)) }),
    'higher effort': (t, _scale, amount) => (t.effort === undefined ? t : { ...t, effort: Math.min(5, t.effort + amount * 4) }),
    'a more severe pain point': (t, _scale, amount) => ({
      ...t,
      pain_points: t.pain_points?.map((p, i) => (i === 0 && p.severity !== undefined ? { ...p, severity: Math.min(5, p.severity + Math.ceil(amount * 4)) } : p)),
    }),
    'a more frequent pain point': (t, _scale, amount) => ({
      ...t,
      pain_points: t.pain_points?.map((p, i) => (i === 0 && p.frequency !== undefined ? { ...p, frequency: Math.min(5, p.frequency + Math.ceil(amount * 4)) } : p)),
    }),
    // only where the pain-point component is known: unknown -> known is new information, not a worsening
    'one more pain point': (t) =>
      t.pain_points && (t.pain_points.length === 0 || t.pain_points.some((p) => p.severity !== undefined && p.frequency !== undefined))
        ? { ...t, pain_points: [...t.pain_points, { id: `${t.id}-extra`, description: 'x', severity: 1, frequency: 1 }] }
        : t,
  };

  for (const [name, change] of Object.entries(worsen)) {
    it(`${name} never lowers friction or priority`, () => {
      fc.assert(
        fc.property(scenario, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), ([shape, map, settings, survey], pick, amount) => {
          const all = allTouchpoints(map);
          fc.pre(all.length > 0);
          const target = all[pick % all.length]!;
          const changed: JourneyMap = {
            ...map,
            stages: map.stages.map((s) => ({ ...s, touchpoints: (s.touchpoints ?? []).map((t) => (t.id === target.id ? change(t, shape.scale, amount) : t)) })),
          };
          const before = touchpoint(scoreJourney(map, settings, survey), target.id);
          const after = touchpoint(scoreJourney(changed, settings, survey), target.id);
          if (before.imputed || after.imputed) return; // the neutral placeholder is not a measurement
          expect(after.friction).toBeGreaterThanOrEqual(before.friction);
          expect(after.priority).toBeGreaterThanOrEqual(before.priority);
        }),
        RUN,
      );
    });
  }

  it('reordering stages, touchpoints, pain points and opportunities changes no score', () => {
    const shuffle = <T>(items: readonly T[], keys: readonly number[]): T[] =>
      items
        .map((item, i) => ({ item, key: keys[i % Math.max(1, keys.length)] ?? 0, i }))
        .sort((a, b) => a.key - b.key || b.i - a.i)
        .map((x) => x.item);
    fc.assert(
      fc.property(scenario, fc.array(fc.nat(100), { minLength: 1, maxLength: 8 }), ([, map, settings, survey], keys) => {
        const reordered: JourneyMap = {
          ...map,
          stages: shuffle(map.stages, keys).map((s) => ({
            ...s,
            touchpoints: shuffle(s.touchpoints ?? [], [...keys].reverse()).map((t) =>
              clean({ ...t, pain_points: t.pain_points && shuffle(t.pain_points, keys), opportunities: t.opportunities && shuffle(t.opportunities, keys) }),
            ),
          })),
        };
        const a = scoreJourney(map, settings, survey);
        const b = scoreJourney(reordered, settings, survey);
        // ranks differ only between ties; `unrated` lists pain points in map order
        const strip = <T extends { rank: number; unrated?: string[] }>({ rank: _rank, ...rest }: T) => ({
          ...rest,
          ...(rest.unrated ? { unrated: [...rest.unrated].sort() } : {}),
        });
        const sortById = <T extends { id: string }>(xs: T[]) => [...xs].sort((x, y) => (x.id < y.id ? -1 : 1));
        expect(sortById(b.touchpoints).map(strip)).toEqual(sortById(a.touchpoints).map(strip));
        expect(sortById(b.opportunities).map(strip)).toEqual(sortById(a.opportunities).map(strip));
        expect(b.evidence).toEqual(a.evidence);
      }),
      RUN,
    );
  });

  it('a touchpoint with no data is not ranked as frictionless', () => {
    fc.assert(
      fc.property(scenario, fc.double({ min: 0.01, max: 1, noNaN: true }), fc.boolean(), fc.nat(), ([shape, map, settings, survey], reach, moment, where) => {
        const unknown: Touchpoint = clean({ id: 'zz-unknown', name: 'Unknown', channel: 'web', reach, moment_of_truth: moment || undefined });
        const fine: Touchpoint = clean({
          id: 'aa-fine',
          name: 'Fine',
          channel: 'web',
          reach,
          moment_of_truth: moment || undefined,
          emotion: shape.scale.max,
          effort: 1,
          pain_points: [],
        });
        // the no-data touchpoint goes last in the map and its id sorts last, so no tie-break helps it
        const stageIndex = where % map.stages.length;
        const changed: JourneyMap = {
          ...map,
          stages: map.stages
            .map((s, i) => (i === stageIndex ? { ...s, touchpoints: [fine, ...(s.touchpoints ?? [])] } : s))
            .concat([{ id: 'zz-last', name: 'Last', touchpoints: [unknown] }]),
        };
        const report = scoreJourney(changed, settings, survey);
        const u = touchpoint(report, 'zz-unknown');
        const f = touchpoint(report, 'aa-fine');
        expect(u.friction).toBe(50);
        expect(u.imputed).toBe(true);
        expect(u.missing).toEqual(expect.arrayContaining(['emotion', 'effort', 'painPoints', 'survey']));
        expect(u.priority).toBeGreaterThan(0);
        expect(u.explanation).toMatch(/^no (weighted )?data/);
        // the twin shows no friction unless stage-level survey figures or zero weights say otherwise
        if (!f.imputed && f.components.survey === undefined) {
          expect(f.friction).toBe(0);
          expect(u.rank).toBeLessThan(f.rank);
        }
      }),
      RUN,
    );
  });
});

import type { OpportunityScore, ScoreReport, TouchpointScore } from '../../../../src/core/score/types.js';

/**
 * One fixed score report that every format's golden file is rendered from: four touchpoints (one
 * with survey figures, one with unknown components and a survey note, two tied on priority, one
 * whose friction is a placeholder) and five opportunities (one per quadrant, one without reach
 * and so without RICE, and one without impact or effort, so without quadrant or value). Ids, names, stages, explanations and owners
 * try to break out of each format: formulas, `|`, markup, a line break, an escape sequence, CJK,
 * emoji, mentions. The numbers are plausible, not computed: formatters never compute.
 */

/** Text from a map, each aimed at one output format. */
export const HOSTILE = {
  formulaId: '=cmd|calc',
  hyperlinkId: '=HYPERLINK("http://x")',
  mention: '@here',
  script: '<script>alert(1)</script>',
  stage: '購入 🛒',
  emojiId: 'search 🔍',
  owner: '検索チーム',
  multiline: "Pain point 'a|b' (4x3) and effort 4/5\nput it second; no survey figure.",
  escape: 'Clear screen \u001b[2J here',
} as const;

const H = HOSTILE;

const touchpoints: TouchpointScore[] = [
  {
    id: 'checkout',
    name: 'Checkout & payment',
    stage: 'purchase',
    friction: 72.5,
    priority: 87,
    components: { emotion: 0.75, effort: 0.75, painPoints: 0.8, survey: 0.6 },
    missing: [],
    reach: 0.9,
    momentOfTruth: true,
    explanation: "Ranks 1st: pain point 'fee-surprise' (5x4), effort 4/5, NPS 12 against a target of 50; a moment of truth (×1.2).",
    survey: {
      segment: 'Checkout',
      dimension: 'touchpoint',
      metrics: { nps: { value: 12, n: 240, target: 50, threshold: 30, badness: 0.6 } },
    },
    rank: 1,
    evidence: 'observed',
  },
  {
    id: H.formulaId,
    name: H.script,
    stage: H.stage,
    friction: 48,
    priority: 48,
    components: { emotion: 0.5, effort: 0.75, painPoints: 0.45 },
    missing: ['survey', 'reach'],
    momentOfTruth: false,
    explanation: H.multiline,
    survey: { segment: H.formulaId, note: 'no matching responses in the export' },
    rank: 2,
  },
  {
    id: H.emojiId,
    name: '検索',
    stage: 'browse',
    friction: 48,
    priority: 48,
    components: { emotion: 0.25, effort: 0.5, painPoints: 0.7 },
    missing: ['survey'],
    reach: 0.6,
    momentOfTruth: false,
    explanation: `Ties with ${H.formulaId} on priority; stage order puts it third. ${H.escape}`,
    rank: 3,
    unrated: ['slow-filter'],
    evidence: 'assumed',
  },
  {
    id: H.mention,
    name: 'Delivery notice',
    stage: 'delivery',
    friction: 50,
    priority: 9.375,
    components: {},
    missing: ['emotion', 'effort', 'painPoints', 'survey'],
    reach: 0.2,
    momentOfTruth: false,
    explanation: 'Nothing is known about it: friction is the neutral 50, weighted down by a reach of 0.2.',
    rank: 4,
    imputed: true,
  },
];

const opportunities: OpportunityScore[] = [
  {
    id: 'show-fee-early',
    touchpoint: 'checkout',
    stage: 'purchase',
    description: 'Show the delivery fee on the product page.',
    impact: 4,
    effort: 1,
    owner: '@payments-team',
    status: 'planned',
    quadrant: 'quick-win',
    value: 6.9,
    rice: 3.6,
    addressedFriction: 72.5,
    addresses: ['fee-surprise'],
    missing: [],
    rank: 1,
    confidence: 1,
    reach: 0.9,
  },
  {
    id: H.hyperlinkId,
    touchpoint: H.formulaId,
    stage: H.stage,
    description: 'Shorter form,\nfewer fields.',
    impact: 2,
    effort: 1,
    quadrant: 'fill-in',
    value: 2.96,
    addressedFriction: 48,
    addresses: ['long-form'],
    missing: ['reach'],
    rank: 2,
    confidence: 0.5,
  },
  {
    id: 'rebuild-search',
    touchpoint: H.emojiId,
    stage: 'browse',
    description: `Rebuild search | filters ${H.script}`,
    impact: 5,
    effort: 5,
    owner: H.owner,
    status: 'idea',
    quadrant: 'major-project',
    value: 1.48,
    rice: 0.48,
    addressedFriction: 48,
    addresses: ['slow-filter', 'no-results'],
    missing: [],
    rank: 3,
    confidence: 0.8,
    reach: 0.6,
  },
  {
    id: 'gift-wrap',
    touchpoint: 'checkout',
    stage: 'purchase',
    description: 'Offer gift wrapping.',
    impact: 1,
    effort: 4,
    status: 'dropped',
    quadrant: 'thankless',
    value: 0.28,
    rice: 0.11,
    addressedFriction: 10,
    addresses: [],
    missing: [],
    rank: 4,
    confidence: 0.5,
    reach: 0.9,
  },
  {
    id: 'track-parcel',
    touchpoint: H.mention,
    stage: 'delivery',
    description: 'Send a tracking link.',
    addressedFriction: 50,
    addresses: ['where-is-it'],
    missing: ['impact', 'effort'],
    rank: 5,
    reach: 0.2,
  },
];

export const report: ScoreReport = {
  journey: 'online-order',
  title: 'Online order | <b>web</b> 🛒',
  settings: {
    weights: { emotion: 0.3, effort: 0.25, painPoints: 0.3, survey: 0.15 },
    momentOfTruth: 1.2,
    quadrant: { impact: 3, effort: 3 },
  },
  touchpoints,
  opportunities,
  evidence: { source: 'surveys/online order, "q1".csv', note: 'matched 1 of 4 touchpoints' },
};

/** A map with nothing to rank. */
export const emptyReport: ScoreReport = {
  journey: 'empty',
  title: '',
  settings: report.settings,
  touchpoints: [],
  opportunities: [],
};

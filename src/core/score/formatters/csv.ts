import { csvRow } from '../../escape/csv.js';
import type { OpportunityScore, TouchpointScore } from '../types.js';
import { listed } from './shared.js';
import type { ScoreFormatter } from './types.js';

/**
 * Columns of the tidy CSV. `kind` says what a row is; `rank`, `id`, `stage`, `touchpoint` and
 * `missing` every row fills, `friction` to `explanation` only touchpoint rows, `impact` to
 * `owner` only opportunity rows. Add columns at the end only: spreadsheets and BI imports
 * address them by position as often as by name.
 */
export const CSV_HEADER = [
  'kind',
  'rank',
  'id',
  'stage',
  'touchpoint',
  'friction',
  'priority',
  'emotion',
  'effort',
  'pain_points',
  'survey',
  'missing',
  'explanation',
  'impact',
  'delivery_effort',
  'quadrant',
  'value',
  'rice',
  'status',
  'owner',
] as const;

type Cell = string | number | null | undefined;

/**
 * One table rather than two sections (which CSV tools would read as one ragged table): the
 * touchpoints in rank order, then the opportunities in rank order, cut by `--top` like the other
 * formats. A touchpoint row's `touchpoint` is its own id, so filtering that column on `checkout`
 * gives the touchpoint and every opportunity for it. `emotion`, `effort`, `pain_points` and
 * `survey` are the normalised components (0..1, 1 = worst), empty when unknown; `missing` is the
 * unknown inputs joined with `;`. An opportunity's description goes in `explanation`, its effort
 * to deliver in `delivery_effort` (`effort` is the customer's). Numbers are the report's,
 * unrounded, `.` as the decimal mark. Every cell goes through csvCell (RFC 4180 quoting, formula
 * neutralisation); records end in `\n`.
 */
export const csv: ScoreFormatter = (report, options) => {
  const { touchpoints, opportunities } = listed(report, options.top);
  const rows: Cell[][] = [[...CSV_HEADER], ...touchpoints.map(touchpointRow), ...opportunities.map(opportunityRow)];
  return rows.map(csvRow).join('\n') + '\n';
};

/** The columns only a touchpoint fills (friction .. survey), and those only an opportunity fills (impact .. owner). */
const TOUCHPOINT_ONLY = 6;
const OPPORTUNITY_ONLY = 7;

function empty(count: number): Cell[] {
  return Array.from({ length: count }, () => '');
}

function touchpointRow(t: TouchpointScore): Cell[] {
  const c = t.components;
  return [
    'touchpoint',
    t.rank,
    t.id,
    t.stage,
    t.id,
    t.friction,
    t.priority,
    c.emotion,
    c.effort,
    c.painPoints,
    c.survey,
    t.missing.join(';'),
    t.explanation,
    ...empty(OPPORTUNITY_ONLY),
  ];
}

function opportunityRow(o: OpportunityScore): Cell[] {
  return [
    'opportunity',
    o.rank,
    o.id,
    o.stage,
    o.touchpoint,
    ...empty(TOUCHPOINT_ONLY),
    o.missing.join(';'),
    o.description,
    o.impact,
    o.effort,
    o.quadrant,
    o.value,
    o.rice,
    o.status,
    o.owner,
  ];
}

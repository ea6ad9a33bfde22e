/**
 * Mermaid refuses a diagram whose source is longer than its `maxTextSize` (journeykit raises it
 * to 500,000 characters, src/io/mermaid-runtime.ts) and draws an error picture instead. So no view
 * ever returns a longer source: a map too large to draw whole is drawn from its start, as many
 * stages and touchpoints as fit, and the diagram says visibly how many were left out. Pure: no I/O.
 */
import { InputError } from '../errors.js';
import type { JourneyMap, Stage } from '../model.js';
import type { Omitted, View, ViewInput } from './types.js';
import { pluralWord } from '../output/plural.js';

/** Mermaid's limit on the text of one diagram, as journeykit configures it (README "Limits"). */
export const MERMAID_MAX_TEXT = 500_000;

/**
 * The map cut after its first `keep` entries, counting in journey order every stage and then each
 * of its touchpoints (so a stage with no touchpoints counts too), and what was left out.
 */
export function truncateMap(map: JourneyMap, keep: number): { map: JourneyMap; omitted: Omitted } {
  const stages: Stage[] = [];
  let left = keep;
  let touchpointsKept = 0;
  for (const stage of map.stages) {
    if (left <= 0) break;
    left--;
    const touchpoints = stage.touchpoints ?? [];
    const kept = touchpoints.slice(0, Math.max(0, left));
    left -= kept.length;
    touchpointsKept += kept.length;
    stages.push(stage.touchpoints === undefined ? stage : { ...stage, touchpoints: kept });
  }
  const touchpoints = map.stages.reduce((n, s) => n + (s.touchpoints?.length ?? 0), 0);
  return {
    map: { ...map, stages },
    omitted: { touchpoints: touchpoints - touchpointsKept, stages: map.stages.length - stages.length, touchpointsTotal: touchpoints },
  };
}

/** How many entries {@link truncateMap} counts in the map. */
function entriesOf(map: JourneyMap): number {
  return map.stages.reduce((n, s) => n + 1 + (s.touchpoints?.length ?? 0), 0);
}

/** The visible note of a shortened diagram: plain words and digits, so it needs no escaping. */
export function omittedNote(omitted: Omitted, what = 'touchpoints'): string {
  const parts = [`${omitted.touchpoints} more ${pluralWord(omitted.touchpoints, what.replace(/s$/, ''), what)}`];
  if (omitted.stages > 0) parts.push(`${omitted.stages} more ${pluralWord(omitted.stages, 'stage')}`);
  return `${parts.join(' and ')} not drawn as the diagram would be over the Mermaid size limit`;
}

/**
 * `view.render(input)`, or, when that is longer than {@link MERMAID_MAX_TEXT}, the view of the
 * longest start of the map that fits, with the view's note on what was left out; and the input it
 * was drawn from. An input error (exit 2) when not even the map's title and the note fit.
 */
export function fitWithinLimit(view: Pick<View, 'id' | 'render'>, input: ViewInput, limit = MERMAID_MAX_TEXT): { source: string; input: ViewInput } {
  const full = view.render(input);
  if (full.length <= limit) return { source: full, input };
  const shortened = (keep: number): ViewInput => {
    const { map, omitted } = truncateMap(input.map, keep);
    return { ...input, map, omitted };
  };
  // The longest start that fits; the source grows with what is kept, so a binary search finds it.
  let lo = -1;
  let best: { source: string; input: ViewInput } | undefined;
  let hi = entriesOf(input.map);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const attempt = shortened(Math.max(0, mid));
    const source = view.render(attempt);
    if (source.length <= limit) {
      lo = mid;
      best = { source, input: attempt };
    } else hi = mid;
  }
  if (best === undefined) {
    const smallest = shortened(0);
    const source = view.render(smallest);
    if (source.length <= limit) return { source, input: smallest };
    throw new InputError(
      `The ${view.id} diagram of map '${input.map.id}' would be ${full.length} characters, over Mermaid's limit of ${limit}, even without its stages.`,
      'Shorten the map title (and for the priority view, its opportunity ids).',
    );
  }
  return best;
}

/** The source of {@link fitWithinLimit}. */
export function renderWithinLimit(view: Pick<View, 'id' | 'render'>, input: ViewInput, limit = MERMAID_MAX_TEXT): string {
  return fitWithinLimit(view, input, limit).source;
}

/** The view with {@link renderWithinLimit} around its render, and its legend of what that draws. */
export function limited<V extends View>(view: V): V {
  return {
    ...view,
    render: (input: ViewInput) => renderWithinLimit(view, input),
    ...(view.legend ? { legend: (input: ViewInput) => view.legend!(fitWithinLimit(view, input).input) } : {}),
  };
}

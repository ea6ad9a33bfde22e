/**
 * Joining an export's touchpoint values to a map's touchpoints. A touchpoint
 * matches the export value equal to its `survey_segment`, its id or its name, tried in that
 * order; first exactly, then with case, spaces, hyphens and underscores ignored (`Checkout page`,
 * `checkout-page` and `CHECKOUT_PAGE` are one value). A loose match that two export values share
 * is no match: the tool does not pick one of them.
 */
import type { JourneyMap, Touchpoint } from '../model.js';
import { touchpointsOf } from '../model.js';
import { clip } from '../clip.js';
import type { MetricsReport } from './types.js';
import type { Diagnostic } from '../diagnostics.js';
import { surveyWarning } from './warnings.js';

/** The form two values are compared in: lower case, without spaces, hyphens and underscores. */
export function joinForm(value: string): string {
  return value.toLowerCase().replace(/[\s\-_]+/g, '');
}

type Joinable = Pick<Touchpoint, 'id' | 'name' | 'survey_segment'>;

/** The export value (segment key) a touchpoint joins on, or undefined when none matches. */
export function segmentKeyFor(segments: Readonly<Record<string, unknown>> | undefined, touchpoint: Joinable): string | undefined {
  if (!segments || typeof segments !== 'object') return undefined;
  const keys = Object.keys(segments);
  const wanted = [touchpoint.survey_segment, touchpoint.id, touchpoint.name].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  for (const value of wanted) {
    if (Object.hasOwn(segments, value)) return value;
    const form = joinForm(value);
    if (form === '') continue;
    const loose = keys.filter((k) => joinForm(k) === form);
    if (loose.length === 1) return loose[0];
  }
  return undefined;
}

/** The figures of the segment a touchpoint joins on. */
export function segmentFor<T>(segments: Readonly<Record<string, T>> | undefined, touchpoint: Joinable): T | undefined {
  const key = segmentKeyFor(segments, touchpoint);
  return key === undefined ? undefined : segments![key];
}

const MAX_LISTED = 12;
const list = (values: readonly string[]) =>
  values
    .slice(0, MAX_LISTED)
    .map((v) => `'${clip(v, 40)}'`)
    .join(', ') + (values.length > MAX_LISTED ? ` and ${values.length - MAX_LISTED} more` : '');

/**
 * One warning when touchpoints with a KPI match no value of the export's touchpoint column (their
 * KPIs then have no data), listing the export's values so the user can set `survey_segment`.
 * Undefined when every such touchpoint matches, or the map has no touchpoint KPI.
 */
export function unmatchedTouchpointsWarning(map: JourneyMap, report: Pick<MetricsReport, 'segments' | 'source'>): Diagnostic | undefined {
  const withKpis = touchpointsOf(map).filter(({ touchpoint }) => (touchpoint.kpis ?? []).length > 0);
  if (withKpis.length === 0) return undefined;
  const segments = report.segments?.touchpoint;
  const column = report.source?.columns?.touchpoint;
  const unmatched = withKpis.filter(({ touchpoint }) => segmentKeyFor(segments, touchpoint) === undefined).map(({ touchpoint }) => touchpoint.id);
  if (unmatched.length === 0) return undefined;
  const which = `${unmatched.length === 1 ? 'Touchpoint' : `${unmatched.length} touchpoints`} with KPIs (${list(unmatched)})`;
  const match = unmatched.length === 1 ? 'matches' : 'match';
  const values = segments && typeof segments === 'object' ? Object.keys(segments) : [];
  if (values.length === 0) {
    return surveyWarning({
      code: 'survey/unmatched-touchpoint',
      message: `${which} ${match} nothing: the export has no touchpoint column${column ? ` with values ('${clip(column, 40)}' is empty)` : ''}, so their KPIs have no data. Name the column with --column touchpoint=COLUMN (or survey.columns.touchpoint).`,
    });
  }
  return surveyWarning({
    code: 'survey/unmatched-touchpoint',
    message: `${which} ${match} no value of the export's touchpoint column${column ? ` '${clip(column, 40)}'` : ''}, so their KPIs have no data; its values are ${list(values)}. Touchpoints match by survey_segment, id or name (case and spacing ignored): set survey_segment to one of these values.`,
    ...(column ? { field: column } : {}),
  });
}

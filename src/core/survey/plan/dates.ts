import { clip } from '../../clip.js';
import { InputError } from '../../errors.js';
import type { DateOrder } from '../dates/order.js';
import { detectDateOrder } from '../dates/order.js';
import { isValidTimeZone } from '../dates/zones.js';
import type { ColumnInfo } from '../layout.js';
import type { Platform } from '../types.js';
import { findColumn, sampleValues } from './columns.js';
import { byId } from './dimensions.js';
import type { AggregationPlan, PlanContext } from './types.js';
import { surveyWarning } from '../warnings.js';

/** Date columns per platform, most telling first (when the response was recorded or submitted). */
const DATE_COLUMNS: Record<Platform, RegExp[]> = {
  qualtrics: [/^RecordedDate$/, /^EndDate$/, /^StartDate$/],
  surveymonkey: [/^End ?Date$/, /^Start ?Date$/],
  typeform: [/^Submit Date \(UTC\)$/, /^Submitted at$/i, /^Start Date \(UTC\)$/],
  'google-forms': [/^(Timestamp|Zeitstempel|Horodateur|Marca temporal|Marca de tiempo)$/i],
  generic: [
    /^(submitted([ _]?(at|on|date|time))?|submit[ _]?(date|time)|response[ _]?(date|time)|recorded([ _]?(date|at))?|completed[ _]?at|end[ _]?date)( \((utc|gmt)\))?$/i,
    /^(date|datetime|timestamp|created(_at)?|datum|fecha|time)$/i,
    /date|datum|fecha|timestamp/i,
  ],
};

/** The date column when periods are asked for (--period, or the report's optional trend); throws when --period finds none. */
function dateColumnOf(ctx: PlanContext): ColumnInfo | undefined {
  const { request, layout } = ctx;
  const period = request.period ?? request.optionalPeriod;
  if (!period) return undefined;
  const reference = ctx.explicit('date');
  const column = reference !== undefined ? findColumn(layout, reference, 'dates') : DATE_COLUMNS[layout.platform].map((p) => byId(layout, p)).find((c) => c !== undefined);
  if (request.period && !column) {
    throw new InputError('No date column found for --period.', 'Name it with --column date=COLUMN.');
  }
  if (!request.period && request.optionalPeriod && !column) ctx.inferred.push('No date column found: no trend by period.');
  return column;
}

/** The date column, its day/month order and time zone, for periods. */
export function planDate(ctx: PlanContext): { column?: ColumnInfo; date?: AggregationPlan['date']; timeZone?: string } {
  const column = dateColumnOf(ctx);
  const period = ctx.request.period ?? ctx.request.optionalPeriod;
  if (!period || !column) return {};
  ctx.columns.date = column.id;
  const order = dateOrderOf(ctx, column);
  const timeZone = timeZoneOf(ctx, column);
  return { column, date: { index: column.index, order, timeZone, period }, timeZone };
}

function dateOrderOf(ctx: PlanContext, column: ColumnInfo): DateOrder {
  const platform = ctx.layout.platform;
  const fallback: DateOrder = platform === 'qualtrics' || platform === 'typeform' ? 'ymd' : 'mdy';
  const guess = detectDateOrder(sampleValues(ctx.sample, column.index), fallback);
  if (guess.ambiguous && guess.order !== 'ymd') {
    ctx.inferred.push(`Dates in '${column.id}' read as ${guess.order === 'dmy' ? 'day-first' : 'month-first'} (${guess.evidence}); every sampled date fits both orders.`);
  } else {
    ctx.inferred.push(`Dates in '${column.id}': ${guess.evidence}.`);
  }
  return guess.order;
}

/** --tz, else the zone the ImportId row gives for the column, else UTC. */
function timeZoneOf(ctx: PlanContext, column: ColumnInfo): string {
  const request = ctx.request;
  // The ImportId row is data: a zone name mangled in it must not reach Intl.
  const headerZone = column.timeZone !== undefined && isValidTimeZone(column.timeZone) ? column.timeZone : undefined;
  if (!request.timeZone && column.timeZone !== undefined && headerZone === undefined) {
    ctx.warnings.push(
      surveyWarning({
        code: 'csv/bad-time-zone',
        message: `The ImportId row gives '${clip(column.timeZone, 40)}' as the time zone of '${column.id}', which is not a known time zone: dates are read as UTC.`,
        field: column.id,
      }),
    );
  }
  if (!request.timeZone && headerZone) ctx.inferred.push(`Time zone ${headerZone} from the export's ImportId row.`);
  return request.timeZone ?? headerZone ?? 'UTC';
}

/**
 * Date texts of the platforms and Excel to wall times. A year-first value (`2026-03-05`,
 * `2024/03/05`, `2017.07.18`) is read year-month-day whatever the column's order; a dotted
 * day-month value (`18.07.2017`) is always day-first; the order only decides slash and dash values
 * like `03/05/2026`. Two-digit years are 20xx. Fractions of a second are dropped. 12-hour times
 * need an hour 1..12. A time zone in the text (`Z`, `+02:00`, `GMT+1`, `UTC`) is kept as an offset.
 */
import type { WallTime } from './calendar.js';
import { daysInMonth } from './calendar.js';
import type { DateOrder } from './order.js';

/** ISO 8601 and JavaScript accept offsets up to 18 hours. */
const MAX_OFFSET_MINUTES = 18 * 60;

/**
 * Groups: 1-4 year-first date (year, separator, month, day); 5-8 day-month date (a, separator,
 * b, year); 9-11 hour, minute, second; 12 A/P; 13 zone. A fraction of a second is accepted only
 * after seconds, and a zone only after a time. `createPeriodKeyer` relies on the time being
 * `:MM[:SS[.f]]` right after the first `:` of the text, with nothing else depending on its
 * digits: keep it so when changing this expression.
 */
const DATE_TIME =
  /^\s*(?:(\d{4})([-/.])(\d{1,2})\2(\d{1,2})|(\d{1,2})([-/.])(\d{1,2})\6(\d{4}|\d{2}))(?:(?:T|\s+|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*([AP])\.?M\.?)?(?:\s*(Z|[+-]\d{2}(?::?\d{2})?|(?:GMT|UTC)(?:[+-]\d{1,2}(?::?\d{2})?)?))?)?\s*$/i;

const ZONE_OFFSET = /^(?:GMT|UTC)?([+-])(\d{1,2}):?(\d{2})?$/i;

/** Minutes east of UTC of a zone text the DATE_TIME expression accepted, or undefined if out of range. */
function zoneOffsetMinutes(zone: string): number | undefined {
  const m = ZONE_OFFSET.exec(zone);
  if (!m) return 0; // Z, GMT, UTC
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (minutes > 59) return undefined;
  const total = hours * 60 + minutes;
  if (total > MAX_OFFSET_MINUTES) return undefined;
  return m[1] === '-' ? -total : total;
}

export function parseWallTime(raw: string, order: DateOrder): WallTime | undefined {
  const m = DATE_TIME.exec(raw);
  if (!m) return undefined;
  let year: number;
  let month: number;
  let day: number;
  if (m[1] !== undefined) {
    year = Number(m[1]);
    month = Number(m[3]);
    day = Number(m[4]);
  } else {
    const a = Number(m[5]);
    const b = Number(m[7]);
    const y = m[8] ?? '';
    year = y.length === 2 ? 2000 + Number(y) : Number(y);
    // Dotted dates are day-first in every locale that writes them.
    const dayFirst = m[6] === '.' || order === 'dmy';
    if (!dayFirst && order !== 'mdy') return undefined; // a year-first column has no day/month order
    month = dayFirst ? b : a;
    day = dayFirst ? a : b;
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;

  let hour = 0;
  let minute = 0;
  let second = 0;
  if (m[9] !== undefined) {
    hour = Number(m[9]);
    minute = Number(m[10]);
    second = m[11] === undefined ? 0 : Number(m[11]);
    if (minute > 59 || second > 59) return undefined;
    const meridiem = m[12]?.toUpperCase();
    if (meridiem === undefined) {
      if (hour > 23) return undefined;
    } else {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (meridiem === 'P' ? 12 : 0);
    }
  }
  const wall: WallTime = { year, month, day, hour, minute, second };
  if (m[13] !== undefined) {
    const offset = zoneOffsetMinutes(m[13]);
    if (offset === undefined) return undefined;
    wall.offsetMinutes = offset;
  }
  return wall;
}

/**
 * Dates in survey exports (SURVEY.md): parsing the platforms' and Excel's date texts (parsing.ts),
 * the day/month order of a column (order.ts), wall time in an IANA time zone to an instant
 * (zones.ts), and the period keys of `journey metrics --period --tz` (keyer.ts), over calendar
 * arithmetic without Date (calendar.ts).
 */
export type { WallTime } from './calendar.js';
export type { DateOrder, DateOrderGuess } from './order.js';
export { detectDateOrder } from './order.js';
export { parseWallTime } from './parsing.js';
export { isValidTimeZone, toEpoch } from './zones.js';
export { comparePeriodKeys, createPeriodKeyer, periodKey } from './keyer.js';

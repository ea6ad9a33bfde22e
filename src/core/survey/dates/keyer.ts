/**
 * Period keys, taken in the given zone: `2026-03`, `2026-Q1`, ISO-8601 weeks `2026-W09`; and the
 * memoised raw text -> key function the aggregation runs on every row.
 */
import type { Period } from '../types.js';
import { DAY, HOUR, MINUTE, SECOND, civilFromDays, daysFromCivil, localMs } from './calendar.js';
import type { DateOrder } from './order.js';
import { parseWallTime } from './parsing.js';
import type { Zone } from './zones.js';
import { epochIn, getZone, localToEpoch } from './zones.js';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number): string => String(n).padStart(4, '0');

/** The period key of a local calendar day (days since 1970-01-01). */
function dayKey(days: number, period: Period): string {
  if (period === 'week') {
    // ISO weeks: Monday first; a week belongs to the year of its Thursday.
    const weekday = (((days + 3) % 7) + 7) % 7; // 0 = Monday; 1970-01-01 was a Thursday
    const thursday = days - weekday + 3;
    const { year } = civilFromDays(thursday);
    const week = Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
    return `${pad4(year)}-W${pad2(week)}`;
  }
  const { year, month } = civilFromDays(days);
  if (period === 'quarter') return `${pad4(year)}-Q${Math.ceil(month / 3)}`;
  return `${pad4(year)}-${pad2(month)}`;
}

/** Period key of an instant as seen in `timeZone`: month '2026-03', quarter '2026-Q1', week ISO-8601 '2026-W09' (weeks start Monday; the ISO week-year, so 2027-01-01 is '2026-W53'). */
export function periodKey(epochMs: number, period: Period, timeZone: string): string {
  if (!Number.isFinite(epochMs)) throw new RangeError(`Not an instant: ${epochMs}`);
  const zone = getZone(timeZone);
  return dayKey(Math.floor((epochMs + zone.offsetAt(epochMs)) / DAY), period);
}

/** Sorts period keys in time order (they sort as strings, but say so with a function). */
export function comparePeriodKeys(a: string, b: string): number {
  // Compare the year as a number so that a five-digit year still sorts last.
  const ya = Number.parseInt(a, 10);
  const yb = Number.parseInt(b, 10);
  if (ya !== yb && Number.isFinite(ya) && Number.isFinite(yb)) return ya < yb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One wall hour as written: every text `head + :MM[:SS[.f]] + tail` with the same head, shape of
 * the time and tail (e.g. head '03/05/2026 02', tail ' PM') shares it.
 */
interface Bucket {
  head: string;
  /** 0 `:MM`, 1 `:MM:SS`, 2 `:MM:SS.f` */
  shape: number;
  tail: string;
  /** False when the text is not a date whatever its minutes. */
  valid: boolean;
  /** Local ms of the wall time at minute 0. */
  base: number;
  /** Explicit offset of the text in ms, if any. */
  offset: number | undefined;
  /** The key, when it is the same for every minute and second of the hour. */
  key: string | undefined;
  /** The next bucket with the same hash. */
  next: Bucket | undefined;
}

/** The time text parsed for a bucket, one per shape. */
const SHAPE_TEXT = [':00', ':00:00', ':00:00.0'] as const;
const MAX_CACHED_TEXTS = 200_000;

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** Where the time `:MM[:SS[.f]]` of a text starts and ends, and its minute and second. */
interface TimeParts {
  colon: number;
  end: number;
  minute: number;
  second: number;
  /** 0 `:MM`, 1 `:MM:SS`, 2 `:MM:SS.f` */
  shape: number;
}

/**
 * Splits off `:MM[:SS[.f]]` at the first colon (dates have none) into `parts`, which is reused
 * from row to row; false when the text has no such time.
 */
function readTime(raw: string, parts: TimeParts): boolean {
  const colon = raw.indexOf(':');
  if (colon <= 0) return false;
  const m1 = raw.charCodeAt(colon + 1);
  const m2 = raw.charCodeAt(colon + 2);
  if (!isDigit(m1) || !isDigit(m2)) return false;
  parts.colon = colon;
  parts.minute = (m1 - 48) * 10 + (m2 - 48);
  parts.second = 0;
  parts.end = colon + 3;
  parts.shape = 0;
  if (raw.charCodeAt(parts.end) === 58) {
    const s1 = raw.charCodeAt(parts.end + 1);
    const s2 = raw.charCodeAt(parts.end + 2);
    if (isDigit(s1) && isDigit(s2)) {
      parts.second = (s1 - 48) * 10 + (s2 - 48);
      parts.end += 3;
      parts.shape = 1;
      if (raw.charCodeAt(parts.end) === 46 && isDigit(raw.charCodeAt(parts.end + 1))) {
        parts.end += 2;
        while (isDigit(raw.charCodeAt(parts.end))) parts.end++;
        parts.shape = 2;
      }
    }
  }
  return true;
}

/** A hash of head, shape and tail, checked against the bucket's text: no string is built per row. */
function bucketHash(raw: string, parts: TimeParts): number {
  const length = raw.length;
  let hash = parts.shape;
  for (let i = 0; i < parts.colon; i++) hash = (Math.imul(hash, 31) + raw.charCodeAt(i)) | 0;
  for (let i = parts.end; i < length; i++) hash = (Math.imul(hash, 31) + raw.charCodeAt(i)) | 0;
  // 30 bits keep the key a small integer (a Smi in V8): no heap number per row.
  return hash & 0x3fffffff;
}

/** The bucket of the text in a hash chain, if any. */
function findBucket(first: Bucket | undefined, raw: string, parts: TimeParts): Bucket | undefined {
  let bucket = first;
  while (
    bucket !== undefined &&
    !(
      bucket.shape === parts.shape &&
      bucket.head.length === parts.colon &&
      bucket.tail.length === raw.length - parts.end &&
      raw.startsWith(bucket.head) &&
      raw.endsWith(bucket.tail)
    )
  ) {
    bucket = bucket.next;
  }
  return bucket;
}

/** Whether the characters from `from` to `to` (exclusive) are all digits. */
function digitsAt(raw: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigit(raw.charCodeAt(i))) return false;
  return true;
}

/**
 * The hour of an offset-free ISO-like text ("2026-03-05 14:22" or "2026-03-05 14:22:10") with a
 * valid minute and second, as a small integer from its digits, or -1 for any other text: no
 * string is allocated per row.
 */
function isoHour(raw: string): number {
  const length = raw.length;
  if (!(
    (length === 16 || length === 19) &&
    raw.charCodeAt(4) === 45 &&
    raw.charCodeAt(7) === 45 &&
    (raw.charCodeAt(10) === 32 || raw.charCodeAt(10) === 84) &&
    raw.charCodeAt(13) === 58 &&
    (length === 16 || raw.charCodeAt(16) === 58) &&
    digitsAt(raw, 0, 4) &&
    digitsAt(raw, 5, 7) &&
    digitsAt(raw, 8, 10) &&
    digitsAt(raw, 11, 13) &&
    digitsAt(raw, 14, 16) &&
    (length === 16 || digitsAt(raw, 17, 19))
  )) {
    return -1;
  }
  const digit = (i: number) => raw.charCodeAt(i) - 48;
  // The minute and second are not part of the hour: one out of range must not share its key.
  if (digit(14) > 5 || (length === 19 && digit(17) > 5)) return -1;
  return ((((digit(0) * 10 + digit(1)) * 10 + digit(2)) * 10 + digit(3)) * 13 + digit(5) * 10 + digit(6)) * 32 * 24 + (digit(8) * 10 + digit(9)) * 24 + digit(11) * 10 + digit(12);
}

/**
 * The offset shift that makes a bucket's whole hour [base, last] one local day, when every
 * offset the general path would look up is one constant; the check reads the same hour cache,
 * so it agrees with the general path exactly.
 */
function constantShift(zone: Zone, base: number, last: number, offset: number | undefined): number | undefined {
  if (offset !== undefined) {
    const seen = zone.constantOver(base - offset, last - offset);
    return seen === undefined ? undefined : seen - offset;
  }
  const before = zone.constantOver(base - DAY, last - DAY);
  const after = zone.constantOver(base + DAY, last + DAY);
  if (before === undefined || before !== after) return undefined;
  const seen = zone.constantOver(base - before, last - before);
  return seen === undefined ? undefined : seen - before;
}

/**
 * Raw date text -> period key, with every cache of date keys: the last ISO-like hour and each
 * such hour seen (most exports), buckets of texts up to the hour for other texts with a time,
 * whole texts without one, and the key of each local day. Time-zone offsets come from the zone's
 * own cache (one Intl lookup per distinct UTC hour).
 */
class PeriodKeyer {
  private readonly zone: Zone;
  private readonly buckets = new Map<number, Bucket>();
  private readonly wholes = new Map<string, string | null>();
  private readonly dayKeys = new Map<number, string>();
  /** ISO-like hour -> key: the period cannot change within the hour when no offset follows. */
  private readonly hourKeys = new Map<number, string | undefined>();
  private lastHour = -1;
  private lastHourKey: string | undefined;
  private readonly parts: TimeParts = { colon: 0, end: 0, minute: 0, second: 0, shape: 0 };

  constructor(
    private readonly period: Period,
    private readonly order: DateOrder,
    timeZone: string,
  ) {
    this.zone = getZone(timeZone);
  }

  key(raw: string): string | undefined {
    const hour = isoHour(raw);
    return hour < 0 ? this.keyOfText(raw) : this.keyOfIsoHour(hour, raw);
  }

  /** Chronological exports hit the last hour again and again. */
  private keyOfIsoHour(hour: number, raw: string): string | undefined {
    if (hour === this.lastHour) return this.lastHourKey;
    let key = this.hourKeys.get(hour);
    if (key === undefined && !this.hourKeys.has(hour)) {
      key = this.keyOfText(raw);
      this.hourKeys.set(hour, key);
    }
    this.lastHour = hour;
    this.lastHourKey = key;
    return key;
  }

  private keyOfText(raw: string): string | undefined {
    const parts = this.parts;
    if (!readTime(raw, parts)) return this.keyOfWhole(raw);
    const hash = bucketHash(raw, parts);
    let bucket = findBucket(this.buckets.get(hash), raw, parts);
    if (bucket === undefined) {
      if (this.buckets.size >= MAX_CACHED_TEXTS) this.buckets.clear();
      bucket = this.makeBucket(raw.slice(0, parts.colon), parts.shape, raw.slice(parts.end), this.buckets.get(hash));
      this.buckets.set(hash, bucket);
    }
    if (!bucket.valid || parts.minute > 59 || parts.second > 59) return undefined;
    if (bucket.key !== undefined) return bucket.key;
    const local = bucket.base + parts.minute * MINUTE + parts.second * SECOND;
    return this.keyOfEpoch(bucket.offset === undefined ? localToEpoch(this.zone, local) : local - bucket.offset);
  }

  private keyOfWhole(raw: string): string | undefined {
    let key = this.wholes.get(raw);
    if (key === undefined) {
      const wall = parseWallTime(raw, this.order);
      key = wall === undefined ? null : this.keyOfEpoch(epochIn(this.zone, wall));
      if (this.wholes.size >= MAX_CACHED_TEXTS) this.wholes.clear();
      this.wholes.set(raw, key);
    }
    return key ?? undefined;
  }

  private makeBucket(head: string, shape: number, tail: string, next: Bucket | undefined): Bucket {
    const bucket: Bucket = { head, shape, tail, valid: false, base: 0, offset: undefined, key: undefined, next };
    // The time's digits never change whether the rest parses: parse the hour with zeros.
    const wall = parseWallTime(head + (SHAPE_TEXT[shape] ?? '') + tail, this.order);
    if (wall === undefined) return bucket;
    const base = localMs(wall);
    const offset = wall.offsetMinutes === undefined ? undefined : wall.offsetMinutes * MINUTE;
    const last = base + HOUR - SECOND; // the hour's last second: fractions are dropped
    const shift = constantShift(this.zone, base, last, offset);
    bucket.valid = true;
    bucket.base = base;
    bucket.offset = offset;
    if (shift !== undefined && Math.floor((base + shift) / DAY) === Math.floor((last + shift) / DAY)) {
      bucket.key = this.keyOfDays(Math.floor((base + shift) / DAY));
    }
    return bucket;
  }

  private keyOfEpoch(epoch: number): string {
    return this.keyOfDays(Math.floor((epoch + this.zone.offsetAt(epoch)) / DAY));
  }

  private keyOfDays(days: number): string {
    let key = this.dayKeys.get(days);
    if (key === undefined) {
      key = dayKey(days, this.period);
      this.dayKeys.set(days, key);
    }
    return key;
  }
}

/**
 * Raw date text -> period key, memoised and fast: this runs on 1,000,000 rows. Returns undefined
 * for unparseable text.
 */
export function createPeriodKeyer(period: Period, order: DateOrder, timeZone: string): (raw: string) => string | undefined {
  // Looking buckets up by a hash checked against the text, rather than by a sliced string key,
  // halves the time; Intl is asked once per distinct UTC hour of the zone.
  const keyer = new PeriodKeyer(period, order, timeZone);
  return (raw) => keyer.key(raw);
}

/**
 * Wall time in an IANA time zone to an instant. A wall time that a DST change skips (02:30 on the
 * spring-forward night) moves forward by the gap (to 03:30 summer time); one that happens twice
 * (fall back) takes the earlier instant, the summer-time one. This is Temporal's "compatible" choice.
 */
import type { WallTime } from './calendar.js';
import { DAY, HOUR, MINUTE, SECOND, localMs } from './calendar.js';

/** An hour with a transition inside it: the offset is `before` until `at`, then `after`. */
interface Transition {
  at: number;
  before: number;
  after: number;
}

export interface Zone {
  /** Offset in ms (local - UTC) at an instant. */
  offsetAt(epochMs: number): number;
  /** The offset if it is the same constant over every UTC hour touching [from, to], else undefined. */
  constantOver(from: number, to: number): number | undefined;
}

const EN_US_NUMERIC = /^(\d{1,2})\/(\d{1,2})\/(\d{1,6}),?\s(\d{1,2}):(\d{2}):(\d{2})$/;

const UTC_ZONE: Zone = { offsetAt: () => 0, constantOver: () => 0 };
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Etc/Zulu']);

/** Enough hours for a century; past it the caches start over rather than grow without end. */
const MAX_CACHED_HOURS = 1_000_000;

/**
 * Offsets of an IANA zone, from Intl: one Intl lookup per distinct UTC hour start, cached; an hour
 * whose start and end offsets differ is searched to the second for its transition once.
 */
class IntlZone implements Zone {
  private readonly starts = new Map<number, number>();
  private readonly hours = new Map<number, number | Transition>();

  constructor(private readonly format: Intl.DateTimeFormat) {}

  /** Offset at a whole second, straight from Intl. */
  private intlOffset(second: number): number {
    // format() and a regular expression cost a third of formatToParts(); en-US numeric output
    // is "3/8/2026, 03:30:00" (month, day, year, hour, minute, second).
    const m = EN_US_NUMERIC.exec(this.format.format(second));
    if (m) {
      const wall = { year: Number(m[3]), month: Number(m[1]), day: Number(m[2]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]) };
      return localMs(wall) - second;
    }
    const wall = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
    for (const part of this.format.formatToParts(second)) {
      if (part.type === 'year' || part.type === 'month' || part.type === 'day' || part.type === 'hour' || part.type === 'minute' || part.type === 'second') {
        wall[part.type] = Number(part.value);
      }
    }
    return localMs(wall) - second;
  }

  private startOffset(hourIndex: number): number {
    let offset = this.starts.get(hourIndex);
    if (offset === undefined) {
      if (this.starts.size >= MAX_CACHED_HOURS) this.starts.clear();
      offset = this.intlOffset(hourIndex * HOUR);
      this.starts.set(hourIndex, offset);
    }
    return offset;
  }

  private hourEntry(hourIndex: number): number | Transition {
    let entry = this.hours.get(hourIndex);
    if (entry !== undefined) return entry;
    const first = this.startOffset(hourIndex);
    if (first === this.startOffset(hourIndex + 1)) {
      entry = first;
    } else {
      // Most transitions fall on the next hour's start; otherwise find the second they happen.
      let lo = hourIndex * HOUR;
      let hi = lo + HOUR - SECOND;
      const last = this.intlOffset(hi);
      if (last === first) {
        entry = first;
      } else {
        let after = last;
        while (hi - lo > SECOND) {
          const mid = lo + Math.floor((hi - lo) / (2 * SECOND)) * SECOND;
          const offset = this.intlOffset(mid);
          if (offset === first) lo = mid;
          else {
            hi = mid;
            after = offset;
          }
        }
        entry = { at: hi, before: first, after };
      }
    }
    if (this.hours.size >= MAX_CACHED_HOURS) this.hours.clear();
    this.hours.set(hourIndex, entry);
    return entry;
  }

  offsetAt(epochMs: number): number {
    const entry = this.hourEntry(Math.floor(epochMs / HOUR));
    if (typeof entry === 'number') return entry;
    // Intl has a resolution of a second; so does the transition search.
    return Math.floor(epochMs / SECOND) * SECOND < entry.at ? entry.before : entry.after;
  }

  constantOver(from: number, to: number): number | undefined {
    const first = this.hourEntry(Math.floor(from / HOUR));
    if (typeof first !== 'number') return undefined;
    for (let h = Math.floor(from / HOUR) + 1; h <= Math.floor(to / HOUR); h++) {
      if (this.hourEntry(h) !== first) return undefined;
    }
    return first;
  }
}

const zones = new Map<string, Zone>();

/** Throws RangeError for a name Intl does not know. */
export function getZone(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zone = UTC_NAMES.has(format.resolvedOptions().timeZone) ? UTC_ZONE : new IntlZone(format);
    zones.set(timeZone, zone);
  }
  return zone;
}

export function isValidTimeZone(tz: string): boolean {
  if (tz.trim() === '') return false;
  try {
    getZone(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * Local milliseconds (wall time as if UTC) to the instant. Assumes at most one transition within
 * a day either side of the wall time, which holds for real zones at the dates surveys carry.
 */
export function localToEpoch(zone: Zone, local: number): number {
  const before = zone.offsetAt(local - DAY);
  const after = zone.offsetAt(local + DAY);
  if (before === after) return local - before;
  const early = local - before;
  const late = local - after;
  const earlyFits = zone.offsetAt(early) === before;
  const lateFits = zone.offsetAt(late) === after;
  if (earlyFits && lateFits) return Math.min(early, late); // repeated wall time: the earlier instant
  if (earlyFits) return early;
  if (lateFits) return late;
  // Skipped wall time: read it with the offset from before the gap, which moves it forward by the gap.
  return early;
}

/** Wall time in `timeZone` (IANA, e.g. 'America/Denver', or 'UTC') to epoch ms; an explicit offset in the text wins. */
export function toEpoch(wall: WallTime, timeZone: string): number {
  // With an offset in the text the zone is not needed, not even checked.
  if (wall.offsetMinutes !== undefined) return localMs(wall) - wall.offsetMinutes * MINUTE;
  return epochIn(getZone(timeZone), wall);
}

export function epochIn(zone: Zone, wall: WallTime): number {
  const local = localMs(wall);
  return wall.offsetMinutes === undefined ? localToEpoch(zone, local) : local - wall.offsetMinutes * MINUTE;
}

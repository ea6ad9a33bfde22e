import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { comparePeriodKeys, createPeriodKeyer, detectDateOrder, isValidTimeZone, parseWallTime, periodKey, toEpoch } from '../../../src/core/survey/dates/index.js';
import type { DateOrder, WallTime } from '../../../src/core/survey/dates/index.js';
import type { Period } from '../../../src/core/survey/types.js';

const wall = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0, offsetMinutes?: number): WallTime =>
  offsetMinutes === undefined ? { year, month, day, hour, minute, second } : { year, month, day, hour, minute, second, offsetMinutes };

const utc = (iso: string): number => Date.parse(iso);

describe('parseWallTime', () => {
  it.each<[string, string, DateOrder, WallTime]>([
    ['ISO with a space (Qualtrics, Typeform)', '2026-03-05 14:22:10', 'ymd', wall(2026, 3, 5, 14, 22, 10)],
    ['ISO with T and Z', '2026-03-05T14:22:10Z', 'ymd', wall(2026, 3, 5, 14, 22, 10, 0)],
    ['ISO with +02:00', '2026-03-05T14:22:10+02:00', 'ymd', wall(2026, 3, 5, 14, 22, 10, 120)],
    ['ISO with -0530', '2026-03-05T14:22:10-0530', 'ymd', wall(2026, 3, 5, 14, 22, 10, -330)],
    ['ISO with milliseconds (dropped)', '2026-03-05T14:22:10.987Z', 'ymd', wall(2026, 3, 5, 14, 22, 10, 0)],
    ['ISO date only', '2026-03-05', 'ymd', wall(2026, 3, 5)],
    ['surrounding spaces', '  2026-03-05 14:22:10 ', 'ymd', wall(2026, 3, 5, 14, 22, 10)],
    ['SurveyMonkey PM', '03/05/2026 02:14:07 PM', 'mdy', wall(2026, 3, 5, 14, 14, 7)],
    ['SurveyMonkey AM', '03/05/2026 09:14:07 AM', 'mdy', wall(2026, 3, 5, 9, 14, 7)],
    ['12 AM is midnight', '03/05/2026 12:00:01 AM', 'mdy', wall(2026, 3, 5, 0, 0, 1)],
    ['12 PM is noon', '03/05/2026 12:30:00 PM', 'mdy', wall(2026, 3, 5, 12, 30, 0)],
    ['lower-case a.m.', '03/05/2026 9:14 a.m.', 'mdy', wall(2026, 3, 5, 9, 14, 0)],
    ['Google Forms GMT+1', '2024/03/05 9:14:07 AM GMT+1', 'mdy', wall(2024, 3, 5, 9, 14, 7, 60)],
    ['Google Forms GMT-5', '2024/03/05 9:14:07 PM GMT-5', 'dmy', wall(2024, 3, 5, 21, 14, 7, -300)],
    ['Google Forms GMT+5:30', '2024/03/05 9:14:07 AM GMT+5:30', 'mdy', wall(2024, 3, 5, 9, 14, 7, 330)],
    ['plain GMT and UTC', '2024/03/05 9:14:07 UTC', 'mdy', wall(2024, 3, 5, 9, 14, 7, 0)],
    ['Google Forms locale, month-first', '3/5/2024 9:14:07', 'mdy', wall(2024, 3, 5, 9, 14, 7)],
    ['Google Forms locale, day-first', '3/5/2024 9:14:07', 'dmy', wall(2024, 5, 3, 9, 14, 7)],
    ['a comma before the time', '3/5/2024, 9:14:07 PM', 'mdy', wall(2024, 3, 5, 21, 14, 7)],
    ['Excel US without seconds', '7/18/2017 8:28', 'mdy', wall(2017, 7, 18, 8, 28, 0)],
    ['Excel German dots', '18.07.2017 08:28', 'dmy', wall(2017, 7, 18, 8, 28, 0)],
    ['dots are day-first even in a month-first column', '05.03.2026 08:28', 'mdy', wall(2026, 3, 5, 8, 28, 0)],
    ['Excel UK slashes', '18/07/2017 08:28', 'dmy', wall(2017, 7, 18, 8, 28, 0)],
    ['Excel ISO without seconds', '2017-07-18 08:28', 'dmy', wall(2017, 7, 18, 8, 28, 0)],
    ['two-digit year is 20xx', '7/18/17', 'mdy', wall(2017, 7, 18)],
    ['two-digit year with a time', '18.07.17 23:59', 'dmy', wall(2017, 7, 18, 23, 59, 0)],
    ['dashes, day-first', '05-03-2026 10:00', 'dmy', wall(2026, 3, 5, 10, 0, 0)],
    ['leap day', '2024-02-29 00:00:00', 'ymd', wall(2024, 2, 29)],
    ['narrow no-break space before PM (Node/ICU output)', '3/5/2024, 9:14:07\u202fPM', 'mdy', wall(2024, 3, 5, 21, 14, 7)],
  ])('reads %s', (_name, raw, order, expected) => {
    expect(parseWallTime(raw, order)).toEqual(expected);
  });

  it.each<[string, string, DateOrder]>([
    ['empty', '', 'mdy'],
    ['words', 'yesterday', 'mdy'],
    ['a number', '45123', 'mdy'],
    ['month 13', '2026-13-01', 'ymd'],
    ['month 13 in a day-first date', '05/13/2026', 'dmy'],
    ['February 30', '2026-02-30', 'ymd'],
    ['February 29 of a common year', '2026-02-29', 'ymd'],
    ['April 31', '4/31/2026', 'mdy'],
    ['day 0', '2026-03-00', 'ymd'],
    ['hour 25', '2026-03-05 25:00:00', 'ymd'],
    ['hour 24', '2026-03-05 24:00', 'ymd'],
    ['minute 60', '2026-03-05 14:60', 'ymd'],
    ['second 60', '2026-03-05 14:22:60', 'ymd'],
    ['13 PM', '03/05/2026 13:14:07 PM', 'mdy'],
    ['0 AM', '03/05/2026 0:14:07 AM', 'mdy'],
    ['an hour without minutes', '2026-03-05 14', 'ymd'],
    ['a one-digit minute', '2026-03-05 14:5', 'ymd'],
    ['a fraction without seconds', '2026-03-05 14:22.5', 'ymd'],
    ['dotted month-first', '07.18.2017', 'mdy'],
    ['day-month text in a year-first column', '03/05/2026', 'ymd'],
    ['offset above 18 hours', '2026-03-05T14:22:10+19:00', 'ymd'],
    ['offset minutes above 59', '2024/03/05 9:14:07 AM GMT+5:75', 'mdy'],
    ['an offset without a time', '2026-03-05Z', 'ymd'],
    ['mixed separators', '2026-03/05', 'ymd'],
    ['a three-digit year', '3/5/202', 'mdy'],
    ['trailing text', '2026-03-05 14:22:10 tomorrow', 'ymd'],
  ])('rejects %s', (_name, raw, order) => {
    expect(parseWallTime(raw, order)).toBeUndefined();
  });
});

describe('detectDateOrder', () => {
  it.each<[string, string[], DateOrder, DateOrder, boolean, RegExp]>([
    ['a day above 12 in the first field', ['03/05/2026 10:00', '18/07/2017 08:28'], 'mdy', 'dmy', false, /^day-first: 18\/07\/2017 has a day above 12/],
    ['a day above 12 in the second field', ['03/05/2026', '7/18/2017 8:28'], 'dmy', 'mdy', false, /^month-first: 7\/18\/2017/],
    ['dots, even without a day above 12', ['05.03.2026 08:28'], 'mdy', 'dmy', false, /^day-first: 05\.03\.2026 uses dots/],
    ['nothing above 12: the fallback, flagged', ['03/05/2026 02:14:07 PM', '01/02/2026'], 'mdy', 'mdy', true, /^no field above 12 \(e\.g\. 03\/05\/2026\): assumed month-first/],
    ['nothing above 12 with a day-first fallback', ['03/05/2026'], 'dmy', 'dmy', true, /assumed day-first/],
    ['both orders seen: mixed data keeps the fallback', ['18/07/2017', '7/18/2017'], 'dmy', 'dmy', true, /^mixed: 18\/07\/2017 is day-first but 7\/18\/2017 is month-first/],
    ['dots against a month-first slash date: mixed', ['18.07.2017', '7/18/2017'], 'mdy', 'mdy', true, /^mixed/],
    ['ISO values are year-first', ['2026-03-05 14:22:10', '2026-03-06T01:00:00Z'], 'mdy', 'ymd', false, /^year-first: 2026-03-05/],
    ['Google Forms yyyy/ values are year-first', ['2024/03/05 9:14:07 AM GMT+1'], 'dmy', 'ymd', false, /^year-first: 2024\/03\/05/],
    ['a day-month value among ISO values decides', ['2026-03-05', '18/07/2017'], 'mdy', 'dmy', false, /^day-first/],
    ['a year-first fallback cannot order day-month values', ['03/05/2026'], 'ymd', 'mdy', true, /assumed month-first/],
    ['no dates at all', ['', 'n/a'], 'dmy', 'dmy', true, /^no dates/],
    ['impossible values are ignored', ['31/31/2017', '03/05/2026'], 'mdy', 'mdy', true, /^no field above 12/],
  ])('%s', (_name, samples, fallback, order, ambiguous, evidence) => {
    const guess = detectDateOrder(samples, fallback);
    expect(guess.order).toBe(order);
    expect(guess.ambiguous).toBe(ambiguous);
    expect(guess.evidence).toMatch(evidence);
  });

  it('reads any iterable, once', () => {
    function* samples(): Generator<string> {
      yield '01/02/2026';
      yield '25/02/2026';
    }
    expect(detectDateOrder(samples(), 'mdy').order).toBe('dmy');
  });
});

describe('isValidTimeZone', () => {
  it.each(['UTC', 'America/Denver', 'Europe/Berlin', 'Asia/Kolkata', 'Etc/GMT+5'])('accepts %s', (tz) => {
    expect(isValidTimeZone(tz)).toBe(true);
  });
  it.each(['', ' ', 'Mars/Olympus_Mons', 'America/Denverr'])('rejects %j', (tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
  });
});

describe('toEpoch', () => {
  it('reads wall time in the zone', () => {
    expect(toEpoch(wall(2026, 3, 5, 14, 22, 10), 'UTC')).toBe(utc('2026-03-05T14:22:10Z'));
    expect(toEpoch(wall(2026, 1, 15, 9), 'America/Denver')).toBe(utc('2026-01-15T16:00:00Z'));
    expect(toEpoch(wall(2026, 7, 15, 9), 'America/Denver')).toBe(utc('2026-07-15T15:00:00Z'));
    expect(toEpoch(wall(2026, 7, 15, 9), 'Europe/Berlin')).toBe(utc('2026-07-15T07:00:00Z'));
    expect(toEpoch(wall(2026, 7, 15, 9), 'Asia/Kolkata')).toBe(utc('2026-07-15T03:30:00Z'));
  });

  it('lets an explicit offset win over the zone', () => {
    expect(toEpoch(wall(2024, 3, 5, 9, 14, 7, 60), 'America/Denver')).toBe(utc('2024-03-05T08:14:07Z'));
    expect(toEpoch(wall(2024, 3, 5, 9, 14, 7, 0), 'Asia/Tokyo')).toBe(utc('2024-03-05T09:14:07Z'));
  });

  it('moves a wall time skipped by spring-forward on by the gap (Denver, 2026-03-08)', () => {
    expect(toEpoch(wall(2026, 3, 8, 1, 59, 59), 'America/Denver')).toBe(utc('2026-03-08T08:59:59Z'));
    // 02:30 does not exist in Denver that night: it reads as 03:30 MDT.
    expect(toEpoch(wall(2026, 3, 8, 2, 30), 'America/Denver')).toBe(utc('2026-03-08T09:30:00Z'));
    expect(toEpoch(wall(2026, 3, 8, 3, 0), 'America/Denver')).toBe(utc('2026-03-08T09:00:00Z'));
  });

  it('takes the earlier instant of a wall time repeated by fall-back (Denver, 2026-11-01)', () => {
    expect(toEpoch(wall(2026, 11, 1, 1, 30), 'America/Denver')).toBe(utc('2026-11-01T07:30:00Z'));
    expect(toEpoch(wall(2026, 11, 1, 2, 0), 'America/Denver')).toBe(utc('2026-11-01T09:00:00Z'));
  });

  it('handles Berlin both ways (2026-03-29 and 2026-10-25)', () => {
    expect(toEpoch(wall(2026, 3, 29, 2, 30), 'Europe/Berlin')).toBe(utc('2026-03-29T01:30:00Z'));
    expect(toEpoch(wall(2026, 3, 29, 3, 0), 'Europe/Berlin')).toBe(utc('2026-03-29T01:00:00Z'));
    expect(toEpoch(wall(2026, 10, 25, 2, 30), 'Europe/Berlin')).toBe(utc('2026-10-25T00:30:00Z'));
    expect(toEpoch(wall(2026, 10, 25, 3, 0), 'Europe/Berlin')).toBe(utc('2026-10-25T02:00:00Z'));
  });

  it('handles a half-hour shift (Lord Howe Island, 2026-10-04 02:00 -> 02:30)', () => {
    expect(toEpoch(wall(2026, 10, 4, 2, 15), 'Australia/Lord_Howe')).toBe(utc('2026-10-03T15:45:00Z'));
    expect(toEpoch(wall(2026, 10, 4, 2, 45), 'Australia/Lord_Howe')).toBe(utc('2026-10-03T15:45:00Z'));
  });

  it('round-trips every wall time Intl shows for an instant (property)', () => {
    const zones = ['America/Denver', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Chatham'];
    const formats = new Map(
      zones.map((tz) => [
        tz,
        new Intl.DateTimeFormat('en-US', {
          timeZone: tz,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        }),
      ]),
    );
    const wallOf = (ms: number, tz: string): WallTime => {
      const parts = formats.get(tz)!.formatToParts(ms);
      const field = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
      return wall(field('year'), field('month'), field('day'), field('hour'), field('minute'), field('second'));
    };
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: utc('2000-01-01T00:00:00Z') / 1000, max: utc('2040-01-01T00:00:00Z') / 1000 }), (tz, seconds) => {
        const shown = wallOf(seconds * 1000, tz);
        const back = toEpoch(shown, tz);
        // The same wall time; the earlier instant when it happened twice.
        expect(wallOf(back, tz)).toEqual(shown);
        expect(back).toBeLessThanOrEqual(seconds * 1000);
      }),
      { seed: 20260305, numRuns: 300 },
    );
  });
});

describe('periodKey', () => {
  it('names months, quarters and ISO weeks', () => {
    const t = utc('2026-03-05T14:22:10Z');
    expect(periodKey(t, 'month', 'UTC')).toBe('2026-03');
    expect(periodKey(t, 'quarter', 'UTC')).toBe('2026-Q1');
    expect(periodKey(t, 'week', 'UTC')).toBe('2026-W10');
  });

  it.each<[string, string]>([
    ['2026-01-01', '2026-W01'], // a Thursday: week 1 of its own year
    ['2026-03-01', '2026-W09'], // Sunday ends the week
    ['2026-03-02', '2026-W10'], // Monday starts one
    ['2026-12-31', '2026-W53'],
    ['2027-01-01', '2026-W53'], // the ISO week-year, not the calendar year
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'],
  ])('puts %s in %s', (date, key) => {
    expect(periodKey(utc(`${date}T12:00:00Z`), 'week', 'UTC')).toBe(key);
  });

  it.each<[string, string, Period, string]>([
    // Late on 31 December in UTC is already 1 January in Tokyo.
    ['2026-12-31T20:00:00Z', 'UTC', 'month', '2026-12'],
    ['2026-12-31T20:00:00Z', 'Asia/Tokyo', 'month', '2027-01'],
    ['2026-12-31T20:00:00Z', 'UTC', 'quarter', '2026-Q4'],
    ['2026-12-31T20:00:00Z', 'Asia/Tokyo', 'quarter', '2027-Q1'],
    ['2026-12-31T20:00:00Z', 'Asia/Tokyo', 'week', '2026-W53'],
    // Early on 1 January in UTC is still 31 December in Denver.
    ['2027-01-01T03:00:00Z', 'UTC', 'month', '2027-01'],
    ['2027-01-01T03:00:00Z', 'America/Denver', 'month', '2026-12'],
    ['2027-01-01T06:59:59Z', 'America/Denver', 'quarter', '2026-Q4'],
    ['2027-01-01T07:00:00Z', 'America/Denver', 'quarter', '2027-Q1'],
    ['2027-01-04T06:59:59Z', 'America/Denver', 'week', '2026-W53'],
    ['2027-01-04T07:00:00Z', 'America/Denver', 'week', '2027-W01'],
    // Summer time moves the boundary: midnight in Berlin is 22:00 UTC.
    ['2026-03-31T21:59:59Z', 'Europe/Berlin', 'month', '2026-03'],
    ['2026-03-31T22:00:00Z', 'Europe/Berlin', 'quarter', '2026-Q2'],
    ['2026-03-31T18:29:59Z', 'Asia/Kolkata', 'month', '2026-03'],
    ['2026-03-31T18:30:00Z', 'Asia/Kolkata', 'month', '2026-04'],
  ])('%s in %s by %s is %s', (iso, tz, period, key) => {
    expect(periodKey(utc(iso), period, tz)).toBe(key);
  });

  it('agrees with Intl on the month and with a textbook ISO week (property)', () => {
    const zones = ['UTC', 'America/Denver', 'Europe/Berlin', 'Asia/Tokyo', 'Asia/Kolkata', 'Pacific/Chatham', 'America/St_Johns'];
    const isoWeek = (ms: number): string => {
      const d = new Date(ms);
      const day = d.getUTCDay() || 7;
      d.setUTCDate(d.getUTCDate() + 4 - day);
      const week = Math.ceil(((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
      return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
    };
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: utc('1990-01-01T00:00:00Z'), max: utc('2060-01-01T00:00:00Z') }), (tz, ms) => {
        const parts = Object.fromEntries(
          new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ms).map((p) => [p.type, p.value]),
        );
        expect(periodKey(ms, 'month', tz)).toBe(`${parts.year}-${parts.month}`);
        const localMidnight = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
        expect(periodKey(ms, 'week', tz)).toBe(isoWeek(localMidnight));
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('rejects a time zone Intl does not know', () => {
    expect(() => periodKey(0, 'month', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('comparePeriodKeys', () => {
  it('sorts keys in time order', () => {
    expect(['2027-01', '2026-12', '2026-03', '2026-10'].sort(comparePeriodKeys)).toEqual(['2026-03', '2026-10', '2026-12', '2027-01']);
    expect(['2027-W01', '2026-W53', '2026-W09', '2026-W10'].sort(comparePeriodKeys)).toEqual(['2026-W09', '2026-W10', '2026-W53', '2027-W01']);
    expect(['2027-Q1', '2026-Q4', '2026-Q1'].sort(comparePeriodKeys)).toEqual(['2026-Q1', '2026-Q4', '2027-Q1']);
    expect(comparePeriodKeys('2026-03', '2026-03')).toBe(0);
  });
});

describe('createPeriodKeyer', () => {
  it('keys each platform format', () => {
    const monthly = createPeriodKeyer('month', 'mdy', 'America/Denver');
    expect(monthly('2026-03-05 14:22:10')).toBe('2026-03');
    expect(monthly('03/31/2026 11:14:07 PM')).toBe('2026-03');
    // An explicit offset fixes the instant; the period is still seen in Denver.
    expect(monthly('2026-04-01T03:00:00Z')).toBe('2026-03');
    expect(monthly('2024/03/01 5:14:07 AM GMT+1')).toBe('2024-02');
    expect(monthly('7/18/17 8:28')).toBe('2017-07');
    expect(monthly('18.07.2017 08:28')).toBe('2017-07');
    expect(monthly('2026-03-05')).toBe('2026-03');
    expect(monthly('not a date')).toBeUndefined();
    expect(monthly('2026-03-05 14:75:00')).toBeUndefined();
    expect(monthly('')).toBeUndefined();
    const weekly = createPeriodKeyer('week', 'dmy', 'Asia/Tokyo');
    expect(weekly('31/12/2026 23:59')).toBe('2026-W53');
    expect(weekly('2026-12-31T20:00:00Z')).toBe('2026-W53');
    expect(weekly('04/01/2027 00:00')).toBe('2027-W01');
  });

  it('keys a valid time the same whether a bad minute of its hour came first or after', () => {
    const badFirst = createPeriodKeyer('month', 'ymd', 'America/Denver');
    expect(badFirst('2026-03-05 14:75:00')).toBeUndefined();
    expect(badFirst('2026-03-05 14:22:10')).toBe('2026-03');
    expect(badFirst('2026-03-05 14:22:99')).toBeUndefined();
    const goodFirst = createPeriodKeyer('month', 'ymd', 'America/Denver');
    expect(goodFirst('2026-03-05 14:22')).toBe('2026-03');
    expect(goodFirst('2026-03-05 14:7x')).toBeUndefined();
    expect(goodFirst('2026-03-05 14:60')).toBeUndefined();
  });

  it('keys the minutes of one hour apart when a half-hour zone crosses midnight', () => {
    // Wall times in UTC, periods in Kolkata (+05:30): 18:29 is 23:59 on the 31st, 18:30 is 1 April.
    const keyer = createPeriodKeyer('month', 'ymd', 'Asia/Kolkata');
    expect(keyer('2026-03-31 18:29:59Z')).toBe('2026-03');
    expect(keyer('2026-03-31 18:30:00Z')).toBe('2026-04');
    expect(keyer('2026-03-31 18:29:59Z')).toBe('2026-03');
  });

  it('agrees with parseWallTime + toEpoch + periodKey (property)', () => {
    const zones = ['UTC', 'America/Denver', 'Europe/Berlin', 'Asia/Tokyo', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Chatham'];
    // Days around DST changes, year and quarter ends, and any day (with impossible ones).
    const specialDays: [number, number, number][] = [
      [2026, 3, 8],
      [2026, 11, 1],
      [2026, 3, 29],
      [2026, 10, 25],
      [2026, 4, 5],
      [2026, 10, 4],
      [2026, 12, 31],
      [2027, 1, 1],
      [2026, 3, 31],
      [2026, 4, 1],
      [2024, 2, 29],
      [2026, 2, 29],
    ];
    const day = fc.oneof(fc.constantFrom(...specialDays), fc.tuple(fc.integer({ min: 2016, max: 2030 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })));
    const time = fc.record({
      hour: fc.oneof(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 26 })),
      minute: fc.oneof(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 99 })),
      second: fc.oneof(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 99 })),
    });
    const zoneSuffix = fc.constantFrom('', '', '', 'Z', '+02:00', '-05:30', '+0545', ' GMT+1', ' GMT-5', ' GMT+5:30', ' UTC', '+19:00', '.5Z', '.123');
    const p2 = (n: number): string => String(n).padStart(2, '0');
    type Parts = { y: number; mo: number; d: number; hour: number; minute: number; second: number; zone: string };
    const formats: ((x: Parts) => string)[] = [
      (x) => `${x.y}-${p2(x.mo)}-${p2(x.d)} ${p2(x.hour)}:${p2(x.minute)}:${p2(x.second)}${x.zone}`,
      (x) => `${x.y}-${p2(x.mo)}-${p2(x.d)}T${p2(x.hour)}:${p2(x.minute)}:${p2(x.second)}${x.zone}`,
      (x) => `${x.y}-${p2(x.mo)}-${p2(x.d)} ${p2(x.hour)}:${p2(x.minute)}${x.zone}`,
      (x) => `${x.y}-${p2(x.mo)}-${p2(x.d)}`,
      (x) => `${p2(x.mo)}/${p2(x.d)}/${x.y} ${p2(((x.hour + 11) % 12) + 1)}:${p2(x.minute)}:${p2(x.second)} ${x.hour < 12 ? 'AM' : 'PM'}`,
      (x) => `${x.y}/${p2(x.mo)}/${p2(x.d)} ${x.hour % 13}:${p2(x.minute)}:${p2(x.second)} ${x.hour < 12 ? 'AM' : 'PM'}${x.zone}`,
      (x) => `${x.mo}/${x.d}/${x.y} ${x.hour}:${p2(x.minute)}`,
      (x) => `${x.d}/${x.mo}/${x.y % 100} ${x.hour}:${p2(x.minute)}:${p2(x.second)}`,
      (x) => `${p2(x.d)}.${p2(x.mo)}.${x.y} ${p2(x.hour)}:${p2(x.minute)}`,
      (x) => `${x.d}/${x.mo}/${x.y} ${x.hour}:${x.minute}`, // one-digit minutes: not a date
    ];
    const junk = fc.string({ unit: fc.constantFrom(...'0123456789:/.- TZAPMGU+'.split('')), maxLength: 24 });
    const row = fc.oneof(
      {
        weight: 8,
        arbitrary: fc.tuple(day, time, zoneSuffix, fc.integer({ min: 0, max: formats.length - 1 })).map(([[y, mo, d], t, zone, f]) => formats[f]!({ y, mo, d, ...t, zone })),
      },
      { weight: 1, arbitrary: junk },
    );
    fc.assert(
      fc.property(
        fc.constantFrom<Period>('week', 'month', 'quarter'),
        fc.constantFrom<DateOrder>('ymd', 'mdy', 'dmy'),
        fc.constantFrom(...zones),
        fc.array(row, { minLength: 1, maxLength: 40 }),
        (period, order, tz, rows) => {
          const keyer = createPeriodKeyer(period, order, tz);
          const reference = (raw: string): string | undefined => {
            const w = parseWallTime(raw, order);
            return w === undefined ? undefined : periodKey(toEpoch(w, tz), period, tz);
          };
          // Twice over, so the second pass runs on the caches.
          for (const raw of [...rows, ...rows]) expect(keyer(raw), raw).toBe(reference(raw));
        },
      ),
      { seed: 424242, numRuns: 200 },
    );
  });

  it('agrees with the reference on every minute of the DST nights in Denver and Berlin', () => {
    for (const [tz, date] of [
      ['America/Denver', '2026-03-08'],
      ['America/Denver', '2026-11-01'],
      ['Europe/Berlin', '2026-03-29'],
      ['Europe/Berlin', '2026-10-25'],
      ['Australia/Lord_Howe', '2026-10-04'],
    ] as const) {
      const keyer = createPeriodKeyer('week', 'ymd', tz);
      for (let minute = 0; minute < 24 * 60; minute += 7) {
        const raw = `${date} ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:30`;
        const w = parseWallTime(raw, 'ymd')!;
        expect(keyer(raw), raw).toBe(periodKey(toEpoch(w, tz), 'week', tz));
      }
    }
  });

  it('tells apart texts whose hour buckets share a hash', () => {
    // Same length, same time shape, same hash in the keyer's bucket table (found by search).
    const keyer = createPeriodKeyer('month', 'dmy', 'UTC');
    expect(keyer('09.01.2000 00:22:10')).toBe('2000-01');
    expect(keyer('2014-05-27T18:22:10')).toBe('2014-05');
    expect(keyer('09.01.2000 00:59:59')).toBe('2000-01');
    expect(keyer('2014-05-27T18:00:00')).toBe('2014-05');
  });

  it('rejects a time zone Intl does not know', () => {
    expect(() => createPeriodKeyer('month', 'mdy', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

/** The day/month order of a date column, inferred from its values. */

export type DateOrder = 'ymd' | 'mdy' | 'dmy';

export interface DateOrderGuess {
  order: DateOrder;
  /** True when the data did not decide the order (no field above 12, or mixed orders). */
  ambiguous: boolean;
  /** A short phrase for the output, e.g. "day-first: 18.07.2017 has a day above 12". */
  evidence: string;
}

const YEAR_FIRST_SAMPLE = /^\s*\d{4}([-/.])\d{1,2}\1\d{1,2}(?!\d)/;
const DAY_MONTH_SAMPLE = /^\s*(\d{1,2})([-/.])(\d{1,2})\2(?:\d{4}|\d{2})(?!\d)/;

const ORDER_WORDS: Record<DateOrder, string> = { ymd: 'year-first', mdy: 'month-first', dmy: 'day-first' };

/** Decide the field order of a date column from sample values (all of them, or the first few thousand). */
export function detectDateOrder(samples: Iterable<string>, fallback: DateOrder): DateOrderGuess {
  let dayFirst: string | undefined;
  let dayFirstWhy = '';
  let monthFirst: string | undefined;
  let undecided: string | undefined;
  let yearFirst: string | undefined;
  for (const sample of samples) {
    const dm = DAY_MONTH_SAMPLE.exec(sample);
    if (dm) {
      const a = Number(dm[1]);
      const b = Number(dm[3]);
      const text = dm[0].trim();
      if (a < 1 || b < 1 || a > 31 || b > 31 || (a > 12 && b > 12)) continue; // not a date either way
      if (dm[2] === '.') {
        if (b <= 12 && dayFirst === undefined) {
          dayFirst = text;
          dayFirstWhy = 'uses dots, which are always day-first';
        }
      } else if (a > 12) {
        if (dayFirst === undefined) {
          dayFirst = text;
          dayFirstWhy = 'has a day above 12';
        }
      } else if (b > 12) {
        monthFirst ??= text;
      } else {
        undecided ??= text;
      }
      if (dayFirst !== undefined && monthFirst !== undefined) break;
      continue;
    }
    const yf = YEAR_FIRST_SAMPLE.exec(sample);
    if (yf) yearFirst ??= yf[0].trim();
  }

  // Day-month values need a day/month order even when the caller's fallback is year-first.
  const dayMonthFallback: DateOrder = fallback === 'ymd' ? 'mdy' : fallback;
  if (dayFirst !== undefined && monthFirst !== undefined) {
    return {
      order: dayMonthFallback,
      ambiguous: true,
      evidence: `mixed: ${dayFirst} is day-first but ${monthFirst} is month-first; assumed ${ORDER_WORDS[dayMonthFallback]}`,
    };
  }
  if (dayFirst !== undefined) return { order: 'dmy', ambiguous: false, evidence: `day-first: ${dayFirst} ${dayFirstWhy}` };
  if (monthFirst !== undefined) {
    return { order: 'mdy', ambiguous: false, evidence: `month-first: ${monthFirst} has a day above 12 in the second field` };
  }
  if (undecided !== undefined) {
    return {
      order: dayMonthFallback,
      ambiguous: true,
      evidence: `no field above 12 (e.g. ${undecided}): assumed ${ORDER_WORDS[dayMonthFallback]}`,
    };
  }
  if (yearFirst !== undefined) return { order: 'ymd', ambiguous: false, evidence: `year-first: ${yearFirst}` };
  return { order: fallback, ambiguous: true, evidence: `no dates to decide from: assumed ${ORDER_WORDS[fallback]}` };
}

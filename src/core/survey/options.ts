import { UsageError } from '../errors.js';
import { isValidTimeZone } from './dates/index.js';
import type { ScaleSpec } from './plan/index.js';
import type { MetricName } from './types.js';
import { METRIC_NAMES } from './types.js';
import { wholeNumber } from '../whole-number.js';

/** Survey options shared by `metrics`, `score --survey`, `render --survey` and `report --survey`. */
export interface SurveyOptions {
  by?: string;
  period?: string;
  tz?: string;
  platform?: string;
  column?: string[];
  scale?: string[];
  labels?: string[];
  completeOnly?: boolean;
  /** `--min-n N` (metrics): the fewest answers a KPI figure is judged on; below it, `insufficient`. */
  minN?: string;
}

export function parseColumns(values: readonly string[] = []): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0 || at === value.length - 1) {
      throw new UsageError(`--column takes METRIC=COLUMN, not '${value}'.`, 'For example --column nps=Q1 or --column channel="Custom Data 1".');
    }
    columns[value.slice(0, at).trim().toLowerCase()] = value.slice(at + 1).trim();
  }
  return columns;
}

/** --scale ces=1-7:higher, --scale csat=1-5 */
export function parseScales(values: readonly string[] = []): Partial<Record<MetricName, ScaleSpec>> {
  const scales: Partial<Record<MetricName, ScaleSpec>> = {};
  for (const value of values) {
    const match = /^(nps|csat|ces|fcr)=(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)(?::(higher|lower))?$/i.exec(value.trim());
    const min = Number(match?.[2]);
    const max = Number(match?.[3]);
    if (!match || !(min < max)) {
      throw new UsageError(`--scale takes METRIC=MIN-MAX[:higher|lower], not '${value}'.`, 'For example --scale ces=1-7:higher (CES 2.0) or --scale ces=1-5:lower (CES 1.0).');
    }
    scales[match[1]!.toLowerCase() as MetricName] = { min, max, ...(match[4] ? { higherIsBetter: match[4].toLowerCase() === 'higher' } : {}) };
  }
  return scales;
}

/** --labels "csat=Very unfavourable|Unfavourable|Neutral|Favourable|Very favourable" */
export function parseLabels(values: readonly string[] = []): Partial<Record<MetricName, string[]>> {
  const labels: Partial<Record<MetricName, string[]>> = {};
  for (const value of values) {
    const match = /^\s*(nps|csat|ces|fcr)\s*=(.*)$/is.exec(value);
    const list = match ? match[2]!.split('|').map((label) => label.replace(/\s+/g, ' ').trim()) : [];
    if (!match || list.length < 2 || list.some((label) => label === '')) {
      throw new UsageError(
        `--labels takes METRIC=LOWEST|...|HIGHEST (two labels or more, none empty), not '${value.replace(/\s+/g, ' ').slice(0, 80)}'.`,
        'For example --labels "csat=Very unfavourable|Unfavourable|Neutral|Favourable|Very favourable".',
      );
    }
    labels[match[1]!.toLowerCase() as MetricName] = list;
  }
  return labels;
}

/** `--min-n`: a whole number of 1 or more; default LOW_SAMPLE (30), the low-sample line. */
export function parseMinN(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return wholeNumber(value, '--min-n', 1, 'For example --min-n 10 judges KPIs on 10 answers or more (default 30).');
}

/** Every survey option checked before any file is read (--platform and --period are choices the CLI enforces). */
export function checkSurveyOptions(flags: SurveyOptions): void {
  if (flags.tz !== undefined && !isValidTimeZone(flags.tz)) {
    throw new UsageError(`Unknown time zone '${flags.tz}'.`, 'Use an IANA name such as Europe/Berlin, America/Denver or UTC.');
  }
  for (const key of Object.keys(parseColumns(flags.column))) {
    if (![...METRIC_NAMES, 'channel', 'stage', 'touchpoint', 'date', 'response_id', 'comment'].includes(key)) {
      throw new UsageError(
        `--column does not know '${key}'.`,
        'Name one of nps, csat, ces, fcr, channel, stage, touchpoint, date, response_id, comment; other segments go in --by COLUMN.',
      );
    }
  }
  parseScales(flags.scale);
  parseLabels(flags.labels);
  parseMinN(flags.minN);
}

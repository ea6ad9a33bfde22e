import type { Platform } from './types.js';

export interface ColumnInfo {
  index: number;
  /** The column id users name it by: row-1 header (Qualtrics ids such as Q1, SurveyMonkey question text). */
  id: string;
  /** Question text (Qualtrics row 2, or the header itself). */
  text: string;
  /** Qualtrics row-3 ImportId. */
  importId?: string;
  /** Qualtrics row-3 time zone of date columns. */
  timeZone?: string;
  /**
   * SurveyMonkey: the row-2 label of a matrix row or checkbox choice (the column's id is
   * `Question [Row]`). A user may name the column by this label alone when no other column has it.
   */
  row?: string;
  /** SurveyMonkey: row 2 says `Open-Ended Response` (a free-text question). */
  openEnded?: boolean;
}

export interface Layout {
  platform: Platform;
  /** True when the header signature decided the platform, false when --platform did. */
  detected: boolean;
  /** Records before the first response. */
  headerRows: number;
  columns: ColumnInfo[];
}

const GOOGLE_TIMESTAMP = /^(timestamp|zeitstempel|horodateur|marca temporal|marca de tiempo|informazioni cronologiche|tijdstempel)$/i;

const clean = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** Row-2 cells SurveyMonkey writes under a single-column question. */
const MONKEY_RESPONSE = new Set(['response', 'open-ended response']);
const MONKEY_RESPONDENT = /^respondent ?id$/i;

/**
 * SurveyMonkey's two-row header, told from row 2 itself: at least one `Response` or
 * `Open-Ended Response` cell, and every other filled row-2 cell a choice or matrix-row label,
 * that is under a blank row-1 cell (a later column of a multi-column question) or under the
 * first column of such a question (a row-1 cell followed by a blank one). Metadata columns, when
 * the export has them, are blank in row 2. A first response row never looks like this, so a
 * one-row export whose answers say "Response" is not taken for it.
 */
function isMonkeyHeader(row1: readonly string[], row2: readonly string[]): boolean {
  let responses = 0;
  for (let i = 0; i < row2.length; i++) {
    const sub = row2[i]!;
    if (sub === '') continue;
    if (MONKEY_RESPONSE.has(sub.toLowerCase())) {
      responses++;
      continue;
    }
    const top = row1[i] ?? '';
    const opensGroup = top !== '' && i + 1 < row1.length && (row1[i + 1] ?? '') === '' && (row2[i + 1] ?? '') !== '';
    if (top !== '' && !opensGroup) return false;
  }
  return responses > 0;
}

function signature(records: readonly string[][]): Platform {
  const row1 = (records[0] ?? []).map(clean);
  const row2 = (records[1] ?? []).map(clean);
  const has = (row: string[], ...names: string[]) => names.every((n) => row.includes(n));
  if (has(row1, 'ResponseId') && (row1.includes('StartDate') || row1.includes('RecordedDate'))) return 'qualtrics';
  if (row1[0] === 'V1' && has(row2, 'ResponseID', 'ResponseSet')) return 'qualtrics';
  // 2016 (API v3 before the current layout): ResponseID, ResponseSet, ... in row 1.
  if (has(row1, 'ResponseID', 'ResponseSet')) return 'qualtrics';
  if (has(row1, 'Respondent ID', 'Collector ID')) return 'surveymonkey';
  if (row1.some((c) => MONKEY_RESPONDENT.test(c)) && row2.some((c) => MONKEY_RESPONSE.has(c.toLowerCase()))) return 'surveymonkey';
  if (isMonkeyHeader(row1, row2)) return 'surveymonkey';
  if (row1[0] === '#' && (row1.includes('Submit Date (UTC)') || row1.includes('Network ID'))) return 'typeform';
  if (GOOGLE_TIMESTAMP.test(row1[0] ?? '')) return 'google-forms';
  return 'generic';
}

/** A row-3 time zone: Qualtrics writes `Z` for UTC, which is not an IANA name. */
const zoneOf = (zone: string): string => (/^(z|utc|gmt)$/i.test(zone.trim()) ? 'UTC' : zone);

/** The 2016 layout writes the ImportId row with single quotes: `{'ImportId': 'QID1'}`. */
const SINGLE_QUOTED_FIELD = /['"](ImportId|timeZone)['"]\s*:\s*'([^']*)'/g;

function importIdOf(cell: string | undefined): { importId?: string; timeZone?: string } | undefined {
  if (!cell || !cell.trimStart().startsWith('{')) return undefined;
  let parsed: { ImportId?: unknown; timeZone?: unknown };
  try {
    parsed = JSON.parse(cell) as { ImportId?: unknown; timeZone?: unknown };
  } catch {
    if (!cell.includes("'")) return undefined;
    parsed = {};
    for (const m of cell.matchAll(SINGLE_QUOTED_FIELD)) parsed[m[1] as 'ImportId' | 'timeZone'] = m[2];
    if (parsed.ImportId === undefined && parsed.timeZone === undefined) return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  return {
    ...(typeof parsed.ImportId === 'string' ? { importId: parsed.ImportId } : {}),
    ...(typeof parsed.timeZone === 'string' ? { timeZone: zoneOf(parsed.timeZone) } : {}),
  };
}

/**
 * Platform and header layout from the first records of an export (SURVEY.md "Layouts").
 * `forced` (--platform) overrides the signature but the layout rules of that platform apply.
 */
export function detectLayout(records: readonly string[][], forced?: Platform): Layout {
  const platform = forced ?? signature(records);
  const detected = forced === undefined;
  const row1 = records[0] ?? [];
  const row2 = records[1] ?? [];
  const width = Math.max(row1.length, row2.length);
  const columns: ColumnInfo[] = [];

  if (platform === 'qualtrics' && clean(row1[0]) === 'V1') {
    // Legacy: row 1 V1..Vn then question ids; row 2 the names and question texts.
    for (let i = 0; i < width; i++) {
      const id = clean(row1[i]);
      const text = clean(row2[i]);
      if (id === '' && text === '') continue; // the trailing comma's empty column
      columns.push({ index: i, id: /^V\d+$/.test(id) && text ? text : id || text, text: text || id });
    }
    return { platform, detected, headerRows: 2, columns };
  }
  if (platform === 'qualtrics') {
    const row3 = records[2] ?? [];
    const hasImportIds = row3.some((c) => importIdOf(c) !== undefined);
    for (let i = 0; i < width; i++) {
      const id = clean(row1[i]);
      if (id === '' && clean(row2[i]) === '') continue;
      const meta = hasImportIds ? importIdOf(row3[i]) : undefined;
      columns.push({ index: i, id, text: clean(row2[i]) || id, ...meta });
    }
    return { platform, detected, headerRows: hasImportIds ? 3 : 2, columns };
  }
  if (platform === 'surveymonkey') {
    let question = '';
    for (let i = 0; i < width; i++) {
      const top = clean(row1[i]);
      const sub = clean(row2[i]);
      if (top !== '') question = top;
      // Row 2 says `Response` under single questions and names the choice or matrix row otherwise.
      const single = sub === '' || MONKEY_RESPONSE.has(sub.toLowerCase());
      const id = single ? question : `${question} [${sub}]`;
      columns.push({
        index: i,
        id: id || `column ${i + 1}`,
        text: id || `column ${i + 1}`,
        ...(single ? {} : { row: sub }),
        ...(sub.toLowerCase() === 'open-ended response' ? { openEnded: true } : {}),
      });
    }
    return { platform, detected, headerRows: 2, columns };
  }
  for (let i = 0; i < row1.length; i++) {
    const id = clean(row1[i]);
    columns.push({ index: i, id: id || `column ${i + 1}`, text: id.replace(/<[^>]*>/g, '') || id });
  }
  return { platform, detected, headerRows: 1, columns };
}

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

function signature(records: readonly string[][]): Platform {
  const row1 = (records[0] ?? []).map(clean);
  const row2 = (records[1] ?? []).map(clean);
  const has = (row: string[], ...names: string[]) => names.every((n) => row.includes(n));
  if (has(row1, 'ResponseId') && (row1.includes('StartDate') || row1.includes('RecordedDate'))) return 'qualtrics';
  if (row1[0] === 'V1' && has(row2, 'ResponseID', 'ResponseSet')) return 'qualtrics';
  if (has(row1, 'Respondent ID', 'Collector ID')) return 'surveymonkey';
  if (row1[0] === '#' && (row1.includes('Submit Date (UTC)') || row1.includes('Network ID'))) return 'typeform';
  if (GOOGLE_TIMESTAMP.test(row1[0] ?? '')) return 'google-forms';
  return 'generic';
}

function importIdOf(cell: string | undefined): { importId?: string; timeZone?: string } | undefined {
  if (!cell || !cell.trimStart().startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(cell) as { ImportId?: unknown; timeZone?: unknown };
    return {
      ...(typeof parsed.ImportId === 'string' ? { importId: parsed.ImportId } : {}),
      ...(typeof parsed.timeZone === 'string' ? { timeZone: parsed.timeZone } : {}),
    };
  } catch {
    return undefined;
  }
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
      const id = sub === '' || sub === 'Response' || sub === 'Open-Ended Response' ? question : `${question} [${sub}]`;
      columns.push({ index: i, id, text: id });
    }
    return { platform, detected, headerRows: 2, columns };
  }
  for (let i = 0; i < row1.length; i++) {
    const id = clean(row1[i]);
    columns.push({ index: i, id: id || `column ${i + 1}`, text: id.replace(/<[^>]*>/g, '') || id });
  }
  return { platform, detected, headerRows: 1, columns };
}

/**
 * One cell of a CSV file (RFC 4180) that spreadsheets open safely.
 *
 * - Quoting: a cell with `,` `"` CR or LF, or with leading or trailing whitespace (which some
 *   readers trim), is put in double quotes, with every quote inside doubled.
 * - Formula injection (OWASP "CSV Injection"): text starting with `=` `+` `-` `@`, tab or CR
 *   would run as a formula in Excel, LibreOffice or Google Sheets (`=HYPERLINK(...)`,
 *   `@SUM(...)`, DDE), so it gets a leading `'`, which spreadsheets read as "this is text".
 *   Plain decimal numbers, given as numbers or as strings (`-12.5`, `+1`, `1e3`), are left
 *   alone: they are no formula, and an NPS of -12.5 must stay a number for the spreadsheet.
 * - `null`, `undefined` and non-finite numbers are an empty cell: NaN never reaches a file.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) && !DECIMAL.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A decimal number as spreadsheets read one, without hex, `Infinity` or surrounding space. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

const FORMULA_START = /^[=+\-@\t\r]/;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV record: cells through csvCell, joined by commas, no line ending. */
export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvCell).join(',');
}

import { clip } from '../../clip.js';
import { InputError } from '../../errors.js';
import { didYouMean } from '../../suggest.js';
import type { ColumnInfo, Layout } from '../layout.js';

/** Platform metadata columns: never metrics, dimensions by name only, comments only as text entries. */
export const METADATA = new Set(
  [
    'StartDate',
    'EndDate',
    'Status',
    'IPAddress',
    'Progress',
    'Duration (in seconds)',
    'Finished',
    'RecordedDate',
    'ResponseId',
    'ResponseID',
    'ResponseSet',
    'RecipientLastName',
    'RecipientFirstName',
    'RecipientEmail',
    'ExternalReference',
    'ExternalDataReference',
    'LocationLatitude',
    'LocationLongitude',
    'DistributionChannel',
    'UserLanguage',
    'Name',
    'EmailAddress',
    'Respondent ID',
    'Collector ID',
    'Start Date',
    'End Date',
    'IP Address',
    'Email Address',
    'First Name',
    'Last Name',
    '#',
    'Response Type',
    'Start Date (UTC)',
    'Stage Date (UTC)',
    'Submit Date (UTC)',
    'Network ID',
    'Tags',
    'Timestamp',
    'RespondentID',
    'CollectorID',
    'LastName',
    'Custom Data',
    'Submitted at',
    'Response Date',
  ].map((s) => s.toLowerCase()),
);

export const isMetadata = (c: ColumnInfo): boolean => METADATA.has(c.id.toLowerCase()) || /_TEXT$|_NPS_GROUP$/i.test(c.id);

export function sampleValues(records: readonly string[][], index: number): string[] {
  const values: string[] = [];
  for (const record of records) {
    const v = record[index]?.trim();
    if (v) values.push(v);
  }
  return values;
}

/** A column a name given for it (a flag, the map or the config) does not find: `reference` says which name. */
export class MissingColumnError extends InputError {
  constructor(
    readonly reference: string,
    message: string,
    hint: string,
  ) {
    super(message, hint);
  }
}

export function findColumn(layout: Layout, name: string, what: string): ColumnInfo {
  // Header cells are read with each run of white space (line breaks too) as one space: so is a
  // name given for them, which also keeps a line break in it out of the one-line error below.
  const reference = name.replace(/\s+/g, ' ').trim();
  const lower = reference.toLowerCase();
  const found =
    layout.columns.find((c) => c.id === reference) ??
    layout.columns.find((c) => c.id.toLowerCase() === lower) ??
    layout.columns.find((c) => c.importId !== undefined && c.importId.toLowerCase() === lower) ??
    layout.columns.find((c) => c.text.toLowerCase() === lower) ??
    uniqueRow(layout, lower);
  if (found) return found;
  const suggestion = didYouMean(
    reference,
    layout.columns.map((c) => c.id),
  );
  throw new MissingColumnError(
    reference,
    `No column '${reference}' for ${what.replace(/\s+/g, ' ')} in the export.`,
    `${suggestion ? suggestion + ' ' : ''}Name a column by its id (row-1 header), its question text or its ImportId; columns: ${layout.columns
      .slice(0, 12)
      .map((c) => c.id)
      .join(', ')}${layout.columns.length > 12 ? ', ...' : ''}.`,
  );
}

/** A SurveyMonkey matrix row or choice named by its row-2 label alone, when only one column has it. */
function uniqueRow(layout: Layout, lower: string): ColumnInfo | undefined {
  const matches = layout.columns.filter((c) => c.row !== undefined && c.row.toLowerCase() === lower);
  return matches.length === 1 ? matches[0] : undefined;
}

export function describe(column: ColumnInfo): string {
  return column.text && column.text !== column.id ? `'${column.id}' ("${clip(column.text, 60)}")` : `'${column.id}'`;
}

/** The whole word (or words) of `text` that `pattern` matches: 'satisfied', not 'satisf'. */
export function wordOf(pattern: RegExp, text: string): string | undefined {
  const match = pattern.exec(text);
  if (match === null) return undefined;
  let start = match.index;
  let end = start + match[0].length;
  while (start > 0 && /[\p{L}\p{N}]/u.test(text[start - 1]!)) start--;
  while (end < text.length && /[\p{L}\p{N}]/u.test(text[end]!)) end++;
  return text.slice(start, end).replace(/^[\s_-]+|[\s_-]+$/g, '');
}

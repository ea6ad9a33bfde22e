/** The one diagnostic type every check in journeykit produces. */
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in UTF-16 code units like editors do. */
  column: number;
}

export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * One finding. In a map it has a range and a JSON pointer. In a survey export it has the physical
 * line (column 1) and the column's header in `field`; a finding about the export as a whole, not
 * a place in it, has line and column 0 (as ESLint's file-level messages do).
 */
export interface Diagnostic extends Range {
  /** Namespaced code: `yaml/...`, `schema/...`, `lint/<rule-id>`, `io/...`, `csv/...`, `survey/...`. */
  code: string;
  severity: Severity;
  /** One sentence naming the offending value. */
  message: string;
  /** JSON pointer of the offending node (`""` for the whole document). */
  path: string;
  /** How to fix it. */
  hint?: string;
  /** In a table (a survey export): the header of the column the finding is about. */
  field?: string;
  /** The file, where findings are not grouped in a FileResult (survey warnings across several exports). */
  file?: string;
  /**
   * What identifies the finding across runs when its message does not, taken in place of the
   * message in SARIF's alert fingerprint. Survey warnings have one: a warning about the whole run
   * (its message carries counts: "1 included response has ..." one week, "3 included responses
   * have ..." the next), or a warning about rows, which has no JSON path to tell it apart.
   */
  identity?: string;
}

export interface FileResult {
  /** Path relative to the working directory, POSIX style. */
  file: string;
  diagnostics: Diagnostic[];
  /** The decoded source text, when it could be read (used for code frames). */
  source?: string;
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

export interface ValidationReport {
  files: FileResult[];
  summary: Summary;
}

export const START_OF_FILE: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

export function severityRank(severity: Severity): number {
  return severity === 'error' ? 2 : severity === 'warning' ? 1 : 0;
}

/** Stable order: by line, column, then code and message, so outputs diff well. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

export function summarize(files: readonly FileResult[]): Summary {
  const summary: Summary = { files: files.length, errors: 0, warnings: 0, infos: 0 };
  for (const file of files) {
    for (const d of file.diagnostics) {
      if (d.severity === 'error') summary.errors++;
      else if (d.severity === 'warning') summary.warnings++;
      else summary.infos++;
    }
  }
  return summary;
}

/** JSON pointer (RFC 6901) from path segments. */
export function toPointer(path: readonly (string | number)[]): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** A message with each run of digits as `0`: what stays the same when a count or a value in it changes (alert identity). */
export function withoutNumbers(message: string): string {
  return message.replace(/\d+/g, '0');
}

export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

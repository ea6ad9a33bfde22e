/**
 * Survey warnings are Diagnostics: made here, written in the metrics JSON's own shape (CLI
 * contract: `{code, message, line?, column?, file?}` with `column` the header), read back from
 * it, and turned into a validation report so SARIF and GitHub annotations point into the export.
 */
import type { Diagnostic, FileResult, ValidationReport } from '../diagnostics.js';
import { compareDiagnostics, START_OF_FILE, summarize, toPointer } from '../diagnostics.js';

export interface SurveyWarningInit {
  code: string;
  message: string;
  /** Physical line of the export, 1-based; absent for a warning about the whole run. */
  line?: number;
  /** The column's header. */
  field?: string;
  file?: string;
}

/** A warning as it appears in `journey metrics --format json`. */
export interface MetricsJsonWarning {
  code: string;
  message: string;
  line?: number;
  column?: string;
  file?: string;
}

export function surveyWarning(init: SurveyWarningInit): Diagnostic {
  const line = init.line ?? 0;
  const column = line > 0 ? 1 : 0;
  return {
    code: init.code,
    severity: 'warning',
    message: init.message,
    path: '',
    line,
    column,
    endLine: line,
    endColumn: column,
    ...(init.field !== undefined ? { field: init.field } : {}),
    ...(init.file !== undefined ? { file: init.file } : {}),
  };
}

export function warningToJson(d: Diagnostic): MetricsJsonWarning {
  return {
    code: d.code,
    message: d.message,
    ...(d.line > 0 ? { line: d.line } : {}),
    ...(d.field !== undefined ? { column: d.field } : {}),
    ...(d.file !== undefined ? { file: d.file } : {}),
  };
}

export function warningFromJson(w: MetricsJsonWarning): Diagnostic {
  return surveyWarning({
    code: w.code,
    message: w.message,
    ...(w.line !== undefined ? { line: w.line } : {}),
    ...(w.column !== undefined ? { field: w.column } : {}),
    ...(w.file !== undefined ? { file: w.file } : {}),
  });
}

/**
 * The warnings by export file, for the validate formatters (SARIF, GitHub annotations). A warning
 * without a file belongs to the first export; one without a line marks the start of its file. The
 * column's header leads the message, since annotations show no column names. Sorted by line,
 * like every other report.
 */
export function warningsReport(warnings: readonly Diagnostic[], files: readonly string[]): ValidationReport {
  const byFile = new Map<string, Diagnostic[]>(files.map((file) => [file, []]));
  for (const w of warnings) {
    const file = w.file ?? files[0] ?? '';
    const list = byFile.get(file) ?? [];
    list.push({
      code: w.code,
      severity: w.severity,
      // Where in the table: the physical line, then the column's header (a JSON pointer into the
      // export read as rows of named cells). It tells apart, in SARIF's alert identity, the same
      // bad answer on two rows; a warning about the whole run has the column alone, or nothing.
      path: toPointer([...(w.line > 0 ? [w.line] : []), ...(w.field !== undefined ? [w.field] : [])]),
      ...(w.line > 0 ? { line: w.line, column: w.column, endLine: w.endLine, endColumn: w.endColumn } : START_OF_FILE),
      message: w.field === undefined ? w.message : `Column '${w.field}': ${w.message}`,
      ...(w.line > 0 ? {} : { identity: 'the whole run' }),
    });
    byFile.set(file, list);
  }
  const results: FileResult[] = [...byFile].map(([file, diagnostics]) => ({ file, diagnostics: diagnostics.sort(compareDiagnostics) }));
  return { files: results, summary: summarize(results) };
}

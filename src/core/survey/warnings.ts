/**
 * Survey warnings are Diagnostics: made here, written in the metrics JSON's own shape (CLI
 * contract: `{code, message, line?, column?, file?}` with `column` the header), read back from
 * it, and turned into a validation report so SARIF and GitHub annotations point into the export.
 */
import type { Diagnostic, FileResult, ValidationReport } from '../diagnostics.js';
import { compareDiagnostics, START_OF_FILE, summarize, toPointer, withoutNumbers } from '../diagnostics.js';

export interface SurveyWarningInit {
  code: string;
  message: string;
  /** Physical line of the export, 1-based; absent for a warning about the whole run. */
  line?: number;
  /** The column's header. */
  field?: string;
  file?: string;
  /** For a warning about the whole run, whose message carries counts: what identifies it across runs (see Diagnostic). */
  identity?: string;
}

/** The identity of a warning there is one of per run (`csv/undated`, `csv/more-warnings`, ...). */
export const WHOLE_RUN = 'the whole run';

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
    ...(init.identity !== undefined ? { identity: init.identity } : {}),
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
  // SARIF's alert identity of a warning about rows: its message without numbers, and which of the
  // warnings alike in that file and column it is (two bad answers 'x1' and 'x2' stay two alerts).
  const seen = new Map<string, number>();
  const rowIdentity = (file: string, w: Diagnostic): string => {
    const text = withoutNumbers(w.message);
    const key = JSON.stringify([file, w.code, w.field ?? null, text]);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return `${text} #${occurrence}`;
  };
  const byFile = new Map<string, Diagnostic[]>(files.map((file) => [file, []]));
  for (const w of warnings) {
    const file = w.file ?? files[0] ?? '';
    const list = byFile.get(file) ?? [];
    list.push({
      code: w.code,
      severity: w.severity,
      // The column (by its header), not the row: a row added above must not make every alert below new.
      path: toPointer(w.field !== undefined ? [w.field] : []),
      ...(w.line > 0 ? { line: w.line, column: w.column, endLine: w.endLine, endColumn: w.endColumn } : START_OF_FILE),
      message: w.field === undefined ? w.message : `Column '${w.field}': ${w.message}`,
      identity: w.identity ?? rowIdentity(file, w),
    });
    byFile.set(file, list);
  }
  const results: FileResult[] = [...byFile].map(([file, diagnostics]) => ({ file, diagnostics: diagnostics.sort(compareDiagnostics) }));
  return { files: results, summary: summarize(results) };
}

import type { Diagnostic, ValidationReport } from '../diagnostics.js';
import type { Formatter } from './types.js';

/**
 * The `validate` JSON contract of docs CLI.md. Objects are rebuilt key by key, so the key order
 * is fixed and nothing else leaks into the output (never the file's `source`).
 */
export const json: Formatter = (report) => JSON.stringify(toJson(report), null, 2) + '\n';

export interface JsonDiagnostic {
  code: string;
  severity: Diagnostic['severity'];
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  path: string;
  hint?: string;
}

export interface JsonReport {
  files: { file: string; diagnostics: JsonDiagnostic[] }[];
  summary: { files: number; errors: number; warnings: number; infos: number };
}

export function toJson(report: ValidationReport): JsonReport {
  return {
    files: report.files.map((file) => ({ file: file.file, diagnostics: file.diagnostics.map(toJsonDiagnostic) })),
    summary: {
      files: report.summary.files,
      errors: report.summary.errors,
      warnings: report.summary.warnings,
      infos: report.summary.infos,
    },
  };
}

function toJsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    path: d.path,
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
  };
}

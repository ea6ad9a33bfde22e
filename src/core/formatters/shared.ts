import type { FileResult, Summary } from '../diagnostics.js';
import { plural } from '../output/plural.js';

/** `2 errors, 1 warning, 0 infos`. */
export function countsText(summary: Summary): string {
  return [plural(summary.errors, 'error'), plural(summary.warnings, 'warning'), plural(summary.infos, 'info')].join(', ');
}

export function problemCount(summary: Summary): number {
  return summary.errors + summary.warnings + summary.infos;
}

export function filesWithFindings(files: readonly FileResult[]): number {
  return files.filter((file) => file.diagnostics.length > 0).length;
}

/** `in 2 of 5 files`. */
export function filesText(files: readonly FileResult[], summary: Summary): string {
  return `in ${filesWithFindings(files)} of ${plural(summary.files, 'file')}`;
}

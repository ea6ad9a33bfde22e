import type { Severity } from '../diagnostics.js';
import { escapeCommandData, escapeCommandProperty } from '../escape/github.js';
import type { Formatter } from './types.js';

const COMMANDS: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands, one annotation per finding. Nothing else is printed (no
 * summary), so stdout stays pure commands; no findings gives empty output.
 */
export const github: Formatter = (report) => {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      const properties = [
        `file=${escapeCommandProperty(file.file)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeCommandProperty(d.code)}`,
      ].join(',');
      const message = d.hint === undefined ? d.message : `${d.message}\nhint: ${d.hint}`;
      lines.push(`::${COMMANDS[d.severity]} ${properties}::${escapeCommandData(message)}`);
    }
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
};

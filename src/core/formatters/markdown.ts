import type { Diagnostic, Severity } from '../diagnostics.js';
import { escapeMarkdownCell as cell } from '../escape/markdown.js';
import { countsText, filesText, problemCount } from './shared.js';
import { plural } from '../output/plural.js';
import type { Formatter } from './types.js';

const SEVERITIES: Readonly<Record<Severity, string>> = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' };

/**
 * GitHub-flavoured Markdown for job summaries (`$GITHUB_STEP_SUMMARY`) and pull-request
 * comments: a heading, a summary line and one table row per finding. Every piece of text from a
 * map goes through escapeMarkdownCell, so a map cannot inject markup, links, mentions or HTML.
 */
export const markdown: Formatter = (report) => {
  const { summary } = report;
  const out = ['### journeykit validate', ''];
  if (problemCount(summary) === 0) {
    out.push(`✅ ${plural(summary.files, 'file')} checked, no problems`);
    return out.join('\n') + '\n';
  }
  out.push(`**${countsText(summary)}** ${filesText(report.files, summary)}`, '');
  out.push('| Severity | File | Line | Code | Message |', '| --- | --- | --- | --- | --- |');
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      out.push(`| ${SEVERITIES[d.severity]} | ${cell(file.file)} | ${d.line}:${d.column} | ${codeCell(d.code)} | ${messageCell(d)} |`);
    }
  }
  return out.join('\n') + '\n';
};

/** Codes are identifiers (`lint/unknown-persona`): shown as code unless they could break out. */
function codeCell(code: string): string {
  return /^[A-Za-z0-9/_.-]+$/.test(code) ? `\`${code}\`` : cell(code);
}

function messageCell(d: Diagnostic): string {
  return cell(d.message) + (d.hint === undefined ? '' : ` — ${cell(d.hint)}`);
}

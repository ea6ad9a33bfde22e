import type { Diagnostic, FileResult } from '../diagnostics.js';
import { escapeXmlAttribute as attr, escapeXmlText as text } from '../escape/xml.js';
import type { Formatter } from './types.js';

/**
 * JUnit XML for CI test reports: one test suite per file, one test case per finding.
 *
 * Only errors are failures. Warnings and infos are passing test cases whose text goes into
 * `<system-out>`, so CI test views list them without failing the build; whether warnings fail
 * the job is `--fail-on` / `--max-warnings`' business (the exit code), not the report's.
 * A file without findings gets one passing test case named `valid`, so every file shows up.
 */
export const junit: Formatter = (report) => {
  const suites = report.files.map(suite);
  const tests = suites.reduce((sum, s) => sum + s.tests, 0);
  const failures = suites.reduce((sum, s) => sum + s.failures, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="journeykit" tests="${tests}" failures="${failures}" errors="0">`,
    ...suites.flatMap((s) => s.lines),
    '</testsuites>',
    '',
  ].join('\n');
};

function suite(file: FileResult): { tests: number; failures: number; lines: string[] } {
  const name = attr(file.file);
  const cases = file.diagnostics.length === 0 ? [`    <testcase classname="${name}" name="valid"/>`] : file.diagnostics.flatMap((d) => testCase(file.file, d));
  const tests = Math.max(1, file.diagnostics.length);
  const failures = file.diagnostics.filter((d) => d.severity === 'error').length;
  return {
    tests,
    failures,
    lines: [`  <testsuite name="${name}" tests="${tests}" failures="${failures}" errors="0">`, ...cases, '  </testsuite>'],
  };
}

function testCase(file: string, d: Diagnostic): string[] {
  const location = `${file}:${d.line}:${d.column}`;
  const hint = d.hint === undefined ? '' : `\nhint: ${d.hint}`;
  const open = `    <testcase classname="${attr(file)}" name="${attr(`${d.code} at ${d.line}:${d.column}`)}">`;
  const body =
    d.severity === 'error'
      ? `      <failure type="${attr(d.code)}" message="${attr(d.message)}">${text(`${location} ${d.message}${hint}`)}</failure>`
      : `      <system-out>${text(`${location} ${d.severity}: ${d.message}${hint}`)}</system-out>`;
  return [open, body, '    </testcase>'];
}

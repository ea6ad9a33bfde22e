import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../diagnostics.js';
import { suggest } from '../suggest.js';
import type { SourceMap } from '../yaml/source-map.js';
import type { Finding } from './keywords.js';
import { fromAnyOf, fromError, isBranchOf } from './keywords.js';
import type { Label } from './label.js';
import { labeller } from './label.js';

/**
 * Turns ajv's raw errors into one finding per real problem: `if` and composite noise dropped,
 * `anyOf` branches folded into one message, unknown keys reported at the key with suggestions,
 * a missing required key that matches a misspelt unknown key merged into that one finding.
 */
export function humanizeErrors(errors: readonly ErrorObject[], data: unknown, sourceMap: SourceMap, source: string): Diagnostic[] {
  const findings = findingsOf(errors, labeller(data));
  return locate(withoutMisspeltRequired(findings), sourceMap, source);
}

/** One finding per error that is not the noise of `if`, `allOf` or a branch of a composite. */
function findingsOf(errors: readonly ErrorObject[], label: Label): Finding[] {
  const composites = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const isBranchError = (e: ErrorObject): boolean => composites.some((c) => c !== e && isBranchOf(e, c));
  const findings: Finding[] = [];
  for (const error of errors) {
    if (error.keyword === 'if' || error.keyword === 'allOf') continue;
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf' && isBranchError(error)) continue;
    const finding = error.keyword === 'anyOf' || error.keyword === 'oneOf' ? fromAnyOf(error, errors, label) : fromError(error, label);
    if (finding) findings.push(finding);
  }
  return findings;
}

/** An unknown key that is a misspelling of a missing required key is one problem, not two. */
function withoutMisspeltRequired(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => {
    if (f.code !== 'schema/required') return true;
    const missing = f.segments[f.segments.length - 1];
    const parent = f.segments.slice(0, -1).join('/');
    return !findings.some(
      (u) =>
        u.code === 'schema/unknown-key' &&
        u.segments.slice(0, -1).join('/') === parent &&
        missing !== undefined &&
        suggest(u.segments[u.segments.length - 1]!, [missing]).length > 0,
    );
  });
}

/** The findings as diagnostics at their place in the source, each reported once. */
function locate(findings: readonly Finding[], sourceMap: SourceMap, source: string): Diagnostic[] {
  // An empty id breaks both minLength and the slug pattern: "must not be empty" says it all.
  const empties = new Set(findings.filter((f) => f.code === 'schema/min-length').map((f) => f.path));
  const seen = new Set<string>();
  const lines = source.split(/\r\n|\r|\n/);
  const result: Diagnostic[] = [];
  for (const f of findings) {
    if (f.code === 'schema/pattern' && empties.has(f.path)) continue;
    const key = `${f.path}\u0000${f.code}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { at, segments, ...rest } = f;
    let range = sourceMap.locate(segments, at);
    if (f.code === 'schema/required' || range.endLine > range.line) {
      // A whole mapping spans many lines: underline its first line only.
      const lineText = lines[range.line - 1] ?? '';
      range = { ...range, endLine: range.line, endColumn: Math.max(range.column + 1, lineText.trimEnd().length + 1) };
    }
    result.push({ ...rest, severity: 'error', ...range });
  }
  return result;
}

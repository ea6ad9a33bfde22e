import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Diagnostic, Severity } from '../diagnostics.js';
import { severityRank, withoutNumbers } from '../diagnostics.js';
import type { RuleMeta } from '../rules/rule.js';
import type { Formatter } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/journeykit/journeykit';
export const RULES_DOC_URI = 'https://github.com/journeykit/journeykit/blob/main/docs/rules.md';
export const FINGERPRINT_KEY = 'journeykitFingerprint/v2';
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

const LEVELS: Readonly<Record<Severity, Level>> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it. File URIs are relative to `%SRCROOT%`, which
 * is left without an absolute URI (a formatter does not know the working directory; GitHub
 * resolves it against the repository checkout).
 */
export const sarif: Formatter = (report, options) => {
  const used = new Map<string, Severity>();
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      const seen = used.get(d.code);
      if (seen === undefined || severityRank(d.severity) > severityRank(seen)) used.set(d.code, d.severity);
    }
  }
  const lintRules = [...options.rules].sort((a, b) => compare(a.id, b.id)).map(lintDescriptor);
  const described = new Set(lintRules.map((rule) => rule.id));
  const otherRules = [...used]
    .filter(([code]) => !described.has(code))
    .sort(([a], [b]) => compare(a, b))
    .map(([code, severity]) => codeDescriptor(code, severity));
  const rules = [...lintRules, ...otherRules];
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));

  const results = report.files.flatMap((file) =>
    file.diagnostics.map((d): Result => ({
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code)!,
      level: LEVELS[d.severity],
      message: { text: d.hint === undefined ? d.message : `${d.message}\n${d.hint}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: fileUri(file.file), uriBaseId: SRCROOT },
            region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(file.file, d) },
    })),
  );

  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'journeykit',
            ...(options.version !== '' ? { version: options.version } : {}),
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        results,
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: {
          [SRCROOT]: { description: { text: 'The working directory `journey validate` ran in.' } },
        },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};

/**
 * Alert identity across runs: code, file, JSON path and message, deliberately not the line, so
 * an alert survives lines added above it. The message's numbers are left out (each run of digits
 * counts as one `0`): a value still wrong at the same place, or a count that changes, is the same
 * alert. A finding with an `identity` has it taken instead of its message. Two findings that
 * agree on all four are one alert. v2: v1 took the message's numbers in.
 */
export function fingerprint(file: string, d: Pick<Diagnostic, 'code' | 'path' | 'message' | 'identity'>): string {
  const message = d.identity ?? withoutNumbers(d.message);
  // Loaded at first use: a run that prints no SARIF does not load node:crypto (cold start).
  return process.getBuiltinModule('node:crypto').createHash('sha256').update([d.code, file, d.path, message].join('\u0000')).digest('hex');
}

/** A relative URI reference: each path segment percent-encoded (spaces, `#`, `%`, `:`, non-ASCII). */
export function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function lintDescriptor(meta: RuleMeta): ReportingDescriptor {
  return {
    id: `lint/${meta.id}`,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: meta.docs },
    helpUri: `${RULES_DOC_URI}#${meta.id}`,
    defaultConfiguration: { level: LEVELS[meta.severity] },
  };
}

const NAMESPACES: Readonly<Record<string, { label: string; description: string }>> = {
  yaml: { label: 'YAML', description: 'The file is not YAML journeykit can read: a syntax error, or a construct maps do not allow.' },
  schema: {
    label: 'Schema',
    description: 'The map does not match the journey-map JSON Schema (`journey schema` prints it).',
  },
  csv: { label: 'Survey export', description: 'A value, row or column of a survey export that could not be counted as it stands.' },
  survey: { label: 'Survey', description: 'The survey export and the journey map do not line up.' },
  io: { label: 'Input', description: 'The file could not be read or decoded as text.' },
  lint: { label: 'Lint', description: 'A lint rule that this run did not describe.' },
};

/** Codes outside the lint rules (`yaml/...`, `schema/...`, `io/...`, `csv/...`, `survey/...`): described from the code. */
function codeDescriptor(code: string, severity: Severity): ReportingDescriptor {
  const slash = code.indexOf('/');
  const namespace = slash > 0 ? NAMESPACES[code.slice(0, slash)] : undefined;
  const rest = code.slice(slash + 1).replace(/[-/]/g, ' ');
  return {
    id: code,
    name: pascalCase(code),
    shortDescription: { text: namespace ? `${namespace.label}: ${rest}.` : code },
    ...(namespace ? { fullDescription: { text: namespace.description } } : {}),
    // These codes have no configured severity; the most severe one reported stands in.
    defaultConfiguration: { level: LEVELS[severity] },
  };
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

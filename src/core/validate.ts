import type { ResolvedConfig, RuleSetting } from './config.js';
import type { Diagnostic, FileResult, Severity, ValidationReport } from './diagnostics.js';
import { compareDiagnostics, summarize, toPointer } from './diagnostics.js';
import type { JourneyMap } from './model.js';
import type { Rule, RunMap } from './rules/rule.js';
import type { SchemaValidator } from './schema/validator.js';
import { decodeSource } from './yaml/decode.js';
import type { YamlLimits } from './yaml/parse.js';
import { DEFAULT_YAML_LIMITS, parseYaml } from './yaml/parse.js';
import type { SourceMap } from './yaml/source-map.js';

/** A file as the IO layer read it: its bytes, or a diagnostic saying why it could not be read. */
export type InputFile =
  | { file: string; bytes: Uint8Array }
  | { file: string; diagnostic: Diagnostic };

export interface ValidateOptions {
  config: ResolvedConfig;
  schema: SchemaValidator;
  rules: readonly Rule[];
  limits?: YamlLimits;
  /** Called after each file is parsed and schema-checked (the long part of a large run). */
  onFileLoaded?: () => void;
}

export interface LoadedDocument {
  file: string;
  source?: string;
  value: unknown;
  sourceMap?: SourceMap;
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  limits?: YamlLimits;
  /** What an empty file should have held (the default speaks of a journey map). */
  emptyHint?: string;
}

/** Decode, parse and schema-check one file. */
export function loadDocument(input: InputFile, schema: SchemaValidator, { limits = DEFAULT_YAML_LIMITS, emptyHint }: LoadOptions = {}): LoadedDocument {
  if ('diagnostic' in input) return { file: input.file, value: undefined, diagnostics: [input.diagnostic] };
  const decoded = decodeSource(input.bytes);
  if (!decoded.ok) return { file: input.file, value: undefined, diagnostics: [decoded.diagnostic] };
  const source = decoded.text;
  const parsed = parseYaml(source, limits);
  if (parsed.value === undefined || parsed.diagnostics.length > 0) {
    const diagnostics = emptyHint === undefined ? parsed.diagnostics : parsed.diagnostics.map((d) => (d.code === 'yaml/empty' ? { ...d, hint: emptyHint } : d));
    return { file: input.file, source, value: undefined, diagnostics };
  }
  const diagnostics = schema.validate(parsed.value, parsed.sourceMap, source);
  // A file whose document is not a mapping is not a journey map (nor a config) at all: its text
  // is kept out of the findings, so no code frame prints it into a log or a comment.
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    return { file: input.file, value: parsed.value, diagnostics };
  }
  return { file: input.file, source, value: parsed.value, sourceMap: parsed.sourceMap, diagnostics };
}

/** The severity a rule runs at under this config, or undefined when it is off. */
export function ruleSeverity(rule: Rule, config: ResolvedConfig): Severity | undefined {
  const setting: RuleSetting = config.rules?.[rule.meta.id] ?? rule.meta.severity;
  return setting === 'off' ? undefined : setting;
}

/**
 * Validates the files of one run: YAML, schema, then the lint rules over every map that passed
 * the schema (rules see the whole run for cross-file checks). Pure: files arrive as bytes.
 */
export function validateFiles(inputs: readonly InputFile[], options: ValidateOptions): ValidationReport {
  return validateRun(inputs, options).report;
}

/** `validateFiles`, also returning the maps that passed the schema (for commands that go on to use them). */
export function validateRun(inputs: readonly InputFile[], options: ValidateOptions): { report: ValidationReport; maps: readonly RunMap[] } {
  const documents = inputs.map((input) => {
    const document = loadDocument(input, options.schema, options.limits ? { limits: options.limits } : {});
    options.onFileLoaded?.();
    return document;
  });
  const run: RunMap[] = documents
    .filter((d) => d.sourceMap && d.diagnostics.length === 0)
    .map((d) => ({ file: d.file, map: d.value as JourneyMap }));
  const byFile = new Map(documents.map((d) => [d.file, d]));

  const active = options.rules
    .map((rule) => ({ rule, severity: ruleSeverity(rule, options.config) }))
    .filter((r): r is { rule: Rule; severity: Severity } => r.severity !== undefined);

  for (const runMap of run) {
    const document = byFile.get(runMap.file)!;
    for (const { rule, severity } of active) {
      for (const finding of rule.check({ map: runMap.map, file: runMap.file, config: options.config, run })) {
        document.diagnostics.push({
          code: `lint/${rule.meta.id}`,
          severity,
          message: finding.message,
          ...(finding.hint !== undefined ? { hint: finding.hint } : {}),
          path: toPointer(finding.path),
          ...document.sourceMap!.locate(finding.path, finding.at ?? 'value'),
        });
      }
    }
  }

  const files = documents.map(fileResult);
  return { report: { files, summary: summarize(files) }, maps: run };
}

/** A loaded document's findings, sorted, with the source the formatters quote from. */
export function fileResult(document: LoadedDocument): FileResult {
  return {
    file: document.file,
    diagnostics: [...document.diagnostics].sort(compareDiagnostics),
    ...(document.source !== undefined ? { source: document.source } : {}),
  };
}

/** Keep only errors (`--quiet`), recomputing the summary. */
export function onlyErrors(report: ValidationReport): ValidationReport {
  const files = report.files.map((f) => ({ ...f, diagnostics: f.diagnostics.filter((d) => d.severity === 'error') }));
  return { files, summary: summarize(files) };
}

export interface FailurePolicy {
  failOn: 'error' | 'warning';
  maxWarnings?: number;
}

/** Exit code 1 when findings reach the failure level or warnings exceed --max-warnings. */
export function reportFails(report: ValidationReport, policy: FailurePolicy): boolean {
  const { errors, warnings } = report.summary;
  if (errors > 0) return true;
  if (policy.failOn === 'warning' && warnings > 0) return true;
  return policy.maxWarnings !== undefined && warnings > policy.maxWarnings;
}

import type { ResolvedConfig, RuleSetting } from './config.js';
import type { Diagnostic, FileResult, Severity, ValidationReport } from './diagnostics.js';
import { compareDiagnostics, fromPointer, summarize, toPointer } from './diagnostics.js';
import type { JourneyMap } from './model.js';
import type { PathSegment, Rule, RunMap } from './rules/rule.js';
import type { SchemaValidator } from './schema/validator.js';
import { decodeSource } from './yaml/decode.js';
import { parseYamlFast } from './yaml/fast.js';
import type { ParsedYaml, YamlLimits } from './yaml/parse.js';
import { DEFAULT_YAML_LIMITS, parseYaml } from './yaml/parse.js';
import { SourceMap } from './yaml/source-map.js';

/** A file as the IO layer read it: its bytes, or a diagnostic saying why it could not be read. */
export type InputFile = { file: string; bytes: Uint8Array } | { file: string; diagnostic: Diagnostic };

export interface ValidateOptions {
  config: ResolvedConfig;
  schema: SchemaValidator;
  rules: readonly Rule[];
  limits?: YamlLimits;
  /** Parse every file with positions, never through the fast reader (the reference the fast path is tested against). */
  alwaysPositions?: boolean;
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
  /** Parse with positions, never through the fast reader. */
  alwaysPositions?: boolean;
}

/** Decode, parse and schema-check one file. */
export function loadDocument(input: InputFile, schema: SchemaValidator, { limits = DEFAULT_YAML_LIMITS, emptyHint, alwaysPositions = false }: LoadOptions = {}): LoadedDocument {
  if ('diagnostic' in input) return { file: input.file, value: undefined, diagnostics: [input.diagnostic] };
  const decoded = decodeSource(input.bytes);
  if (!decoded.ok) return { file: input.file, value: undefined, diagnostics: [decoded.diagnostic] };
  const source = decoded.text;
  const parsed = alwaysPositions ? parseYaml(source, limits) : readYaml(source, limits);
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

/** The positions of `source`, worked out by the full parser only when a finding first asks for one. */
function positionsLater(source: string, limits: YamlLimits): SourceMap {
  return SourceMap.deferred(() => parseYaml(source, limits).sourceMap);
}

/**
 * The file's value, through the fast reader when it can read it (no positions: they are worked
 * out only if a finding needs one) and through the full parser otherwise.
 */
function readYaml(source: string, limits: YamlLimits): ParsedYaml {
  const fast = parseYamlFast(source, limits);
  if (fast === undefined) return parseYaml(source, limits);
  return { value: fast.value, sourceMap: positionsLater(source, limits), diagnostics: [] };
}

/** The severity a rule runs at under this config, or undefined when it is off. */
export function ruleSeverity(rule: Rule, config: ResolvedConfig): Severity | undefined {
  const setting: RuleSetting = config.rules?.[rule.meta.id] ?? rule.meta.severity;
  return setting === 'off' ? undefined : setting;
}

/**
 * Validates the files of one run: YAML, schema, then the lint rules (rules see the whole run for
 * cross-file checks). A map the schema rejected in part is linted too, on the part that passed
 * (see `pruneMap`), so one run reports every mistake it can. Pure: files arrive as bytes.
 */
export function validateFiles(inputs: readonly InputFile[], options: ValidateOptions): ValidationReport {
  return validateRun(inputs, options).report;
}

/** `validateFiles`, also returning the maps that passed the schema whole (for commands that go on to use them). */
export function validateRun(inputs: readonly InputFile[], options: ValidateOptions): { report: ValidationReport; maps: readonly RunMap[] } {
  const documents = inputs.map((input) => {
    const document = loadDocument(input, options.schema, {
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.alwaysPositions ? { alwaysPositions: true } : {}),
    });
    options.onFileLoaded?.();
    return document;
  });
  return lintDocuments(documents, options);
}

/**
 * A loaded document as plain data (for a worker thread to send back): its source map is left
 * out, and `located` says whether it had one.
 */
export type TransferredDocument = Omit<LoadedDocument, 'sourceMap'> & { located: boolean };

export function toTransferred({ sourceMap, ...document }: LoadedDocument): TransferredDocument {
  return { ...document, located: sourceMap !== undefined };
}

/** A document loaded elsewhere, its source map rebuilt from its source when a finding needs it. */
export function fromTransferred({ located, ...document }: TransferredDocument, limits: YamlLimits = DEFAULT_YAML_LIMITS): LoadedDocument {
  if (!located || document.source === undefined) return document;
  const source = document.source;
  return { ...document, sourceMap: positionsLater(source, limits) };
}

/** The rules over documents already loaded (in this thread or in workers), in their order: `validateRun`'s second half. */
export function lintDocuments(documents: readonly LoadedDocument[], options: ValidateOptions): { report: ValidationReport; maps: readonly RunMap[] } {
  const maps: RunMap[] = documents.filter((d) => d.sourceMap && d.diagnostics.length === 0).map((d) => ({ file: d.file, map: d.value as JourneyMap }));
  // What the rules see: the maps that passed whole, and the part that passed of the others.
  const run: RunMap[] = documents.flatMap((d): RunMap[] => {
    if (!d.sourceMap) return [];
    const errors = d.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    if (errors.length === 0) return [{ file: d.file, map: d.value as JourneyMap }];
    const pruned = pruneMap(
      d.value,
      errors.map((e) => e.path ?? ''),
      options.schema,
      d.sourceMap,
      d.source ?? '',
    );
    return pruned === undefined ? [] : [{ file: d.file, map: pruned.map, pruned: pruned.parts }];
  });
  const byFile = new Map(documents.map((d) => [d.file, d]));

  const active = options.rules
    .map((rule) => ({ rule, severity: ruleSeverity(rule, options.config) }))
    .filter((r): r is { rule: Rule; severity: Severity } => r.severity !== undefined);

  for (const runMap of run) {
    const document = byFile.get(runMap.file)!;
    // Where the schema already spoke, a rule does not speak again.
    const schemaPaths = new Set(document.diagnostics.map((d) => d.path));
    const pruned = runMap.pruned;
    for (const { rule, severity } of active) {
      if (pruned !== undefined && (rule.meta.needsComplete ?? []).some((part) => pruned.has(part))) continue;
      for (const finding of rule.check({ map: runMap.map, file: runMap.file, config: options.config, run })) {
        const path = toPointer(finding.path);
        if (pruned !== undefined && schemaPaths.has(path)) continue;
        document.diagnostics.push({
          code: `lint/${rule.meta.id}`,
          severity,
          message: finding.message,
          ...(finding.hint !== undefined ? { hint: finding.hint } : {}),
          path,
          ...document.sourceMap!.locate(finding.path, finding.at ?? 'value'),
        });
      }
    }
  }

  const files = documents.map(fileResult);
  return { report: { files, summary: summarize(files) }, maps };
}

/** The entity lists of a map: a rejected item of one of them is left out whole. */
const ENTITY_LISTS: Readonly<Record<string, readonly string[]>> = {
  personas: [],
  stages: ['touchpoints'],
  touchpoints: ['pain_points', 'opportunities', 'kpis'],
  pain_points: [],
  opportunities: [],
  kpis: [],
};

/**
 * What to leave out for a schema error at `segments`: the innermost entity (persona, stage,
 * touchpoint, pain point, opportunity, KPI) that holds it, so every entity the rules see is
 * whole and well-typed; else the top-level field that holds it. `parts` are the MapParts that
 * leaving it out makes incomplete (a stage takes its touchpoints and all they hold along).
 */
function pruneTarget(segments: readonly string[]): { path: PathSegment[]; parts: string[] } | undefined {
  const top = segments[0];
  if (top === undefined) return undefined;
  let target: { path: PathSegment[]; list: string } | undefined;
  let lists: readonly string[] = ['personas', 'stages'];
  for (let i = 0; i + 1 < segments.length; i++) {
    const key = segments[i]!;
    const index = segments[i + 1]!;
    if (!lists.includes(key) || !/^(0|[1-9][0-9]*)$/.test(index)) break;
    target = { path: [...(target?.path ?? []), key, Number(index)], list: key };
    lists = ENTITY_LISTS[key] ?? [];
    // The next list must follow directly: stages/0/touchpoints/1/pain_points/2.
    if (i + 2 < segments.length && !lists.includes(segments[i + 2]!)) break;
    i++;
  }
  if (target === undefined) return { path: [top], parts: [top] };
  const parts: string[] = [];
  const collect = (list: string): void => {
    parts.push(list);
    for (const inner of ENTITY_LISTS[list] ?? []) collect(inner);
  };
  collect(target.list);
  return { path: target.path, parts };
}

/**
 * The part of a map that passed the schema: a copy without the entities and top-level fields
 * the schema errors point into, with the parts that were left out. A rejected list item leaves
 * a hole at its index, so the rest keep the paths (and the findings the locations) of the file.
 * Undefined when nothing well-typed is left: an error at the top level itself, in a required
 * top-level field (`id`, `title`, `stages`...), or a remainder the schema still rejects.
 */
export function pruneMap(
  value: unknown,
  errorPointers: readonly string[],
  schema: SchemaValidator,
  sourceMap: SourceMap,
  source: string,
): { map: JourneyMap; parts: ReadonlySet<string> } | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const targets: { path: PathSegment[]; parts: string[] }[] = [];
  for (const pointer of errorPointers) {
    const target = pruneTarget(fromPointer(pointer));
    if (target === undefined) return undefined;
    targets.push(target);
  }
  const copy = structuredClone(value) as Record<string, unknown>;
  const parts = new Set<string>();
  for (const target of targets) {
    if (removeAt(copy, target.path)) for (const part of target.parts) parts.add(part);
  }
  // The remainder, holes closed up, must pass the schema: else the rules could meet a value of
  // a type they do not expect, and the map is left to the schema's findings alone.
  try {
    if (schema.validate(compact(copy), sourceMap, source).length > 0) return undefined;
  } catch {
    return undefined;
  }
  return { map: copy as unknown as JourneyMap, parts };
}

/** Deletes the node at `path` (a list item becomes a hole); false when it was not there. */
function removeAt(root: Record<string, unknown>, path: readonly PathSegment[]): boolean {
  let node: unknown = root;
  for (const segment of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[String(segment)];
  }
  const last = path[path.length - 1];
  if (last === undefined || node === null || typeof node !== 'object') return false;
  const holder = node as Record<string, unknown>;
  if (!Object.hasOwn(holder, String(last))) return false;
  delete holder[String(last)];
  return true;
}

/** A copy with the holes of every list closed up (what the schema is asked about). */
function compact(node: unknown): unknown {
  if (Array.isArray(node)) return node.filter(() => true).map(compact);
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, compact(child)]));
  }
  return node;
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

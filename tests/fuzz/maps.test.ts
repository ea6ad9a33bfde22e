/**
 * Fuzz tests of the map commands (issue 7): mutated and generated journey maps through
 * `validate`, `score`, `render --format mmd` and `diff`, in-process. Every run must end with a
 * diagnostic and exit 0, 1 or 2: no stack trace, no internal error, no NaN or Infinity in the
 * output, no hang. Seeded and time-boxed so they fit the normal test run: each property stops
 * after its run count or its time budget, whichever comes first (an interrupted property
 * passes; a failing run fails with its seed and counterexample).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { mapSchemaValidator } from '../../src/io/schemas.js';
import { diffFormatters } from '../../src/core/diff/formatters/index.js';
import type { DiffSide } from '../../src/core/diff/model.js';
import { buildDiffReport, diffFile } from '../../src/core/diff/model.js';
import type { DiffReport, FileDiff } from '../../src/core/diff/types.js';
import { views } from '../../src/core/mermaid/index.js';
import type { JourneyMap } from '../../src/core/model.js';
import { STANDARD_CHANNELS, touchpointsOf } from '../../src/core/model.js';
import { rules } from '../../src/core/rules/index.js';
import { scoreJourney } from '../../src/core/score/model.js';
import { DEFAULT_SCORING } from '../../src/core/score/settings.js';
import type { ScoreReport } from '../../src/core/score/types.js';
import type { MetricSet, MetricsReport } from '../../src/core/survey/types.js';
import { validateRun } from '../../src/core/validate.js';
import type { CliResult } from '../cli/harness.js';
import { REPO_ROOT, VALID_MAP, runCli, workspace } from '../cli/harness.js';
import { csat, fcr, metricsReport, nps } from '../core/score/helpers.js';
import { RUN_LIMIT_MS, assertWithin } from './budget.js';

const MAP_SCHEMA = await mapSchemaValidator();

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

/** One decimal, as the diff rounds scores. */
const round1 = (x: number) => Math.round(x * 10) / 10;

const VIEW_IDS = ['journey', 'emotion', 'blueprint', 'priority', 'stages'] as const;
const DIFF_FORMATS = ['json', 'text', 'markdown'] as const;

// ---------------------------------------------------------------------------------------------
// The corpus: every example map and map fixture.

function mapFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.journey\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

const CORPUS: readonly string[] = [
  ...mapFilesUnder(path.join(REPO_ROOT, 'examples')),
  ...mapFilesUnder(path.join(REPO_ROOT, 'tests', 'fixtures', 'maps')),
  ...mapFilesUnder(path.join(REPO_ROOT, 'tests', 'fixtures', 'mermaid')),
  ...mapFilesUnder(path.join(REPO_ROOT, 'tests', 'fixtures', 'diff')),
].map((file) => readFileSync(file, 'utf8'));

// ---------------------------------------------------------------------------------------------
// Invariants of every run.

/** What a crash looks like on stderr: a stack frame, a JS error class, an internal error. */
const CRASH = /\n\s+at |TypeError|RangeError|ReferenceError|Cannot read properties|internal error|Maximum call stack/;
/** Words a computed number turns into when it goes wrong. */
const BAD_WORDS = ['NaN', 'Infinity', 'undefined'] as const;

/** Runs the CLI and checks what holds for every run, whatever the input. */
async function cli(argv: string[], cwd: string): Promise<CliResult> {
  const started = performance.now();
  const result = await runCli(argv, { cwd });
  const elapsed = performance.now() - started;
  const what = `journey ${argv.join(' ')}`;
  expect([0, 1, 2], `${what}: exit code\n${result.stderr}`).toContain(result.code);
  expect(result.stderr, `${what}: crashed`).not.toMatch(CRASH);
  // Colour is off (no TTY), so an escape sequence could only come from the map: terminal injection.
  // Except in CSV, whose cells hold the text as written in a file or a pipe (printed on a terminal
  // it is made visible: tests/cli/terminal-output.test.ts).
  const csv = argv.includes('csv');
  const printed = (csv ? '' : result.stdout) + result.stderr;
  expect(printed.includes('\u001b') || printed.includes('\u009b'), `${what}: raw escape sequence\n${printed}`).toBe(false);
  expect(elapsed, `${what}: took ${Math.round(elapsed)} ms`).toBeLessThan(RUN_LIMIT_MS);
  if (result.code === 2) expect(result.stderr, `${what}: exit 2 without a reason`).toMatch(/^journey: error: \S.*$/m);
  return result;
}

/** A computed word (NaN, ...) in generated output that the map's own text does not hold. */
function expectNoBadWords(output: string, source: string, what: string): void {
  for (const word of BAD_WORDS) if (!source.includes(word)) expect(output, `${what}: '${word}' in the output`).not.toContain(word);
}

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  hint?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Every diagnostic has a namespaced code, a message and a location inside the file. */
function expectLocated(diagnostics: readonly JsonDiagnostic[], source: string, what: string): void {
  const lines = source.split('\n').length;
  for (const d of diagnostics) {
    const label = `${what}: ${JSON.stringify(d)}`;
    expect(d.code, label).toMatch(/^(yaml|schema|lint|io)\/[a-z0-9-]+$/);
    expect(d.message.trim(), label).not.toBe('');
    expectNoBadWords(`${d.message} ${d.hint ?? ''}`, source, label);
    for (const n of [d.line, d.column, d.endLine, d.endColumn]) expect(Number.isInteger(n) && n >= 1, label).toBe(true);
    expect(d.line, label).toBeLessThanOrEqual(lines + 1);
    expect(d.endLine, label).toBeGreaterThanOrEqual(d.line);
  }
}

/** score and render refuse an invalid map with located diagnostics and one `journey: error:` line. */
function expectRefusal(result: CliResult, what: string): void {
  expect(result.stderr, `${what}: no reason`).toMatch(/^journey: error: The journey map '.+' is not valid \(\d+ errors?\)\.$/m);
  expect(result.stderr, `${what}: no location`).toMatch(/^\s+\d+:\d+\s+error\s/m);
  expect(result.stdout, what).toBe('');
}

function expectValidateJson(result: CliResult, source: string, what: string): { errors: number } {
  expect(result.code, `${what}\n${result.stderr}`).not.toBe(2);
  const report = JSON.parse(result.stdout) as { files: { diagnostics: JsonDiagnostic[] }[]; summary: { errors: number } };
  expect(report.files).toHaveLength(1);
  expectLocated(report.files[0]!.diagnostics, source, what);
  expect(result.code, what).toBe(report.summary.errors > 0 ? 1 : 0);
  return report.summary;
}

function expectScoreJson(result: CliResult, source: string, what: string): void {
  const report = JSON.parse(result.stdout) as ScoreReport;
  const priorities: number[] = [];
  for (const t of report.touchpoints) {
    const label = `${what}: touchpoint ${JSON.stringify(t)}`;
    // JSON.stringify writes NaN as null: a required figure that is not a number was NaN.
    for (const x of [t.friction, t.priority]) {
      expect(typeof x, label).toBe('number');
      expect(x, label).toBeGreaterThanOrEqual(0);
      expect(x, label).toBeLessThanOrEqual(100);
    }
    for (const c of Object.values(t.components)) expect(c >= 0 && c <= 1, label).toBe(true);
    expectNoBadWords(t.explanation, source, label);
    priorities.push(t.priority);
  }
  expect(priorities, `${what}: not sorted by priority`).toEqual([...priorities].sort((a, b) => b - a));
  expect(report.touchpoints.map((t) => t.rank)).toEqual(report.touchpoints.map((_, i) => i + 1));
  for (const o of report.opportunities) expect(typeof o.addressedFriction, `${what}: ${JSON.stringify(o)}`).toBe('number');
}

/** CLI.md's diff JSON: counts add up, deltas are the rounded differences, figures are 0..100. */
function expectDiffReport(report: DiffReport, sources: { base: string; head: string }, what: string): void {
  const { files, summary } = report;
  const count = (status: FileDiff['status']) => files.filter((f) => f.status === status).length;
  expect(summary, what).toMatchObject({
    files: files.length,
    added: count('added'),
    removed: count('removed'),
    changed: count('changed'),
    unchanged: count('unchanged'),
    invalid: count('invalid'),
    changes: files.reduce((n, f) => n + f.changes.length, 0),
  });
  let rise: number | null = null;
  for (const f of files) {
    expect(f.summary.trim(), what).not.toBe('');
    expectNoBadWords(f.summary, sources.base + sources.head, `${what}: summary`);
    if (f.status === 'invalid') {
      expect(f.diagnostics, what).toBeDefined();
      for (const side of ['base', 'head'] as const) {
        const list = f.diagnostics?.[side];
        if (list) expectLocated(list, sources[side], `${what} (${side})`);
      }
    } else {
      expect(f.diagnostics, what).toBeUndefined();
    }
    expect(f.status === 'unchanged', `${what}: status ${f.status}`).toBe(f.status !== 'invalid' && f.changes.length === 0 && f.scores.length === 0);
    if (f.status === 'changed') expectSummaryCounts(f, what);
    for (const s of f.scores) {
      const label = `${what}: ${JSON.stringify(s)}`;
      for (const pair of [s.friction, s.priority]) {
        expect(pair, label).toHaveLength(2);
        expect(pair[0] !== null || pair[1] !== null, label).toBe(true);
        // JSON.stringify writes NaN as null: a null beside a number is a NaN when the touchpoint is on both sides.
        for (const x of pair) if (x !== null) expect(typeof x === 'number' && x >= 0 && x <= 100, label).toBe(true);
      }
      const both = s.friction[0] !== null && s.friction[1] !== null;
      expect(s.frictionDelta === null, label).toBe(!both);
      expect(s.priorityDelta === null, label).toBe(s.priority[0] === null || s.priority[1] === null);
      if (both) {
        // after - before, rounded to one decimal.
        expect(s.frictionDelta, label).toBe(round1(s.friction[1]! - s.friction[0]!));
        expect(Math.abs(s.frictionDelta! * 10 - Math.round(s.frictionDelta! * 10)), `${label}: not one decimal`).toBeLessThan(1e-9);
        if (s.frictionDelta! > 0 && (rise === null || s.frictionDelta! > rise)) rise = s.frictionDelta!;
      }
      if (s.priorityDelta !== null) expect(s.priorityDelta, label).toBe(round1(s.priority[1]! - s.priority[0]!));
    }
  }
  expect(summary.maxFrictionIncrease?.delta ?? null, what).toBe(rise);
}

const SUMMARY_NOUNS: Readonly<Record<string, FileDiff['changes'][number]['kind']>> = {
  'journey field': 'journey',
  stage: 'stage',
  touchpoint: 'touchpoint',
  'pain point': 'pain-point',
  opportunit: 'opportunity',
  KPI: 'kpi',
};

/** The one-line summary ("2 touchpoints added, 1 pain point changed, ...") counts the items in `changes`. */
function expectSummaryCounts(f: FileDiff, what: string): void {
  const counted = new Map<string, number>();
  for (const m of f.summary.matchAll(/\b(\d+) (journey fields?|stages?|touchpoints?|pain points?|opportunit(?:y|ies)|KPIs?) (added|removed|moved|renamed|changed)\b/g)) {
    const noun = m[2]!.replace(/(?:ies|y|s)$/, '');
    counted.set(`${SUMMARY_NOUNS[noun]!} ${m[3]!}`, Number(m[1]));
  }
  const items = new Map<string, Set<string>>();
  for (const c of f.changes) {
    const key = `${c.kind} ${c.change}`;
    // Several fields of one item count as one changed item.
    items.set(key, (items.get(key) ?? new Set()).add(c.kind === 'journey' ? (c.field ?? '') : `${c.touchpoint ?? ''}/${c.id}`));
  }
  expect(Object.fromEntries(counted), `${what}: summary '${f.summary}'`).toEqual(Object.fromEntries([...items].map(([key, set]) => [key, set.size])));
}

/** diff through the CLI in any format: exit 1 exactly when the head map could not be compared. */
function expectDiff(result: CliResult, format: (typeof DIFF_FORMATS)[number], sources: { base: string; head: string }, what: string): DiffReport | undefined {
  expect(result.code, `${what}\n${result.stderr}`).not.toBe(2);
  const invalidHead = /^journey: 1 head map is not valid and could not be compared: /m.test(result.stderr);
  expect(result.code, `${what}\n${result.stderr}`).toBe(invalidHead ? 1 : 0);
  expectNoBadWords(result.stdout, sources.base + sources.head, what);
  if (format !== 'json') return undefined;
  const report = JSON.parse(result.stdout) as DiffReport;
  expectDiffReport(report, sources, what);
  return report;
}

/** A map file read as the commands read it: its diagnostics, and the map when it passes the schema. */
interface Loaded {
  source: string;
  side: DiffSide;
  map?: JourneyMap;
  /** No errors: score and render accept it. */
  valid: boolean;
  errors: number;
}

function load(file: string, bytes: Uint8Array): Loaded {
  const source = new TextDecoder().decode(bytes);
  const { report, maps } = validateRun([{ file, bytes }], { config: {}, schema: MAP_SCHEMA, rules });
  const diagnostics = report.files[0]!.diagnostics;
  expectLocated(diagnostics, source, `validate ${file}`);
  const map = maps[0]?.map;
  // As `journey diff` reads a side: compared when it passes the schema, else its errors.
  const side: DiffSide = map ? { file, map } : { file, diagnostics: diagnostics.filter((d) => d.severity === 'error') };
  return { source, side, ...(map ? { map } : {}), valid: report.summary.errors === 0, errors: report.summary.errors };
}

const loadedBases = new Map<string, Loaded>();
const loadBase = (text: string): Loaded => {
  let loaded = loadedBases.get(text);
  if (!loaded) loadedBases.set(text, (loaded = load('base.journey.yaml', new TextEncoder().encode(text))));
  return loaded;
};

/**
 * Survey figures for every touchpoint segment but the fourth, with extreme and ordinary values,
 * so the survey component of the score and the survey line of the emotion view run too.
 */
function surveyFor(map: JourneyMap): MetricsReport {
  const CSAT = [0, 100, 37.5, 50, 99.9];
  const NPS = [-100, 100, 0, -37.2];
  const segments: Record<string, MetricSet> = {};
  touchpointsOf(map).forEach(({ touchpoint }, i) => {
    if (i % 4 === 3) return;
    const set: MetricSet = { nps: nps(NPS[i % NPS.length]!, [1, 30, 1000][i % 3]!) };
    if (i % 2 === 0) set.csat = csat(CSAT[i % CSAT.length]!, 50);
    if (i % 3 === 0) set.fcr = fcr(i % 5 === 0 ? 0 : 70, 12);
    segments[touchpoint.survey_segment ?? touchpoint.id] = set;
  });
  return metricsReport({ touchpoint: segments });
}

/**
 * The emotion view's series (the curve, the stage bands and the stage names) lie on its y-axis
 * (values and bounds are rounded alike, so this holds exactly), and each point of the curve is
 * labelled with its touchpoint's survey figure, whole, and only when there is one (`figures`: one
 * per point of the curve, i.e. per touchpoint with an emotion).
 */
function expectChartOnAxis(chart: string, what: string, figures?: readonly (number | undefined)[], metric?: 'CSAT' | 'NPS'): void {
  const axis = /^ {4}y-axis "[^"]*" (\S+) --> (\S+)$/m.exec(chart);
  expect(axis, `${what}: no y-axis\n${chart}`).not.toBeNull();
  const [min, max] = [Number(axis![1]), Number(axis![2])];
  expect(min <= max, `${what}: axis ${min} --> ${max}`).toBe(true);
  for (const line of chart.matchAll(/^ {4}(?:line|bar)(?: "([^"]*)")? \[(.*)\]$/gm)) {
    // A point is a number, maybe followed by its label in quotes (escaped: no comma inside).
    const points = line[2]!.split(', ').map((point) => {
      const m = /^(\S+)(?: "(.*)")?$/.exec(point)!;
      return { value: Number(m[1]), label: m[2]?.replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code))) };
    });
    for (const { value } of points) expect(value >= min && value <= max, `${what}: ${line[1] ?? 'series'} value ${value} off the axis ${min} --> ${max}`).toBe(true);
    if (line[1] === undefined || !line[1].startsWith('Emotion') || !figures) continue;
    expect(points).toHaveLength(figures.length);
    points.forEach(({ label }, i) => {
      const figure = figures[i];
      expect(label, `${what}: point ${i} labelled ${label} for the figure ${figure}`).toBe(
        figure === undefined || !metric ? undefined : `${metric} ${Math.round(figure) === 0 ? 0 : Math.round(figure)}`,
      );
    });
  }
}

function expectFiniteScore(score: ScoreReport, source: string, what: string): void {
  for (const t of score.touchpoints) {
    const label = `${what}: touchpoint ${t.id} ${JSON.stringify(t)}`;
    expect(Number.isFinite(t.friction) && t.friction >= 0 && t.friction <= 100, label).toBe(true);
    expect(Number.isFinite(t.priority) && t.priority >= 0 && t.priority <= 100, label).toBe(true);
    for (const c of Object.values(t.components)) expect(Number.isFinite(c) && c >= 0 && c <= 1, label).toBe(true);
    expectNoBadWords(t.explanation, source, label);
  }
  for (const o of score.opportunities) {
    const label = `${what}: opportunity ${o.id} ${JSON.stringify(o)}`;
    for (const x of [o.value, o.rice, o.impact, o.effort, o.reach, o.confidence]) if (x !== undefined) expect(Number.isFinite(x), label).toBe(true);
    expect(Number.isFinite(o.addressedFriction), label).toBe(true);
  }
}

/**
 * The score model in memory on every map that passes the schema (diff scores those even when
 * lint rules fail), without and with survey figures: the JSON formatter leaves non-finite
 * optional figures out and JSON.stringify writes NaN as null, so only the model's own output
 * shows a NaN. Maps without errors are also drawn in every view, as `render` would.
 */
function expectFiniteModel(loaded: Loaded, what: string): void {
  const { map, source } = loaded;
  if (!map) return;
  const score = scoreJourney(map, DEFAULT_SCORING);
  expectFiniteScore(score, source, what);
  const metrics = surveyFor(map);
  const surveyed = scoreJourney(map, DEFAULT_SCORING, { report: metrics });
  expectFiniteScore(surveyed, source, `${what} (with survey figures)`);
  if (!loaded.valid) return;
  for (const view of views) {
    const plain = view.render({ map, score });
    const withSurvey = view.render({ map, score: surveyed, metrics });
    expectNoBadWords(plain, source, `${what}: view ${view.id}`);
    expectNoBadWords(withSurvey, source, `${what}: view ${view.id} (with survey figures)`);
    if (view.id === 'emotion') {
      expectChartOnAxis(plain, `${what}: view emotion`);
      // The view labels CSAT when any touchpoint on the curve has it, else NPS, each from its segment.
      const onCurve = touchpointsOf(map).filter(({ touchpoint }) => typeof touchpoint.emotion === 'number' && Number.isFinite(touchpoint.emotion));
      const sets = onCurve.map(({ touchpoint }) => metrics.segments.touchpoint![touchpoint.survey_segment ?? touchpoint.id]);
      const metric = sets.some((set) => set?.csat) ? 'csat' : 'nps';
      const figures = sets.map((set) => set?.[metric]?.score);
      expectChartOnAxis(
        withSurvey,
        `${what}: view emotion (with survey figures)`,
        figures,
        figures.some((f) => f !== undefined) ? (metric === 'csat' ? 'CSAT' : 'NPS') : undefined,
      );
    }
  }
}

/** diffFile and every diff formatter in memory. */
function expectDiffInMemory(base: Loaded, head: Loaded, what: string): DiffReport {
  const report = buildDiffReport('base.journey.yaml', 'map.journey.yaml', [diffFile(base.side, head.side, DEFAULT_SCORING)]);
  const sources = { base: base.source, head: head.source };
  const json = JSON.parse(diffFormatters.json(report, { color: false })) as DiffReport;
  expectDiffReport(json, sources, `${what} (json)`);
  for (const format of ['text', 'markdown'] as const) expectNoBadWords(diffFormatters[format](report, { color: false }), sources.base + sources.head, `${what} (${format})`);
  return json;
}

const COMMANDS = ['validate', 'score', 'render', 'diff'] as const;
const VALIDATE_FORMATS = ['json', 'stylish', 'github', 'sarif', 'junit', 'markdown'] as const;
const SCORE_FORMATS = ['json', 'table', 'csv', 'markdown'] as const;
interface CaseOptions {
  command: (typeof COMMANDS)[number];
  view: (typeof VIEW_IDS)[number];
  format: (typeof DIFF_FORMATS)[number];
  validateFormat: (typeof VALIDATE_FORMATS)[number];
  scoreFormat: (typeof SCORE_FORMATS)[number];
}
/** JSON most of the time: it is what the invariants read most closely. */
const mostlyJson = <T extends string>(formats: readonly T[]) =>
  fc.oneof({ weight: formats.length, arbitrary: fc.constant(formats[0]!) }, { weight: formats.length - 1, arbitrary: fc.constantFrom(...formats.slice(1)) });
const caseOptions: fc.Arbitrary<CaseOptions> = fc.record({
  command: fc.constantFrom(...COMMANDS),
  view: fc.constantFrom(...VIEW_IDS),
  format: fc.constantFrom(...DIFF_FORMATS),
  validateFormat: mostlyJson(VALIDATE_FORMATS),
  scoreFormat: mostlyJson(SCORE_FORMATS),
});

/** SARIF regions start at line and column 1 (GitHub code scanning rejects 0). */
function expectSarif(stdout: string, what: string): void {
  const sarif = JSON.parse(stdout) as { runs: { results: { locations?: { physicalLocation?: { region?: Record<string, number> } }[] }[] }[] };
  for (const result of sarif.runs.flatMap((r) => r.results)) {
    for (const location of result.locations ?? []) {
      const region = location.physicalLocation?.region;
      if (region) for (const key of ['startLine', 'startColumn']) expect(region[key], `${what}: ${JSON.stringify(region)}`).toBeGreaterThanOrEqual(1);
    }
  }
}

/**
 * One map through the whole pipeline in memory (schema, lint, score, every view, diff against a
 * base map and against itself, every diff format), then through one CLI command, which must
 * agree with it. Returns whether the map is valid.
 */
async function throughTheCommands(cwd: string, bytes: Uint8Array, baseText: string, options: CaseOptions): Promise<boolean> {
  const started = performance.now();
  const head = load('map.journey.yaml', bytes);
  const base = loadBase(baseText);
  expectFiniteModel(head, 'model');
  const forward = expectDiffInMemory(base, head, 'diff base map');
  const self = expectDiffInMemory(head, head, 'diff map map');
  // A map against itself: nothing changed, or it is invalid on both sides.
  expect(self.files[0]!.status, 'diff map map').toBe(head.map ? 'unchanged' : 'invalid');

  writeFileSync(path.join(cwd, 'map.journey.yaml'), bytes);
  const { source } = head;
  switch (options.command) {
    case 'validate': {
      const format = options.validateFormat;
      const result = await cli(['validate', 'map.journey.yaml', '--format', format], cwd);
      const what = `validate --format ${format}`;
      if (format === 'json') {
        const { errors } = expectValidateJson(result, source, what);
        expect(errors, 'validate and the in-memory pipeline disagree').toBe(head.errors);
      } else {
        expect(result.code, `${what}\n${result.stderr}`).toBe(head.valid ? 0 : 1);
        expectNoBadWords(result.stdout, source, what);
        if (format === 'sarif') expectSarif(result.stdout, what);
        if (format === 'github') expect(result.stdout, what).not.toMatch(/line=0\b|col=0\b/);
      }
      break;
    }
    case 'score': {
      // score and render refuse exactly the maps with errors.
      const format = options.scoreFormat;
      const result = await cli(['score', 'map.journey.yaml', '--format', format], cwd);
      const what = `score --format ${format}`;
      expect(result.code, `${what}\n${result.stderr}`).toBe(head.valid ? 0 : 1);
      if (result.code !== 0) expectRefusal(result, what);
      else if (format === 'json') expectScoreJson(result, source, what);
      else expectNoBadWords(result.stdout, source, what);
      break;
    }
    case 'render': {
      const result = await cli(['render', 'map.journey.yaml', '--view', options.view], cwd);
      expect(result.code, `render\n${result.stderr}`).toBe(head.valid ? 0 : 1);
      if (result.code === 0) {
        expect(result.stdout.trim(), 'render').not.toBe('');
        expectNoBadWords(result.stdout, source, `render --view ${options.view}`);
      } else expectRefusal(result, 'render');
      break;
    }
    case 'diff': {
      writeFileSync(path.join(cwd, 'base.journey.yaml'), baseText);
      const result = await cli(['diff', 'base.journey.yaml', 'map.journey.yaml', '--format', options.format], cwd);
      const report = expectDiff(result, options.format, { base: baseText, head: source }, `diff --format ${options.format}`);
      if (report) expect(report, 'diff and the in-memory diff disagree').toEqual(forward);
      break;
    }
  }
  const elapsed = performance.now() - started;
  expect(elapsed, `one case took ${Math.round(elapsed)} ms`).toBeLessThan(RUN_LIMIT_MS);
  return head.valid;
}

// Modules load and JIT-compile on the first runs; that is start-up, not a slow input.
beforeAll(async () => {
  const cwd = workspace({ 'map.journey.yaml': VALID_MAP });
  for (const argv of [
    ['validate', 'map.journey.yaml', '--format', 'json'],
    ['score', 'map.journey.yaml', '--format', 'json'],
    ['render', 'map.journey.yaml', '--view', 'emotion'],
    ['diff', 'map.journey.yaml', 'map.journey.yaml'],
  ]) {
    expect((await runCli(argv, { cwd })).code).toBe(0);
  }
}, 20_000);

// ---------------------------------------------------------------------------------------------
// 1. Text-level mutations of real maps.

/** Characters that mean something to YAML, Mermaid, Markdown or a terminal, and some that break encodings. */
const HOSTILE_UNITS = [
  '\t',
  ':',
  ': ',
  '-',
  '- ',
  '[',
  ']',
  '{',
  '}',
  '&',
  '&a ',
  '*',
  '*a',
  '!',
  '!!binary ',
  '!foo ',
  '%',
  '%YAML 1.1\n',
  '"',
  "'",
  '#',
  ' #',
  '|',
  '>',
  '?',
  '? ',
  ',',
  '@',
  '`',
  '\\',
  '\n',
  '\r',
  '\r\n',
  ' ',
  '  ',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '\ud800',
  '\udc00',
  '😀',
  '🚀',
  '👩‍👩‍👧',
  'é',
  '李',
  'a',
  'Z',
  '0',
  '9',
  '.',
  '~',
  '<<: ',
  '---\n',
  '...\n',
  '1e999',
  '.nan',
  '-.inf',
  '0x1F',
  '1_0',
  '-0',
  'null',
  'yes',
  '<script>',
  '%%{init}%%',
  'end',
  '-->',
];
const hostileText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...HOSTILE_UNITS), minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }) },
);
/** Byte sequences that are not UTF-8 (or are, but only as a BOM or NUL). */
const BAD_BYTES = [[0xff], [0xfe, 0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xef, 0xbb, 0xbf], [0x00]];

type Mutation =
  | { op: 'delete' | 'duplicate'; line: number }
  | { op: 'swap'; line: number; other: number }
  | { op: 'insert'; line: number; column: number; text: string }
  | { op: 'value'; line: number; text: string }
  | { op: 'indent'; line: number; delta: number }
  | { op: 'truncate'; at: number }
  | { op: 'nest'; line: number; depth: number; style: '[' | '{' | '- ' | 'compact' }
  | { op: 'bomb'; levels: number; width: number }
  | { op: 'repeat'; line: number; times: number };

/** Values a person might type after a key: numbers at and past the scales' ends, words, empty collections. */
const plainValue = fc.constantFrom(
  '0',
  '-1',
  '3',
  '5',
  '6',
  '0.5',
  '1.5',
  '-2.5',
  '100',
  '-100',
  '101',
  '-0',
  '1e308',
  '-1.7976931348623157e308',
  '1e-320',
  '.5',
  '2.',
  '0x10',
  '1_000',
  'true',
  'null',
  '~',
  '',
  'web',
  'phone-call',
  'observed',
  'planned',
  'checkout',
  'a-b',
  'Checkout',
  '[]',
  '{}',
  '[a, b]',
  "'quoted'",
  '"x"',
  '|',
  '>',
  '2026-02-30',
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('value' as const), line: fc.nat(), text: fc.oneof({ weight: 3, arbitrary: plainValue }, { weight: 1, arbitrary: hostileText }) }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), line: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swap' as const), line: fc.nat(), other: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), line: fc.nat(), column: fc.nat(), text: hostileText }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('indent' as const), line: fc.nat(), delta: fc.integer({ min: -4, max: 4 }).filter((d) => d !== 0) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
  // What the limits are for: deep nesting, alias expansion ("billion laughs"), many repeats.
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('nest' as const),
      line: fc.nat(),
      depth: fc.oneof(fc.integer({ min: 1, max: 80 }), fc.constantFrom(255, 256, 257, 2000)),
      style: fc.constantFrom('[' as const, '{' as const, '- ' as const, 'compact' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('bomb' as const), levels: fc.integer({ min: 1, max: 9 }), width: fc.integer({ min: 2, max: 10 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('repeat' as const), line: fc.nat(), times: fc.integer({ min: 2, max: 400 }) }) },
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  let lines = text.split('\n');
  const at = (n: number) => n % Math.max(1, lines.length);
  for (const m of mutations) {
    switch (m.op) {
      case 'delete':
        lines.splice(at(m.line), 1);
        break;
      case 'duplicate':
        lines.splice(at(m.line), 0, lines[at(m.line)] ?? '');
        break;
      case 'swap': {
        const [i, j] = [at(m.line), at(m.other)];
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
        break;
      }
      case 'insert': {
        const i = at(m.line);
        const line = lines[i] ?? '';
        const column = m.column % (line.length + 1);
        lines[i] = line.slice(0, column) + m.text + line.slice(column);
        break;
      }
      case 'value': {
        // Replace the value of a `key: value` line: the likeliest edit a person makes.
        const scalars = lines.flatMap((line, i) => (/^\s*(?:- )?[\w-]+: +[^\s#]/.test(line) ? [i] : []));
        if (scalars.length === 0) break;
        const i = scalars[m.line % scalars.length]!;
        lines[i] = lines[i]!.replace(/^(\s*(?:- )?[\w-]+: +).*$/, (_, key: string) => key + m.text);
        break;
      }
      case 'indent': {
        const i = at(m.line);
        const line = lines[i] ?? '';
        lines[i] = m.delta > 0 ? ' '.repeat(m.delta) + line : line.replace(new RegExp(`^ {0,${-m.delta}}`), '');
        break;
      }
      case 'nest': {
        // A value nested `depth` levels deep, in flow or block style ("- - - x" is compact block style).
        const i = at(m.line);
        const indent = /^\s*/.exec(lines[i] ?? '')![0];
        if (m.style === '- ') {
          // Indented block nesting grows as depth squared: 1,200 levels are 1.4 MB, past the library's stack.
          const depth = Math.min(m.depth, 1200);
          const block = Array.from({ length: depth }, (_, d) => `${indent}${'  '.repeat(d + 1)}- ${d === depth - 1 ? 'x' : ''}`);
          lines.splice(i + 1, 0, `${indent}x-nested:`, ...block);
        } else if (m.style === 'compact') {
          lines.splice(i + 1, 0, `${indent}x-nested:`, `${indent}  ${'- '.repeat(m.depth)}x`);
        } else {
          const [open, close] = m.style === '[' ? ['[', ']'] : ['{a: ', '}'];
          lines.splice(i + 1, 0, `${indent}x-nested: ${open.repeat(m.depth)}1${close.repeat(m.depth)}`);
        }
        break;
      }
      case 'bomb': {
        // Each anchor repeats the previous one `width` times: width^levels nodes once expanded.
        const anchors = Array.from({ length: m.levels }, (_, l) => `  b${l}: &b${l} [${Array.from({ length: m.width }, () => (l === 0 ? 'lol' : `*b${l - 1}`)).join(', ')}]`);
        lines.push('x-bomb:', ...anchors);
        break;
      }
      case 'repeat': {
        const i = at(m.line);
        lines.splice(i, 0, ...Array.from({ length: m.times - 1 }, () => lines[i] ?? ''));
        break;
      }
      case 'truncate': {
        const joined = lines.join('\n');
        lines = joined.slice(0, m.at % (joined.length + 1)).split('\n');
        break;
      }
    }
  }
  return lines.join('\n');
}

function withBadBytes(text: string, inserts: readonly { at: number; bytes: number[] }[]): Uint8Array {
  let bytes = new TextEncoder().encode(text);
  for (const { at, bytes: extra } of inserts) {
    const i = at % (bytes.length + 1);
    const next = new Uint8Array(bytes.length + extra.length);
    next.set(bytes.subarray(0, i));
    next.set(extra, i);
    next.set(bytes.subarray(i), i + extra.length);
    bytes = next;
  }
  return bytes;
}

describe('fuzz: mutated maps', () => {
  it('text mutations of the example maps and fixtures end in a diagnostic, exit 0/1/2', async () => {
    const cwd = workspace();
    await assertWithin(
      fc.tuple(
        fc.nat({ max: CORPUS.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        // Now and then bytes that are not UTF-8 (every such file stops at the first, so not often).
        fc.oneof(
          { weight: 6, arbitrary: fc.constant([]) },
          { weight: 1, arbitrary: fc.array(fc.record({ at: fc.nat(), bytes: fc.constantFrom(...BAD_BYTES) }), { minLength: 1, maxLength: 2 }) },
        ),
        caseOptions,
      ),
      async ([index, mutations, bad, options]) => {
        const original = CORPUS[index]!;
        await throughTheCommands(cwd, withBadBytes(mutate(original, mutations), bad), original, options);
      },
      200,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Structure-level generation: map objects, valid-ish, serialised with the yaml package.

/** A number written into the YAML text as it is (the yaml package would quote or normalise it). */
class Raw {
  constructor(readonly token: string) {}
}

/** Serialises with `yaml` and splices in the raw tokens. A reused object becomes an anchor and an alias. */
function toYaml(value: unknown): string {
  const raws: string[] = [];
  const swap = (v: unknown): unknown => {
    if (v instanceof Raw) {
      raws.push(v.token);
      return `__raw${raws.length - 1}__`;
    }
    return v;
  };
  const seen = new Map<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object' || v instanceof Raw) return swap(v);
    // Shared references stay shared, so the yaml package writes them as &anchor / *alias.
    if (seen.has(v)) return seen.get(v);
    const out: unknown = Array.isArray(v) ? [] : {};
    seen.set(v, out);
    if (Array.isArray(v)) for (const item of v) (out as unknown[]).push(walk(item));
    else for (const [k, item] of Object.entries(v)) Object.defineProperty(out, k, { value: walk(item), enumerable: true, writable: true, configurable: true });
    return out;
  };
  return stringify(walk(value)).replace(/__raw(\d+)__/g, (_, i: string) => raws[Number(i)]!);
}

const opt = <T>(arb: fc.Arbitrary<T>, freq = 2) => fc.option(arb, { nil: undefined, freq });

const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/);
/** A small pool, so ids collide (duplicate ids) and references sometimes resolve. */
const pooledId = fc.constantFrom('a', 'b', 'checkout', 'end', 'graph', 'subgraph', 'section', 'x-1', '0', 'default');
const hostileName = fc.oneof(
  fc.string({ unit: fc.constantFrom(...HOSTILE_UNITS), minLength: 1, maxLength: 8 }),
  fc.constantFrom(
    'end',
    'section Two',
    'title: fake',
    'journey',
    'Journeys',
    '%%{init: {"theme":"dark"}}%%',
    '<img src=x onerror=alert(1)>',
    '[x](http://e.vil)',
    '@here #12',
    '| a | b |',
    '`code`',
    'a\nb',
    ' ',
    'x'.repeat(300),
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }),
);
const text = fc.oneof({ weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) }, { weight: 3, arbitrary: hostileName });

const wildNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -3, max: 7 }),
  fc.constantFrom(0, -0, 0.5, 1.5, 2.5, 0.1 + 0.2, -1e308, 1e308, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53, 2 ** 53 + 2, 1e21, 1e-7, 100, 101, -101),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc
    .constantFrom('1e999', '-1e999', '0x1F', '0o17', '1_000', '.NaN', '+.inf', '1e-400', '123456789012345678901234567890', '~', '0b101', '١', '+5', '5.', '.5')
    .map((t) => new Raw(t)),
  fc.constantFrom('NaN', 'Infinity', '3', '', ' 2 ', 'null', 'true', 'five'),
  fc.boolean(),
  fc.constant(null),
  fc.constant([1]),
);
/** Scales the lint rules accept, from the default to the widest and the most remote the schema allows. */
const validScales = [
  { min: -2, max: 2 },
  { min: 1, max: 5 },
  { min: 0, max: 0.5 },
  // The schema bounds scale ends to -1000..1000 (issue 11: ±1.7e308 drew NaN).
  { min: -1000, max: 1000 },
  { min: -1000, max: 2 },
  { min: 999.5, max: 1000 },
  { min: -1000, max: -999.5 },
];

/**
 * Map objects at three levels of chaos. 0: values the schema accepts, unique ids, references
 * that resolve (hostile text and extreme numbers on wide scales still), so most maps reach
 * scoring and drawing; 1: now and then a wild value, a missing required key, a duplicate id, an
 * unknown reference; 2: often.
 */
function mapArbitrary(chaos: 0 | 1 | 2) {
  const mostly = <T>(good: fc.Arbitrary<T>, wild: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
    chaos === 0 ? good : fc.oneof({ weight: chaos === 1 ? 20 : 3, arbitrary: good }, { weight: 1, arbitrary: wild });
  const required = <T>(arb: fc.Arbitrary<T>) => (chaos === 0 ? arb : fc.option(arb, { nil: undefined, freq: chaos === 1 ? 40 : 8 }));
  const id = mostly(slug, fc.oneof(pooledId, hostileName, fc.constantFrom('', 'Checkout', 'a_b', '-a', 'a b', '__proto__', 'constructor')));
  const reference = chaos === 0 ? fc.nat() : fc.oneof(fc.nat(), pooledId, slug);
  const rating = mostly(fc.integer({ min: 1, max: 5 }), wildNumber);
  const share = mostly(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, Number.MIN_VALUE)), wildNumber);
  const emotion = mostly(fc.oneof(fc.integer({ min: -2, max: 2 }), fc.double({ min: -2, max: 2, noNaN: true })), wildNumber);
  const evidence = mostly(fc.constantFrom('observed', 'assumed', 'proposed'), fc.constantFrom('Observed', 'data', ''));
  const channel = mostly(fc.constantFrom(...STANDARD_CHANNELS), fc.oneof(slug, hostileName));
  const scale = mostly(
    fc.constantFrom(...validScales),
    fc.oneof(
      fc.constantFrom({ min: 1, max: 5 }, { min: 0, max: Number.MIN_VALUE }, { min: 1, max: 1 }, { min: 2, max: -2 }, { min: 1e308, max: Number.MAX_VALUE }),
      fc.record({ min: fc.double({ noNaN: true, noDefaultInfinity: true }), max: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
      fc.record({ min: wildNumber, max: wildNumber }, { requiredKeys: [] }),
    ),
  );
  const extras =
    chaos === 0
      ? fc.constant({})
      : fc.dictionary(fc.constantFrom('x-note', 'x-jira', 'stgaes', 'naem', 'Emotion', '__proto__', 'constructor', ''), fc.oneof(text, wildNumber), { maxKeys: 1 });
  const kpi = mostly(
    fc.oneof(
      fc.record({ metric: fc.constant('nps'), target: fc.integer({ min: -100, max: 100 }) }),
      fc.record({ metric: fc.constantFrom('csat', 'fcr', 'abandonment-rate', 'completion-rate'), target: fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.record({ metric: fc.constantFrom('ces', 'x-refunds'), target: fc.oneof(fc.integer({ min: 1, max: 7 }), fc.double({ noNaN: true, noDefaultInfinity: true })) }),
      fc.record({ metric: fc.constant('response-time'), target: fc.double({ min: 0, max: 1e6, noNaN: true }), unit: fc.constantFrom('seconds', 'hours') }),
    ),
    fc.record(
      {
        metric: fc.oneof(fc.constantFrom('nps', 'csat', 'ces', 'response-time', 'x-'), text),
        target: wildNumber,
        threshold: wildNumber,
        direction: fc.constantFrom('higher-is-better', 'lower-is-better', 'up'),
        unit: fc.constantFrom('seconds', 'weeks'),
      },
      { requiredKeys: ['metric'] },
    ),
  );
  const painPoint = fc.record({ id: required(id), description: required(text), severity: opt(rating), frequency: opt(rating), evidence: opt(evidence), source: opt(text) });
  const opportunity = fc.record({
    id: required(id),
    description: required(text),
    addresses: opt(fc.array(reference, { maxLength: 3 })),
    impact: opt(rating),
    effort: opt(rating),
    owner: opt(text),
    status: opt(mostly(fc.constantFrom('idea', 'planned', 'in-progress', 'done', 'dropped'), text)),
    evidence: opt(evidence),
  });
  const touchpoint = fc.record({
    id: required(id),
    name: required(text),
    channel: required(channel),
    description: opt(text),
    personas: opt(fc.array(reference, { maxLength: 3 })),
    owner: opt(text),
    emotion: opt(emotion, 1),
    effort: opt(rating, 1),
    reach: opt(share),
    moment_of_truth: opt(mostly(fc.boolean(), wildNumber)),
    evidence: opt(evidence),
    survey_segment: opt(text),
    pain_points: opt(fc.array(painPoint, { maxLength: 3 }), 1),
    opportunities: opt(fc.array(opportunity, { maxLength: 2 })),
    kpis: opt(fc.array(kpi, { maxLength: 2 })),
    blueprint: opt(
      fc.record(
        {
          frontstage: fc.array(text, { maxLength: 2 }),
          backstage: fc.array(text, { maxLength: 2 }),
          support: fc.array(text, { maxLength: 1 }),
          systems: fc.array(text, { maxLength: 2 }),
        },
        { requiredKeys: [] },
      ),
    ),
    extra: extras,
  });
  const stage = fc.record({ id: required(id), name: required(text), goal: opt(text), touchpoints: opt(fc.array(touchpoint, { minLength: chaos === 0 ? 1 : 0, maxLength: 4 }), 6) });
  const persona = fc.record({ id: required(id), name: required(text), goals: opt(fc.array(text, { maxLength: 2 })) });
  return fc.record({
    version: required(mostly(fc.constant(1), wildNumber)),
    id: required(id),
    title: required(text),
    state: opt(mostly(fc.constant('current'), fc.constantFrom('future', 'past'))),
    status: opt(fc.constantFrom('draft', 'review', 'approved')),
    updated: opt(mostly(fc.constant('2026-03-01'), fc.constantFrom('2026-02-30', 'yesterday'))),
    scales: opt(fc.record({ emotion: scale })),
    personas: opt(fc.array(persona, { maxLength: 3 })),
    stages: required(fc.array(stage, { minLength: 1, maxLength: 4 })),
    // Touchpoints to repeat as the same object: the yaml package writes an anchor and an alias.
    shared: chaos === 0 ? fc.constant([]) : fc.array(fc.nat(), { maxLength: 1 }),
    chaos: fc.constant(chaos),
  });
}

const generatedMap = fc.constantFrom(0 as const, 1 as const, 2 as const).chain(mapArbitrary);

type Item = Record<string, unknown>;

/**
 * The generated record as a map object: `extra` keys folded in, shared touchpoints repeated, and
 * at chaos 0 ids made unique and references (given as numbers) pointed at items that exist.
 */
function assemble(generated: ValueOf<typeof generatedMap>): Item {
  const { shared, chaos, ...map } = generated;
  const stages: Item[] = (map.stages ?? []).map((s) => ({ ...s, touchpoints: s.touchpoints?.map(({ extra, ...t }) => ({ ...t, ...extra })) }));
  const touchpoints = stages.flatMap((s) => (s.touchpoints as Item[] | undefined) ?? []);
  const pains = touchpoints.flatMap((t) => (t.pain_points as Item[] | undefined) ?? []);
  const personas = (map.personas ?? []) as Item[];
  if (chaos === 0) {
    // Emotions are generated on -2..2: moved onto the map's scale, so that the lint rules pass.
    const scale = (map.scales as { emotion?: { min: number; max: number } } | undefined)?.emotion;
    if (scale) {
      for (const t of touchpoints) {
        if (typeof t.emotion !== 'number') continue;
        const p = (t.emotion + 2) / 4;
        t.emotion = Math.min(scale.max, Math.max(scale.min, scale.min * (1 - p) + scale.max * p));
      }
    }
    const seen = new Set<string>();
    const unique = (item: Item) => {
      let id = item.id as string;
      for (let n = 2; seen.has(id); n++) id = `${item.id as string}-${n}`;
      seen.add(id);
      item.id = id;
    };
    for (const group of [personas, stages, touchpoints, pains, touchpoints.flatMap((t) => (t.opportunities as Item[] | undefined) ?? [])]) {
      seen.clear();
      group.forEach(unique);
    }
    const resolve = (refs: unknown, pool: Item[]) => (pool.length === 0 ? undefined : [...new Set((refs as number[]).map((i) => pool[i % pool.length]!.id))]);
    for (const t of touchpoints) {
      if (t.personas !== undefined) t.personas = resolve(t.personas, personas);
      for (const o of (t.opportunities as Item[] | undefined) ?? []) if (o.addresses !== undefined) o.addresses = resolve(o.addresses, pains);
    }
  } else {
    for (const t of touchpoints) {
      if (Array.isArray(t.personas)) t.personas = t.personas.map((r: unknown) => (typeof r === 'number' ? (personas[r % Math.max(1, personas.length)]?.id ?? 'nobody') : r));
      for (const o of (t.opportunities as Item[] | undefined) ?? []) {
        if (Array.isArray(o.addresses)) o.addresses = o.addresses.map((r: unknown) => (typeof r === 'number' ? (pains[r % Math.max(1, pains.length)]?.id ?? 'nothing') : r));
      }
    }
    for (const i of shared) {
      const target = stages[i % Math.max(1, stages.length)];
      if (touchpoints.length > 0 && target) target.touchpoints = [...((target.touchpoints as Item[] | undefined) ?? []), touchpoints[i % touchpoints.length]!];
    }
  }
  return { ...map, ...(map.stages !== undefined ? { stages } : {}) };
}

describe('fuzz: generated maps', () => {
  it('generated map objects with hostile text and wild numbers end in a diagnostic, exit 0/1/2', async () => {
    const cwd = workspace();
    let runs = 0;
    let valid = 0;
    await assertWithin(
      fc.tuple(generatedMap, fc.nat({ max: CORPUS.length - 1 }), caseOptions),
      async ([generated, base, options]) => {
        const yaml = toYaml(assemble(generated));
        runs++;
        if (await throughTheCommands(cwd, new TextEncoder().encode(yaml), CORPUS[base]!, options)) valid++;
      },
      200,
    );
    // The generator is meant to reach scoring and drawing, not only the schema.
    expect(valid, `${valid} of ${runs} generated maps valid`).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. diff: a valid map against a changed version of itself.

/** A small deterministic PRNG (mulberry32), so a shuffle is part of the generated case. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: readonly T[] | undefined, next: () => number): T[] | undefined {
  if (items === undefined) return undefined;
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Every list the diff matches by id, reordered: stages, touchpoints, pain points, opportunities, KPIs, personas. */
function reorder(map: JourneyMap, seed: number): JourneyMap {
  const next = random(seed);
  return {
    ...map,
    ...(map.personas ? { personas: shuffle(map.personas, next) } : {}),
    stages: shuffle(map.stages, next)!.map((s) => ({
      ...s,
      ...(s.touchpoints
        ? {
            touchpoints: shuffle(s.touchpoints, next)!.map((t) => ({
              ...t,
              ...(t.pain_points ? { pain_points: shuffle(t.pain_points, next) } : {}),
              ...(t.opportunities ? { opportunities: shuffle(t.opportunities, next) } : {}),
              ...(t.kpis ? { kpis: shuffle(t.kpis, next) } : {}),
            })),
          }
        : {}),
    })),
  };
}

const validScale = fc.constantFrom(undefined, ...validScales, { min: 0, max: 10 }, { min: 0, max: 5e-324 });
const validTouchpoint = fc.record({
  name: fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), hostileName).filter((s) => s.length > 0),
  channel: fc.constantFrom(...STANDARD_CHANNELS),
  emotion: opt(fc.double({ min: 0, max: 1, noNaN: true })),
  effort: opt(fc.integer({ min: 1, max: 5 })),
  reach: opt(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 5e-324))),
  moment_of_truth: opt(fc.boolean()),
  evidence: opt(fc.constantFrom('observed' as const, 'assumed' as const, 'proposed' as const)),
  pains: opt(fc.array(fc.record({ severity: opt(fc.integer({ min: 1, max: 5 })), frequency: opt(fc.integer({ min: 1, max: 5 })) }), { maxLength: 3 })),
  opportunities: fc.array(
    fc.record({ impact: opt(fc.integer({ min: 1, max: 5 })), effort: opt(fc.integer({ min: 1, max: 5 })), addresses: fc.array(fc.nat(), { maxLength: 2 }) }),
    { maxLength: 2 },
  ),
  kpis: fc.subarray(['nps', 'csat', 'fcr', 'ces'] as const),
});
const validMapShape = fc.record({ scale: validScale, stages: fc.array(fc.array(validTouchpoint, { maxLength: 4 }), { minLength: 1, maxLength: 4 }) });

/** A map that passes the schema, with unique ids (so matching by id is unambiguous). */
function buildValid(shape: ValueOf<typeof validMapShape>): JourneyMap {
  let n = 0;
  const { scale } = shape;
  // min (1 - x) + max x: no overflow on the widest scales (max - min would be Infinity).
  const onScale = (x: number) => (scale ? Math.min(scale.max, Math.max(scale.min, scale.min * (1 - x) + scale.max * x)) : Math.round(x * 4) - 2);
  const pains: string[] = [];
  return {
    version: 1,
    id: 'fuzz',
    title: 'Fuzz map',
    ...(scale ? { scales: { emotion: scale } } : {}),
    stages: shape.stages.map((touchpoints, s) => ({
      id: `stage-${s}`,
      name: `Stage ${s}`,
      touchpoints: touchpoints.map((t) => {
        const id = `tp-${n++}`;
        const painPoints = t.pains?.map((p, i) => {
          pains.push(`${id}-pain-${i}`);
          return { id: `${id}-pain-${i}`, description: 'x', ...(p.severity ? { severity: p.severity } : {}), ...(p.frequency ? { frequency: p.frequency } : {}) };
        });
        return {
          id,
          name: t.name,
          channel: t.channel,
          ...(t.emotion !== undefined ? { emotion: onScale(t.emotion) } : {}),
          ...(t.effort !== undefined ? { effort: t.effort } : {}),
          ...(t.reach !== undefined ? { reach: t.reach } : {}),
          ...(t.moment_of_truth !== undefined ? { moment_of_truth: t.moment_of_truth } : {}),
          ...(t.evidence !== undefined ? { evidence: t.evidence } : {}),
          ...(painPoints ? { pain_points: painPoints } : {}),
          ...(t.opportunities.length > 0
            ? {
                opportunities: t.opportunities.map((o, i) => ({
                  id: `${id}-opp-${i}`,
                  description: 'y',
                  ...(pains.length > 0 && o.addresses.length > 0 ? { addresses: [...new Set(o.addresses.map((a) => pains[a % pains.length]!))] } : {}),
                  ...(o.impact ? { impact: o.impact } : {}),
                  ...(o.effort ? { effort: o.effort } : {}),
                })),
              }
            : {}),
          ...(t.kpis.length > 0 ? { kpis: t.kpis.map((metric) => ({ metric, target: metric === 'nps' ? 30 : metric === 'ces' ? 2 : 0.8 })) } : {}),
        };
      }),
    })),
  };
}

type Edit =
  | { op: 'field'; touchpoint: number; field: 'emotion' | 'effort' | 'reach' | 'channel' | 'moment_of_truth' | 'evidence'; value: number }
  | { op: 'remove' | 'rename' | 'move' | 'drop-pains' | 'pain'; touchpoint: number; value: number }
  | { op: 'add'; stage: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    op: fc.constant('field' as const),
    touchpoint: fc.nat(),
    field: fc.constantFrom('emotion' as const, 'effort' as const, 'reach' as const, 'channel' as const, 'moment_of_truth' as const, 'evidence' as const),
    value: fc.nat(),
  }),
  fc.record({ op: fc.constantFrom('remove' as const, 'rename' as const, 'move' as const, 'drop-pains' as const, 'pain' as const), touchpoint: fc.nat(), value: fc.nat() }),
  fc.record({ op: fc.constant('add' as const), stage: fc.nat() }),
);

/** Applies edits to a deep copy; every result still passes the schema. */
function applyEdits(map: JourneyMap, edits: readonly Edit[]): JourneyMap {
  const out = structuredClone(map);
  const scale = out.scales?.emotion ?? { min: -2, max: 2 };
  let added = 0;
  for (const e of edits) {
    if (e.op === 'add') {
      const stage = out.stages[e.stage % out.stages.length]!;
      stage.touchpoints = [...(stage.touchpoints ?? []), { id: `new-${added++}`, name: 'New', channel: 'web', effort: 3 }];
      continue;
    }
    const refs = out.stages.flatMap((s) => (s.touchpoints ?? []).map((t, i) => ({ s, t, i })));
    if (refs.length === 0) continue;
    const { s, t, i } = refs[e.touchpoint % refs.length]!;
    switch (e.op) {
      case 'field': {
        const v = e.value;
        if (e.field === 'emotion') t.emotion = [scale.min, scale.max, scale.min / 2 + scale.max / 2, scale.min * 0.75 + scale.max * 0.25][v % 4];
        else if (e.field === 'effort') t.effort = (v % 5) + 1;
        else if (e.field === 'reach') t.reach = (v % 11) / 10;
        else if (e.field === 'channel') t.channel = STANDARD_CHANNELS[v % STANDARD_CHANNELS.length]!;
        else if (e.field === 'moment_of_truth') t.moment_of_truth = v % 2 === 0;
        else t.evidence = (['observed', 'assumed', 'proposed'] as const)[v % 3];
        break;
      }
      case 'remove':
        s.touchpoints!.splice(i, 1);
        break;
      case 'rename':
        t.name = `${t.name} ${e.value % 3}`;
        break;
      case 'move': {
        const to = out.stages[e.value % out.stages.length]!;
        s.touchpoints!.splice(i, 1);
        to.touchpoints = [...(to.touchpoints ?? []), t];
        break;
      }
      case 'drop-pains':
        delete t.pain_points;
        break;
      case 'pain': {
        // One pain point's severity, frequency or description; or a new pain point.
        const pains = t.pain_points ?? [];
        const pain = pains[e.value % Math.max(1, pains.length)];
        if (!pain || e.value % 4 === 3) t.pain_points = [...pains, { id: `${t.id}-new-pain-${added++}`, description: 'new', severity: 5, frequency: 5 }];
        else if (e.value % 4 === 0) pain.severity = ((pain.severity ?? 0) % 5) + 1;
        else if (e.value % 4 === 1) pain.frequency = ((pain.frequency ?? 0) % 5) + 1;
        else pain.description = `${pain.description}!`;
        break;
      }
    }
  }
  return out;
}

const TOUCHPOINT_FIELDS = ['channel', 'emotion', 'effort', 'reach', 'owner', 'moment_of_truth', 'evidence'] as const;
const PAIN_POINT_FIELDS = ['description', 'severity', 'frequency', 'evidence'] as const;

/** The touchpoint and pain-point changes, worked out independently of the diff model. */
function expectedTouchpointChanges(base: JourneyMap, head: JourneyMap): string[] {
  const index = (map: JourneyMap) => new Map(map.stages.flatMap((s) => (s.touchpoints ?? []).map((t) => [t.id, { t, stage: s.id }] as const)));
  const before = index(base);
  const after = index(head);
  const out: string[] = [];
  for (const [id, { t, stage }] of after) {
    const was = before.get(id);
    if (!was) {
      out.push(`added ${id}`);
      continue;
    }
    if (was.stage !== stage) out.push(`moved ${id} ${was.stage}->${stage}`);
    if (was.t.name !== t.name) out.push(`renamed ${id}`);
    for (const field of TOUCHPOINT_FIELDS) {
      const a = was.t[field] ?? null;
      const b = t[field] ?? null;
      if (a !== b) out.push(`changed ${id} ${field} ${String(a)}->${String(b)}`);
    }
    const painsBefore = new Map((was.t.pain_points ?? []).map((p) => [p.id, p]));
    const painsAfter = new Map((t.pain_points ?? []).map((p) => [p.id, p]));
    for (const [painId, pain] of painsAfter) {
      const old = painsBefore.get(painId);
      if (!old) out.push(`pain-point added ${id}/${painId}`);
      else
        for (const field of PAIN_POINT_FIELDS)
          if ((old[field] ?? null) !== (pain[field] ?? null)) out.push(`pain-point changed ${id}/${painId} ${field} ${String(old[field] ?? null)}->${String(pain[field] ?? null)}`);
    }
    for (const painId of painsBefore.keys()) if (!painsAfter.has(painId)) out.push(`pain-point removed ${id}/${painId}`);
  }
  for (const id of before.keys()) if (!after.has(id)) out.push(`removed ${id}`);
  return out.sort();
}

describe('fuzz: diff of a map against a changed version of itself', () => {
  it('reordering is no change; changes, scores and counts agree with the maps', async () => {
    const cwd = workspace();
    await assertWithin(
      fc.tuple(validMapShape, fc.integer(), fc.array(edit, { maxLength: 3 }), fc.constantFrom(undefined, ...DIFF_FORMATS)),
      async ([shape, seed, edits, format]) => {
        const started = performance.now();
        const base = buildValid(shape);
        const head = reorder(applyEdits(base, edits), seed);
        const baseYaml = toYaml(base);
        const headYaml = toYaml(head);
        const baseLoaded = load('base.journey.yaml', new TextEncoder().encode(baseYaml));
        const headLoaded = load('map.journey.yaml', new TextEncoder().encode(headYaml));
        expect(baseLoaded.map, 'the base map must pass the schema').toBeDefined();
        expect(headLoaded.map, 'the head map must pass the schema').toBeDefined();
        expectFiniteModel(baseLoaded, 'base');
        expectFiniteModel(headLoaded, 'head');

        const report = expectDiffInMemory(baseLoaded, headLoaded, 'diff');
        const file = report.files[0]!;
        if (edits.length === 0) {
          expect(file.status, 'reordering only').toBe('unchanged');
          expect(file.summary).toBe('no changes');
        }

        const touchpointChanges = file.changes
          .filter((c) => c.kind === 'touchpoint' || c.kind === 'pain-point')
          .map((c) => {
            const prefix = c.kind === 'pain-point' ? 'pain-point ' : '';
            const id = c.kind === 'pain-point' ? `${c.touchpoint!}/${c.id}` : c.id;
            if (c.change === 'changed') return `${prefix}changed ${id} ${c.field!} ${String(c.before)}->${String(c.after)}`;
            if (c.change === 'moved') return `moved ${id} ${String(c.before)}->${String(c.after)}`;
            return `${prefix}${c.change} ${id}`;
          })
          .sort();
        expect(touchpointChanges).toEqual(expectedTouchpointChanges(base, head).sort());

        // Scores: the model's figures rounded to one decimal; a touchpoint left out did not move.
        const scores = (map: JourneyMap) => new Map(scoreJourney(map, DEFAULT_SCORING).touchpoints.map((t) => [t.id, t]));
        const before = scores(base);
        const after = scores(head);
        const listed = new Map(file.scores.map((s) => [s.touchpoint, s]));
        for (const id of new Set([...before.keys(), ...after.keys()])) {
          const a = before.get(id);
          const b = after.get(id);
          const s = listed.get(id);
          const expected = [a ? round1(a.friction) : null, b ? round1(b.friction) : null];
          if (s) expect(s.friction, id).toEqual(expected);
          else expect(a && b && round1(a.friction) === round1(b.friction) && round1(a.priority) === round1(b.priority), `${id} left out of scores`).toBe(true);
        }

        // Some cases also through the CLI, which must print what the model computed.
        if (format !== undefined) {
          writeFileSync(path.join(cwd, 'base.journey.yaml'), baseYaml);
          writeFileSync(path.join(cwd, 'map.journey.yaml'), headYaml);
          const result = await cli(['diff', 'base.journey.yaml', 'map.journey.yaml', '--format', format], cwd);
          const printed = expectDiff(result, format, { base: baseYaml, head: headYaml }, `diff --format ${format}`);
          expect(result.code).toBe(0);
          if (printed) expect(printed).toEqual(report);
          else if (file.status === 'unchanged') expect(result.stdout).toMatch(/\b1 unchanged\b|No journey map changed/);
        }
        const elapsed = performance.now() - started;
        expect(elapsed, `one case took ${Math.round(elapsed)} ms`).toBeLessThan(RUN_LIMIT_MS);
      },
      150,
    );
  });
});

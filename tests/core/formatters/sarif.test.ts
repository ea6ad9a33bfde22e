import type { Log, ReportingDescriptor, Result, Run, ToolComponent } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, FileResult, ValidationReport } from '../../../src/core/diagnostics.js';
import { summarize } from '../../../src/core/diagnostics.js';
import { FINGERPRINT_KEY, fileUri, sarif } from '../../../src/core/formatters/sarif.js';
import { options, report } from './report-fixture.js';
import { surveyWarning, warningsReport } from '../../../src/core/survey/warnings.js';

/** The SARIF journeykit writes: parts the SARIF types leave optional are always there. */
type WrittenResult = Result & Required<Pick<Result, 'ruleId' | 'ruleIndex' | 'level' | 'partialFingerprints' | 'locations'>>;
type WrittenRun = Omit<Run, 'results' | 'tool'> &
  Required<Pick<Run, 'originalUriBaseIds'>> & { results: WrittenResult[]; tool: { driver: ToolComponent & { rules: ReportingDescriptor[] } } };
type SarifLog = Omit<Log, 'runs'> & { runs: WrittenRun[] };

const parse = (r: ValidationReport = report, rules = options().rules): SarifLog => JSON.parse(sarif(r, { ...options(), rules })) as SarifLog;

const single = (d: Partial<Diagnostic>, file = 'maps/a.journey.yaml'): ValidationReport => {
  const base: Diagnostic = {
    code: 'lint/unknown-persona',
    severity: 'error',
    message: "Persona 'x' is unknown.",
    path: '/stages/0',
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 9,
  };
  const files: FileResult[] = [{ file, diagnostics: [{ ...base, ...d }] }];
  return { files, summary: summarize(files) };
};

const fingerprintOf = (r: ValidationReport): string => parse(r).runs[0]!.results[0]!.partialFingerprints[FINGERPRINT_KEY]!;

describe('sarif', () => {
  it('is SARIF 2.1.0 with one run by journeykit', () => {
    const log = parse();
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    expect(run.tool.driver).toMatchObject({ name: 'journeykit', version: '1.2.3', informationUri: 'https://github.com/journeykit/journeykit' });
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(Object.keys(run.originalUriBaseIds)).toEqual(['%SRCROOT%']);
  });

  it('describes every lint rule, then every other code that occurs, each group sorted by id', () => {
    const ids = parse().runs[0]!.tool.driver.rules.map((r) => r.id);
    const lint = options()
      .rules.map((r) => `lint/${r.id}`)
      .sort();
    expect(ids).toEqual([...lint, 'schema/enum', 'schema/required']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives lint rules their metadata and a docs link', () => {
    const rule = parse().runs[0]!.tool.driver.rules.find((r) => r.id === 'lint/unknown-persona');
    expect(rule).toEqual({
      id: 'lint/unknown-persona',
      name: 'UnknownPersona',
      shortDescription: { text: 'A touchpoint names a persona the map does not define.' },
      fullDescription: { text: 'Fix the id or add the persona to the map.' },
      helpUri: 'https://github.com/journeykit/journeykit/blob/main/docs/rules.md#unknown-persona',
      defaultConfiguration: { level: 'error' },
    });
  });

  it("points every result's ruleIndex at the rule with its ruleId", () => {
    const run = parse().runs[0]!;
    expect(run.results).toHaveLength(7);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
  });

  it('describes a lint code the run did not pass metadata for, so no ruleIndex dangles', () => {
    const run = parse(report, []).runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([
      'lint/emotion-out-of-scale',
      'lint/future-without-based-on',
      'lint/unknown-owner',
      'lint/unknown-persona',
      'lint/unused-persona',
      'schema/enum',
      'schema/required',
    ]);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
  });

  it('maps severities to SARIF levels', () => {
    const levels = Object.fromEntries(parse().runs[0]!.results.map((r) => [r.ruleId, r.level]));
    expect(levels).toMatchObject({ 'schema/required': 'error', 'lint/unknown-persona': 'warning', 'lint/unused-persona': 'note' });
    expect(new Set(Object.values(levels))).toEqual(new Set(['error', 'warning', 'note']));
  });

  it('puts the hint on its own line of the message', () => {
    const result = parse(single({ hint: 'Define it.' })).runs[0]!.results[0]!;
    expect(result.message.text).toBe("Persona 'x' is unknown.\nDefine it.");
    expect(parse(single({})).runs[0]!.results[0]!.message.text).toBe("Persona 'x' is unknown.");
  });

  it('locates results by a percent-encoded URI relative to %SRCROOT% and a 1-based region', () => {
    const location = parse(single({}, 'maps/hostile #1/evil map, 100%.journey.yaml')).runs[0]!.results[0]!.locations[0]!;
    expect(location.physicalLocation).toEqual({
      artifactLocation: { uri: 'maps/hostile%20%231/evil%20map%2C%20100%25.journey.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 9 },
    });
  });

  it.each([
    ['maps/a.journey.yaml', 'maps/a.journey.yaml'],
    ['../shared/a b.yaml', '../shared/a%20b.yaml'],
    ['c:/x?y.yaml', 'c%3A/x%3Fy.yaml'],
    ['顧客.yaml', '%E9%A1%A7%E5%AE%A2.yaml'],
  ])('fileUri(%j) = %j', (file, uri) => {
    expect(fileUri(file)).toBe(uri);
  });

  it('keeps the fingerprint when only the position changes', () => {
    const before = fingerprintOf(single({}));
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintOf(single({ line: 40, endLine: 40, column: 1, endColumn: 2 }))).toBe(before);
    expect(fingerprintOf(single({ hint: 'A new hint.', severity: 'warning' }))).toBe(before);
  });

  it('changes the fingerprint when the message, code, path or file changes', () => {
    const before = fingerprintOf(single({}));
    expect(fingerprintOf(single({ message: "Persona 'y' is unknown." }))).not.toBe(before);
    expect(fingerprintOf(single({ code: 'lint/unknown-owner' }))).not.toBe(before);
    expect(fingerprintOf(single({ path: '/stages/1' }))).not.toBe(before);
    expect(fingerprintOf(single({}, 'maps/b.journey.yaml'))).not.toBe(before);
  });

  it("keeps the fingerprint when only the message's numbers change (a count, a value still wrong at the same place)", () => {
    const at = (message: string) => fingerprintOf(single({ message }));
    expect(at('Emotion 7 is above the maximum 5.')).toBe(at('Emotion 9 is above the maximum 5.'));
    expect(at('Emotion 7 is above the maximum 5.')).not.toBe(at('Effort 7 is above the maximum 5.'));
  });

  it('survey warnings: counted warnings without a line stay apart; one per run keeps its identity', () => {
    const ids = (warnings: Diagnostic[]): string[] => parse(warningsReport(warnings, ['a.csv'])).runs[0]!.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]!);
    // As --from-aggregates gives them: no line, the column, a count.
    const counted = ids([
      surveyWarning({ code: 'csv/bad-value', field: 'NPS', message: "NPS answer 'x1' is not an NPS answer: 3 rows." }),
      surveyWarning({ code: 'csv/bad-value', field: 'NPS', message: "NPS answer 'maybe' is not an NPS answer: 2 rows." }),
      surveyWarning({ code: 'csv/bad-value', field: 'NPS', message: "NPS answer 'x2' is not an NPS answer." }),
    ]);
    expect(new Set(counted).size).toBe(3);
    const folded = (dimension: string, count: number) =>
      surveyWarning({ code: 'csv/segments-folded', identity: dimension, message: `'${dimension}' has ${count} distinct values.` });
    const [channel, touchpoint] = ids([folded('channel', 120), folded('touchpoint', 300)]);
    expect(channel).not.toBe(touchpoint);
    expect(ids([folded('channel', 1_500)])[0]).toBe(channel);
  });

  it('omits the driver version when it is unknown', () => {
    const log = JSON.parse(sarif(report, { ...options(), version: '' })) as SarifLog;
    expect(log.runs[0]!.tool.driver).not.toHaveProperty('version');
  });

  it('has an empty result list for a clean run', () => {
    const run = parse({ files: [{ file: 'a.yaml', diagnostics: [] }], summary: { files: 1, errors: 0, warnings: 0, infos: 0 } }).runs[0]!;
    expect(run.results).toEqual([]);
    expect(run.tool.driver.rules).toHaveLength(options().rules.length);
  });
});

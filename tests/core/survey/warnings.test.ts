import { describe, expect, it } from 'vitest';
import { surveyWarning, warningFromJson, warningsReport, warningToJson } from '../../../src/core/survey/warnings.js';

describe('survey warnings are Diagnostics', () => {
  it('a located warning has its physical line, column 1 and the header as field', () => {
    expect(surveyWarning({ code: 'csv/bad-value', message: 'm', line: 57, field: 'Q1', file: 'a.csv' })).toEqual({
      code: 'csv/bad-value',
      severity: 'warning',
      message: 'm',
      path: '',
      line: 57,
      column: 1,
      endLine: 57,
      endColumn: 1,
      field: 'Q1',
      file: 'a.csv',
    });
  });

  it('round-trips through the metrics JSON shape, which omits what it does not know', () => {
    const shapes = [
      { code: 'csv/bad-value', message: 'm', line: 57, column: 'Q1', file: 'a.csv' },
      { code: 'csv/undated', message: 'n' },
      { code: 'survey/unmatched-touchpoint', message: 'o', column: 'Touchpoint' },
    ];
    for (const shape of shapes) expect(warningToJson(warningFromJson(shape))).toEqual(shape);
  });

  it('as a report: by export file, unlocated ones at the start of the first export, sorted by line', () => {
    const report = warningsReport(
      [
        surveyWarning({ code: 'csv/bad-value', message: 'late', line: 90, field: 'Q1', file: 'b.csv' }),
        surveyWarning({ code: 'csv/undated', message: 'whole run' }),
        surveyWarning({ code: 'csv/bad-date', message: 'early', line: 3, field: 'Date', file: 'b.csv' }),
      ],
      ['a.csv', 'b.csv'],
    );
    expect(report.files.map((f) => [f.file, f.diagnostics.map((d) => [d.line, d.message])])).toEqual([
      ['a.csv', [[1, 'whole run']]],
      [
        'b.csv',
        [
          [3, "Column 'Date': early"],
          [90, "Column 'Q1': late"],
        ],
      ],
    ]);
    expect(report.summary).toEqual({ files: 2, errors: 0, warnings: 3, infos: 0 });
  });
});

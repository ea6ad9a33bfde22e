import { describe, expect, it } from 'vitest';
import type { MetricsReport } from '../../src/core/survey/types.js';
import { runCli, workspace } from './harness.js';

/**
 * Export layouts (SURVEY.md "Layouts", issue 12 item 4): SurveyMonkey's two-row header told from
 * its second row, with or without metadata and in the old `RespondentID` form; matrix rows named
 * by their label; Qualtrics 2016 with its single-quoted ImportId row; `"timeZone":"Z"` as UTC.
 * Small synthetic exports in the platforms' real column layouts.
 */

const csv = (...rows: string[]) => rows.join('\r\n') + '\r\n';
const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;

async function metrics(text: string, argv: string[] = []) {
  const cwd = workspace({ 'e.csv': text });
  const result = await runCli(['metrics', 'e.csv', '--format', 'json', ...argv], { cwd });
  return { ...result, report: result.code === 0 ? (JSON.parse(result.stdout) as MetricsReport) : undefined };
}

/** NPS answers 10, 9, 7, 3 and 0: 2 promoters, 2 detractors of 5, score 0. */
const NPS_ANSWERS = ['10', '9', '7', '3', '0'];

describe('SurveyMonkey two-row headers', () => {
  const question = 'How likely is it that you would recommend us to a friend?';
  const channels = ['Web', 'Phone', 'Web', 'Store', 'Web'];

  it('with the current metadata columns', async () => {
    const rows = NPS_ANSWERS.map((a, i) => `${1000 + i},42,03/05/2026 10:00:00 AM,03/05/2026 10:05:00 AM,${channels[i]},${a}`);
    const { code, report, stderr } = await metrics(csv(`Respondent ID,Collector ID,Start Date,End Date,Channel,${question}`, ',,,,Response,Response', ...rows), [
      '--by',
      'channel',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(report!.source.platform).toBe('surveymonkey');
    expect(report!.source.included).toBe(5);
    expect(report!.overall.nps).toMatchObject({ n: 5, promoters: 2, detractors: 2, score: 0 });
    expect(Object.keys(report!.segments.channel!).sort()).toEqual(['Phone', 'Store', 'Web']);
  });

  it('without metadata columns: the "Response" row is a header, never an answer or a segment', async () => {
    const rows = NPS_ANSWERS.map((a, i) => `${channels[i]},${a},fine`);
    const { code, report } = await metrics(csv(`Channel,${question},Anything else?`, 'Response,Response,Open-Ended Response', ...rows), ['--by', 'channel']);
    expect(code).toBe(0);
    expect(report!.source.platform).toBe('surveymonkey');
    expect(report!.source.rows).toBe(5);
    expect(report!.overall.nps).toMatchObject({ n: 5, promoters: 2, detractors: 2 });
    expect(Object.keys(report!.segments.channel!)).not.toContain('Response');
    expect(Object.keys(report!.segments.channel!).sort()).toEqual(['Phone', 'Store', 'Web']);
  });

  it('in the old RespondentID form, with the response id used to drop a repeated response', async () => {
    const rows = NPS_ANSWERS.map((a, i) => `${1000 + i},42,03/05/2026 10:00,03/05/2026 10:05,,,,,${a}`);
    const { code, report } = await metrics(
      csv(`RespondentID,CollectorID,StartDate,EndDate,IP Address,Email Address,First Name,LastName,${question}`, ',,,,,,,,Response', ...rows, rows[0]!),
      ['--period', 'month'],
    );
    expect(code).toBe(0);
    expect(report!.source.platform).toBe('surveymonkey');
    expect(report!.source.columns).toMatchObject({ nps: question, response_id: 'RespondentID', date: 'EndDate' });
    expect(report!.overall.nps).toMatchObject({ n: 5, promoters: 2, detractors: 2 });
    expect(report!.warnings.map((w) => w.code)).toContain('csv/duplicate-response');
    expect(Object.keys(report!.periods)).toEqual(['2026-03']);
  });

  it('names matrix sub-columns after their row, so --column can pick one by its row label', async () => {
    const matrix = 'How satisfied were you with each of the following?';
    const header = csv(`Respondent ID,Collector ID,${matrix},,,Which channels did you use?,`, ',,Delivery,Price,Support,Web,Phone');
    const body = ['1,9,5,1,2,Web,', '2,9,4,2,5,,Phone', '3,9,2,3,4,Web,Phone', '4,9,5,3,1,Web,'].join('\r\n') + '\r\n';
    const named = await metrics(header + body, ['--column', 'csat=Support']);
    expect(named.stderr).toBe('');
    expect(named.code).toBe(0);
    expect(named.report!.source.columns.csat).toBe(`${matrix} [Support]`);
    // Support: 2, 5, 4, 1 on 1-5: two of four in the top two points.
    expect(named.report!.overall.csat).toMatchObject({ n: 4, score: 50 });
    const full = await metrics(header + body, ['--column', `csat=${matrix} [Delivery]`]);
    expect(full.report!.overall.csat).toMatchObject({ n: 4, score: 75 });
    // Three rows look like CSAT: the message names them by their full ids.
    const ambiguous = await metrics(header + body);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain(`'${matrix} [Price]'`);
  });

  it('a one-row export whose answers say "Response" stays generic', async () => {
    const { code, report } = await metrics(csv('id,kind,nps', '1,Response,10', '2,Response,0', '3,Survey,9'));
    expect(code).toBe(0);
    expect(report!.source.platform).toBe('generic');
    expect(report!.overall.nps).toMatchObject({ n: 3 });
  });
});

describe('Qualtrics 2016 layout', () => {
  const header = [
    'ResponseID,ResponseSet,IPAddress,StartDate,EndDate,RecipientLastName,RecipientFirstName,RecipientEmail,ExternalDataReference,Finished,Status,Q1,LocationLatitude,LocationLongitude,LocationAccuracy',
    'ResponseID,ResponseSet,IPAddress,StartDate,EndDate,RecipientLastName,RecipientFirstName,RecipientEmail,ExternalDataReference,Finished,Status,How likely are you to recommend us to a friend?,LocationLatitude,LocationLongitude,LocationAccuracy',
    `"{'ImportId': 'responseId'}","{'ImportId': 'responseSet'}","{'ImportId': 'ipAddress'}","{'ImportId': 'startDate', 'timeZone': 'America/Denver'}","{'ImportId': 'endDate', 'timeZone': 'America/Denver'}",,,,,"{'ImportId': 'finished'}","{'ImportId': 'status'}","{'ImportId': 'QID1'}",,,`,
  ];
  const row = (id: string, end: string, status: string, answer: string) => `${id},Default Response Set,10.0.0.1,${end},${end},,,,,1,${status},${answer},,,-1`;

  it('is recognised: header rows are not answers, test and preview responses are excluded', async () => {
    const { code, report, stderr } = await metrics(
      csv(
        ...header,
        row('R_1', '2016-04-30 23:30:00', '0', '10'),
        row('R_2', '2016-04-08 12:04:00', '0', '9'),
        row('R_3', '2016-04-08 12:04:00', '0', '7'),
        row('R_4', '2016-04-08 12:04:00', '0', '3'),
        row('R_5', '2016-04-08 12:04:00', '4', '0'),
        row('R_6', '2016-04-08 12:04:00', '1', '0'),
        row('R_7', '2016-04-08 12:04:00', '2', '0'),
      ),
      ['--period', 'month'],
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(report!.source.platform).toBe('qualtrics');
    expect(report!.source.rows).toBe(7);
    expect(report!.source.included).toBe(5);
    expect(report!.overall.nps).toMatchObject({ n: 5, promoters: 2, detractors: 2, score: 0 });
    expect(report!.source.timeZone).toBe('America/Denver');
    // 23:30 in Denver on April 30th is still April (in UTC it would be May).
    expect(Object.keys(report!.periods)).toEqual(['2016-04']);
    // The ImportId names the column too.
    const byImportId = await metrics(csv(...header, row('R_1', '2016-04-08 12:04:00', '0', '10')), ['--column', 'nps=QID1']);
    expect(byImportId.report!.source.columns.nps).toBe('Q1');
  });
});

describe('Qualtrics ImportId time zones', () => {
  it('"timeZone":"Z" is UTC, without a warning about an unknown zone', async () => {
    const { code, report } = await metrics(
      csv(
        'StartDate,EndDate,Status,Finished,RecordedDate,ResponseId,Q1',
        'Start Date,End Date,Response Type,Finished,Recorded Date,Response ID,How likely are you to recommend us?',
        [
          '{"ImportId":"startDate","timeZone":"Z"}',
          '{"ImportId":"endDate","timeZone":"Z"}',
          '{"ImportId":"status"}',
          '{"ImportId":"finished"}',
          '{"ImportId":"recordedDate","timeZone":"Z"}',
          '{"ImportId":"_recordId"}',
          '{"ImportId":"QID1"}',
        ]
          .map(quote)
          .join(','),
        '2026-03-31 23:30:00,2026-03-31 23:40:00,0,1,2026-03-31 23:40:00,R_1,10',
        '2026-04-01 00:30:00,2026-04-01 00:40:00,0,1,2026-04-01 00:40:00,R_2,0',
      ),
      ['--period', 'month'],
    );
    expect(code).toBe(0);
    expect(report!.source.timeZone).toBe('UTC');
    expect(report!.warnings.map((w) => w.code)).not.toContain('csv/bad-time-zone');
    expect(report!.source.inferred.join('\n')).toContain('Time zone UTC');
    expect(Object.keys(report!.periods)).toEqual(['2026-03', '2026-04']);
  });
});

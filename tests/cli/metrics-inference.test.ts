/**
 * Issue 12, items 1-3: a column becomes a metric only when its answers fit the metric; label
 * sets are read on the smallest known scale with every observed label, placed on --scale, or
 * given by the user (--labels, survey.labels); a few stray values never move a scale. Each
 * export mirrors a real one that came out wrong (Typeform yes/no "would you recommend",
 * Qualtrics 1-7 "how likely", a consent screen mentioning satisfaction, SurveyMonkey's
 * 5-point agreement labels with Somewhat levels).
 */
import { describe, expect, it } from 'vitest';
import type { MetricsReport } from '../../src/core/survey/types.js';
import { runCli, workspace } from './harness.js';

const report = (stdout: string) => JSON.parse(stdout) as MetricsReport;

async function metrics(files: Record<string, string>, argv: string[] = [], file = 'e.csv') {
  const cwd = workspace(files);
  return runCli(['metrics', file, ...argv], { cwd });
}

async function json(files: Record<string, string>, argv: string[] = []) {
  const result = await metrics(files, [...argv, '--format', 'json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return report(result.stdout);
}

const csv = (header: string, rows: readonly (readonly (string | number)[])[]) => [header, ...rows.map((r) => r.join(','))].join('\n') + '\n';

/** Top-two-box share in percent, rounded as the report rounds (one decimal). */
const pct = (k: number, n: number) => Math.round((1000 * k) / n) / 10;

// ---------------------------------------------------------------------------------------------
// Typeform: "Would you recommend this bootcamp?" answered 1/0, and a 1-5 satisfaction question.
const TYPEFORM_HEADER = '#,Would you recommend this bootcamp?,How satisfied are you with the course?,Response Type,Start Date (UTC),Submit Date (UTC),Network ID';
function typeform(n: number, yesNo: (i: number) => string, csat: (i: number) => number): string {
  return csv(
    TYPEFORM_HEADER,
    Array.from({ length: n }, (_, i) => [`tok${i}`, yesNo(i), csat(i), 'completed', '2024-03-01 10:00:00', '2024-03-01 10:05:00', `net${i}`]),
  );
}

describe('a column is a metric only when its answers fit the metric', () => {
  it('Typeform yes/no "would you recommend" (1/0) is not NPS: no NPS -100, no breach, a note says why', async () => {
    // 40 answers, all satisfied (4 or 5): the only KPI is CSAT, met; the yes/no column used to
    // become NPS -100 (every 0 and 1 a detractor) and fail --check.
    const files = {
      'e.csv': typeform(
        40,
        (i) => (i % 3 === 0 ? '0' : '1'),
        (i) => 4 + (i % 2),
      ),
    };
    const result = await metrics(files, ['--format', 'json', '--check']);
    expect(result.code).toBe(0);
    const out = report(result.stdout);
    expect(out.overall.nps).toBeUndefined();
    expect(out.source.columns.nps).toBeUndefined();
    expect(out.overall.csat).toMatchObject({ n: 40, score: 100 });
    expect(out.kpis.map((k) => `${k.metric} ${k.status}`)).toEqual(expect.arrayContaining(['csat met']));
    expect(out.source.inferred).toContain("'Would you recommend this bootcamp?' mentions 'recommend' but holds 0-1 (yes/no): not taken as NPS.");
  });

  it('the same export without another metric is exit 2, and the error says why the column was not taken', async () => {
    const files = {
      'e.csv': csv(
        '#,Would you recommend this bootcamp?,Response Type',
        Array.from({ length: 30 }, (_, i) => [`t${i}`, i % 4 ? 1 : 0, 'completed']),
      ),
    };
    const result = await metrics(files);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('No NPS, CSAT, CES or FCR column found in the export.');
    expect(result.stderr).toContain("'Would you recommend this bootcamp?' mentions 'recommend' but holds 0-1 (yes/no): not taken as NPS.");
  });

  it('yes/no words on a "would you recommend" question are not NPS either', async () => {
    const files = {
      'e.csv': csv(
        'id,Would you recommend us to a friend?,How satisfied were you?',
        Array.from({ length: 25 }, (_, i) => [`r${i}`, i % 2 ? 'Yes' : 'No', 1 + (i % 5)]),
      ),
    };
    const out = await json(files);
    expect(out.overall.nps).toBeUndefined();
    expect(out.overall.csat?.n).toBe(25);
    expect(out.source.inferred).toContain("'Would you recommend us to a friend?' mentions 'recommend' but holds answers such as 'No', 'Yes': not taken as NPS.");
  });

  /** Qualtrics numeric export: Q1 a real 0-10 NPS, Q8_3 a 1-7 rating whose text says "recommend" and "likely", a consent screen. */
  function qualtrics(withNps: boolean, withCsat = false): string {
    const ids = ['StartDate', 'EndDate', 'Status', 'Finished', 'RecordedDate', 'ResponseId', 'QID_consent', ...(withNps ? ['Q1'] : []), 'Q8_3', ...(withCsat ? ['Q2'] : [])];
    const texts = [
      'Start Date',
      'End Date',
      'Response Type',
      'Finished',
      'Recorded Date',
      'Response ID',
      'Consent form: I have read the information sheet and agree that my satisfaction ratings may be used for research.',
      ...(withNps ? ['How likely are you to recommend us to a friend or colleague?'] : []),
      'How likely would you be to recommend the new dashboard? (1 = not at all likely, 7 = extremely likely)',
      ...(withCsat ? ['Overall, how satisfied were you with your visit?'] : []),
    ];
    const lines = [ids.join(','), texts.map((t) => `"${t}"`).join(','), ids.map((id) => `"{""ImportId"":""${id}""}"`).join(',')];
    for (let i = 0; i < 60; i++) {
      // Consent answered 1..3 (I agree / I do not agree / ask me later): the highest answer is 3.
      const row = ['2024-01-01 10:00:00', '2024-01-01 10:05:00', '0', '1', '2024-01-01 10:05:00', `R_${i}`, String(1 + (i % 3))];
      if (withNps) row.push(String(i % 11));
      row.push(String(1 + (i % 7)));
      if (withCsat) row.push(String(1 + (i % 5)));
      lines.push(row.join(','));
    }
    return lines.join('\n') + '\n';
  }

  it('Qualtrics: a 1-7 rating whose text mentions "recommend" and "likely" is not NPS; the 0-10 one is', async () => {
    const out = await json({ 'e.csv': qualtrics(true) });
    expect(out.source.columns.nps).toBe('Q1');
    // Q1 is i % 11 over 60 rows: 0..10 five times each, then 0..4; promoters 9-10, detractors 0-6.
    const answers = Array.from({ length: 60 }, (_, i) => i % 11);
    const promoters = answers.filter((v) => v >= 9).length;
    const detractors = answers.filter((v) => v <= 6).length;
    expect(out.overall.nps).toMatchObject({ n: 60, promoters, detractors, score: Math.round((1000 * (promoters - detractors)) / 60) / 10 });
    expect(out.source.inferred).toEqual(
      expect.arrayContaining([expect.stringMatching(/^'Q8_3' \("How likely would you be to recommend the new dashb.*"\) mentions 'recommend' but holds 1-7: not taken as NPS\.$/)]),
    );
  });

  it('a consent screen that mentions satisfaction (answers 1-3) is not CSAT; the real CSAT question is', async () => {
    const out = await json({ 'e.csv': qualtrics(true, true) });
    expect(out.source.columns.csat).toBe('Q2');
    const answers = Array.from({ length: 60 }, (_, i) => 1 + (i % 5));
    expect(out.overall.csat).toMatchObject({ n: 60, score: pct(answers.filter((v) => v >= 4).length, 60), scale: [1, 5] });
    expect(out.source.inferred.some((note) => note.startsWith("'QID_consent'") && note.endsWith("mentions 'Consent': a consent or screening question, not a metric."))).toBe(true);
  });

  it('with only the 1-7 rating and the consent screen, nothing is taken: exit 2 with both reasons', async () => {
    const result = await metrics({ 'e.csv': qualtrics(false) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("mentions 'recommend' but holds 1-7: not taken as NPS.");
    expect(result.stderr).toContain('a consent or screening question, not a metric.');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('consent answers ("I agree") on a question that mentions satisfaction are not a metric', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`r${i}`, i % 4 ? 'I agree' : 'I do not agree', 1 + (i % 5)]);
    const out = await json({ 'e.csv': csv('id,Satisfaction study participation,How satisfied were you?', rows) });
    expect(out.source.columns.csat).toBe('How satisfied were you?');
    expect(out.source.inferred).toContain("'Satisfaction study participation' holds answers such as 'I do not agree': a consent or screening question, not a metric.");
  });

  it('an attention check inside a satisfaction block is not a metric', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`r${i}`, 5, 1 + (i % 5)]);
    const out = await json({ 'e.csv': csv('id,Satisfaction - attention check: please select 5 for this row,How satisfied were you with delivery?', rows) });
    expect(out.source.columns.csat).toBe('How satisfied were you with delivery?');
    expect(out.overall.csat?.score).toBe(pct(12, 30));
  });

  it('FCR must hold yes/no answers: a 1-5 rating about first-contact resolution is not FCR', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`r${i}`, 1 + (i % 5), i % 3 ? 'Yes' : 'No']);
    const result = await metrics({ 'e.csv': csv('id,How well was your issue resolved on first contact?,Resolved on first contact', rows) }, ['--format', 'json']);
    expect(result.code).toBe(0);
    const out = report(result.stdout);
    expect(out.source.columns.fcr).toBe('Resolved on first contact');
    expect(out.overall.fcr).toMatchObject({ n: 30, score: pct(20, 30) });
    expect(out.source.inferred).toContain("'How well was your issue resolved on first contact?' mentions 'first contact' but holds 1-5: not taken as FCR.");
  });

  it('--column METRIC=X keeps X out of every other metric', async () => {
    // The header says both "satisfied" and "recommend"; named for CSAT, it is not NPS too.
    const header = 'id,How satisfied are you - enough to recommend us?,How likely are you to recommend us to a friend?';
    const rows = Array.from({ length: 30 }, (_, i) => [`r${i}`, 1 + (i % 5), i % 11]);
    const out = await json({ 'e.csv': csv(header, rows) }, ['--column', 'csat=How satisfied are you - enough to recommend us?']);
    expect(out.source.columns.csat).toBe('How satisfied are you - enough to recommend us?');
    expect(out.source.columns.nps).toBe('How likely are you to recommend us to a friend?');
    expect(out.overall.nps?.n).toBe(30);
  });

  it('a column named with --column is read as asked, with a warning when its answers do not fit', async () => {
    const files = {
      'e.csv': typeform(
        30,
        (i) => (i % 2 ? '1' : '0'),
        () => 5,
      ),
    };
    const out = await json(files, ['--column', 'nps=Would you recommend this bootcamp?']);
    expect(out.overall.nps?.n).toBe(30);
    const warning = out.warnings.find((w) => w.code === 'csv/metric-mismatch');
    expect(warning?.message).toBe(
      "Column 'Would you recommend this bootcamp?' is named for NPS but holds 0-1 (yes/no), which does not look like NPS answers; it is read as NPS as asked.",
    );
  });
});

// ---------------------------------------------------------------------------------------------
// SurveyMonkey: two header rows, agreement labels with Somewhat levels (5-point).
const AGREE_5 = ['Strongly disagree', 'Somewhat disagree', 'Neither agree nor disagree', 'Somewhat agree', 'Strongly agree'];
const COUNTS = [4, 6, 17, 9, 14];
function surveyMonkey(labels: readonly string[], counts: readonly number[]): string {
  const lines = ['Respondent ID,Collector ID,Start Date,End Date,I was satisfied with the service.', ',,,,Response'];
  let id = 1000;
  labels.forEach((label, i) => {
    for (let k = 0; k < counts[i]!; k++) lines.push(`${id++},4242,03/01/2024 10:00:00 AM,03/01/2024 10:05:00 AM,${label}`);
  });
  return lines.join('\n') + '\n';
}

describe('label sets', () => {
  const n = COUNTS.reduce((a, b) => a + b, 0);
  const satisfied = COUNTS[3]! + COUNTS[4]!;
  const mean = Math.round((100 * COUNTS.reduce((sum, c, i) => sum + c * (i + 1), 0)) / n) / 100;

  it('SurveyMonkey 5-point agreement with Somewhat levels is 5-point: CSAT 46%, not 24%', async () => {
    const out = await json({ 'e.csv': surveyMonkey(AGREE_5, COUNTS) });
    expect(out.overall.csat).toMatchObject({ n, score: pct(satisfied, n), mean, scale: [1, 5] });
    expect(out.overall.csat?.score).toBe(46);
    expect(out.source.inferred).toContain('CSAT scale 1-5 from its labels (agreement, 5-point); satisfied = the top two points.');
    expect(out.warnings).toEqual([]);
  });

  it('--scale csat=1-5 places the labels on the scale: no answer dropped, the same 46%', async () => {
    const out = await json({ 'e.csv': surveyMonkey(AGREE_5, COUNTS) }, ['--scale', 'csat=1-5']);
    expect(out.overall.csat).toMatchObject({ n, score: 46, mean, scale: [1, 5] });
    expect(out.warnings).toEqual([]);
  });

  it('--scale csat=0-4 shifts the label points, the share stays', async () => {
    const out = await json({ 'e.csv': surveyMonkey(AGREE_5, COUNTS) }, ['--scale', 'csat=0-4']);
    expect(out.overall.csat).toMatchObject({ n, score: 46, mean: Math.round(100 * (mean - 1)) / 100, scale: [0, 4] });
    expect(out.warnings).toEqual([]);
  });

  it('Agree and Somewhat agree together are the 7-point scale (the smallest with both)', async () => {
    const labels = ['Strongly disagree', 'Disagree', 'Somewhat disagree', 'Neither agree nor disagree', 'Somewhat agree', 'Agree', 'Strongly agree'];
    const counts = [2, 3, 5, 10, 10, 12, 8];
    const out = await json({ 'e.csv': surveyMonkey(labels, counts) });
    expect(out.overall.csat).toMatchObject({ n: 50, score: pct(20, 50), scale: [1, 7] });
    expect(out.source.inferred).toContain('CSAT scale 1-7 from its labels (agreement, 7-point); satisfied = the top two points.');
  });

  it('--scale with a number of points no known wording of the labels has is exit 2, not dropped answers', async () => {
    const labels = ['Strongly disagree', 'Disagree', 'Somewhat disagree', 'Neither agree nor disagree', 'Somewhat agree', 'Agree', 'Strongly agree'];
    const result = await metrics({ 'e.csv': surveyMonkey(labels, [2, 3, 5, 10, 10, 12, 8]) }, ['--scale', 'csat=1-5']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      "journey: error: The scale 1-5 given for CSAT has 5 points, but the agreement labels of 'I was satisfied with the service.' are a 7-point scale.",
    );
  });

  const FAVOURABLE = ['Very unfavourable', 'Unfavourable', 'Neutral', 'Favourable', 'Very favourable'];
  const favourability = () =>
    csv(
      'id,How satisfied are you with our support?',
      Array.from({ length: 30 }, (_, i) => [`r${i}`, FAVOURABLE[[0, 1, 2, 3, 3, 4, 4, 4, 2, 3][i % 10]!]!]),
    );

  it('labels the tool does not know: exit 2 pointing at --labels', async () => {
    const result = await metrics({ 'e.csv': favourability() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "mentions 'satisfied' but holds answers such as 'Very unfavourable', 'Unfavourable', 'Favourable': not taken as CSAT (labels of its own can be given with --labels csat=LOWEST|...|HIGHEST).",
    );
  });

  it('--labels gives them, lowest first: the last two are satisfied', async () => {
    const out = await json({ 'e.csv': favourability() }, ['--labels', `csat=${FAVOURABLE.join('|')}`]);
    // Per ten rows: 1 very unfavourable, 1 unfavourable, 2 neutral, 3 favourable, 3 very favourable.
    expect(out.overall.csat).toMatchObject({ n: 30, score: pct(18, 30), mean: Math.round((100 * (3 * (1 + 2 + 3 * 2 + 4 * 3 + 5 * 3))) / 30) / 100, scale: [1, 5] });
    expect(out.source.inferred).toContain('CSAT scale 1-5 from the 5 labels given for it; satisfied = the top two points.');
  });

  it('survey.labels in the workspace config does the same', async () => {
    const config = `survey:\n  labels:\n    csat: [${FAVOURABLE.join(', ')}]\n`;
    const out = await json({ 'e.csv': favourability(), 'journeykit.config.yaml': config });
    expect(out.overall.csat).toMatchObject({ n: 30, score: pct(18, 30), scale: [1, 5] });
  });

  it('survey.labels with one label, or the same label twice, is exit 2 naming the key', async () => {
    const one = await metrics({ 'e.csv': favourability(), 'journeykit.config.yaml': 'survey:\n  labels:\n    csat: [Good]\n' });
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('journeykit.config.yaml');
    const twice = await metrics({ 'e.csv': favourability(), 'journeykit.config.yaml': 'survey:\n  labels:\n    csat: [Good, Bad, good]\n' });
    expect(twice.code).toBe(2);
    expect(twice.stderr.split('\n')[0]).toBe("journey: error: survey.labels.csat names 'good' twice.");
  });

  it('an answer that is none of the labels given is a warning with its line, not a point', async () => {
    const text = favourability().replace('r5,Very favourable', 'r5,Strongly agree');
    const out = await json({ 'e.csv': text }, ['--labels', `csat=${FAVOURABLE.join('|')}`]);
    expect(out.overall.csat?.n).toBe(29);
    expect(out.warnings.map((w) => `${w.line} ${w.code} ${w.message}`)).toEqual([
      "7 csv/bad-value CSAT answer 'Strongly agree' is not a CSAT answer (not one of the labels given for the column).",
    ]);
  });

  it.each([
    [['--labels', 'csat=Only one'], '--labels takes METRIC=LOWEST|...|HIGHEST'],
    [['--labels', 'csat=Poor||Good'], '--labels takes METRIC=LOWEST|...|HIGHEST'],
    [['--labels', 'mood=Sad|Happy'], '--labels takes METRIC=LOWEST|...|HIGHEST'],
    [['--labels', 'csat=Poor|Good|poor'], "--labels csat=... names 'poor' twice."],
    [
      ['--labels', 'csat=Poor|Fair|Good', '--scale', 'csat=1-5', '--column', 'csat=How satisfied are you with our support?'],
      '3 labels are given for CSAT but its scale 1-5 has 5 points.',
    ],
  ])('bad --labels %j: exit 2', async (argv, message) => {
    const result = await metrics({ 'e.csv': favourability() }, argv);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toContain(message);
  });
});

// ---------------------------------------------------------------------------------------------
describe('a few stray values do not move a scale', () => {
  it('one stray 6 keeps a 1-5 CSAT column 1-5, with a note and the line of the stray', async () => {
    const answers = Array.from({ length: 60 }, (_, i) => 1 + (i % 5));
    answers[7] = 6;
    const out = await json({
      'e.csv': csv(
        'id,How satisfied were you?',
        answers.map((v, i) => [`r${i}`, v]),
      ),
    });
    const kept = answers.filter((v) => v <= 5);
    expect(out.overall.csat).toMatchObject({ n: 59, score: pct(kept.filter((v) => v >= 4).length, 59), scale: [1, 5] });
    expect(out.source.inferred).toContain(
      "CSAT column 'How satisfied were you?': 1 of the 60 answers sampled (6) lies outside its scale 1-5: the scale is kept, and that answer is not counted (the warnings give the lines).",
    );
    expect(out.warnings.map((w) => `${w.line} ${w.code}`)).toEqual(['9 csv/bad-value']);
  });

  it('a real 1-7 column (many 6s and 7s) is still 1-7', async () => {
    const answers = Array.from({ length: 60 }, (_, i) => 1 + (i % 7));
    const out = await json({
      'e.csv': csv(
        'id,How satisfied were you?',
        answers.map((v, i) => [`r${i}`, v]),
      ),
    });
    expect(out.overall.csat).toMatchObject({ n: 60, score: pct(answers.filter((v) => v >= 6).length, 60), scale: [1, 7] });
  });

  it('one stray 11 does not shift a 0-10 column (no 0 in it); a real 1..11 recode still does', async () => {
    const answers = Array.from({ length: 60 }, (_, i) => 1 + (i % 10));
    answers[3] = 11;
    const out = await json({
      'e.csv': csv(
        'id,How likely are you to recommend us?',
        answers.map((v, i) => [`r${i}`, v]),
      ),
    });
    const kept = answers.filter((v) => v <= 10);
    expect(out.overall.nps).toMatchObject({ n: 59, promoters: kept.filter((v) => v >= 9).length, detractors: kept.filter((v) => v <= 6).length });
    expect(out.warnings.map((w) => `${w.line} ${w.code}`)).toEqual(['5 csv/bad-value']);
    expect(out.source.inferred).toContain(
      "NPS column 'How likely are you to recommend us?': 1 of the 60 answers sampled (11) lies outside its scale 0-10: the scale is kept, and that answer is not counted (the warnings give the lines).",
    );

    const recoded = Array.from({ length: 60 }, (_, i) => 1 + (i % 11));
    const shifted = await json({
      'e.csv': csv(
        'id,How likely are you to recommend us?',
        recoded.map((v, i) => [`r${i}`, v]),
      ),
    });
    expect(shifted.overall.nps).toMatchObject({ n: 60, promoters: recoded.filter((v) => v - 1 >= 9).length });
    expect(shifted.warnings.map((w) => w.code)).toEqual(['csv/nps-recode']);
  });

  it('decimal answers are not points of an integer scale, the same way for every metric', async () => {
    const header = 'id,How likely are you to recommend us?,How satisfied were you?,Was it resolved on first contact?';
    const rows = Array.from({ length: 30 }, (_, i) => [`r${i}`, i % 11, 1 + (i % 5), i % 2]);
    rows[2] = ['r2', '8.5', '4.5', '0.5'];
    const out = await json({ 'e.csv': csv(header, rows) });
    expect(out.overall.nps?.n).toBe(29);
    expect(out.overall.csat?.n).toBe(29);
    expect(out.overall.fcr?.n).toBe(29);
    expect(out.warnings.map((w) => `${w.line} ${w.column}`)).toEqual(['4 How likely are you to recommend us?', '4 How satisfied were you?', '4 Was it resolved on first contact?']);
    for (const w of out.warnings.slice(0, 2)) expect(w.message).toContain('(not a whole point of the scale)');
  });
});

describe('label scales: more wordings, and the same figures in worker threads', () => {
  it("Qualtrics' 7-point satisfaction wording (Extremely/Moderately/Slightly) is read 1-7, every label on it", async () => {
    const labels = [
      'Extremely dissatisfied',
      'Moderately dissatisfied',
      'Slightly dissatisfied',
      'Neither satisfied nor dissatisfied',
      'Slightly satisfied',
      'Moderately satisfied',
      'Extremely satisfied',
    ];
    const counts = [1, 2, 3, 4, 5, 6, 9];
    const rows = labels.flatMap((label, i) => Array.from({ length: counts[i]! }, () => label)).map((label, i) => [`r${i}`, label]);
    const out = await json({ 'e.csv': csv('id,How satisfied were you?', rows) });
    expect(out.overall.csat).toMatchObject({ n: 30, score: pct(15, 30), scale: [1, 7] });
    expect(out.warnings).toEqual([]);
  });

  it('a CES 2.0 agreement column with Somewhat levels only is 5-point, higher is better', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`r${i}`, AGREE_5[[0, 1, 2, 3, 4, 4][i % 6]!]!]);
    const out = await json({ 'e.csv': csv('id,The company made it easy for me to handle my issue.', rows) });
    expect(out.overall.ces).toMatchObject({ n: 30, score: pct(15, 30), scale: [1, 5], higherIsBetter: true });
  });

  it('labels, --scale offsets, --labels and decimals give the same report in worker threads', async () => {
    const big = surveyMonkey(
      AGREE_5,
      COUNTS.map((c) => c * 20),
    );
    for (const argv of [[], ['--scale', 'csat=0-4'], ['--labels', `csat=${AGREE_5.join('|')}`]]) {
      const cwd = workspace({ 'e.csv': big });
      const single = await runCli(['metrics', 'e.csv', ...argv, '--format', 'json'], { cwd });
      const parallel = await runCli(['metrics', 'e.csv', ...argv, '--format', 'json'], { cwd, env: { JOURNEYKIT_PARALLEL_BYTES: '1000' } });
      expect(single.code).toBe(0);
      expect(parallel.stdout).toBe(single.stdout);
      expect(report(single.stdout).overall.csat?.score).toBe(46);
    }
  });

  it('score --survey takes --labels too', async () => {
    const map = `version: 1
id: support
title: Support
stages:
  - id: help
    name: Help
    touchpoints:
      - id: chat
        name: Chat
        channel: web
        kpis:
          - metric: csat
            target: 0.8
            threshold: 0.7
`;
    const rows = Array.from({ length: 30 }, (_, i) => [`r${i}`, 'chat', ['Poor', 'Fair', 'Good', 'Very good', 'Excellent'][i % 5]!]);
    const cwd = workspace({ 'map.journey.yaml': map, 'e.csv': csv('id,touchpoint,How satisfied were you with the chat?', rows) });
    const without = await runCli(['score', 'map.journey.yaml', '--survey', 'e.csv'], { cwd });
    expect(without.code).toBe(2);
    const result = await runCli(['score', 'map.journey.yaml', '--survey', 'e.csv', '--labels', 'csat=Poor|Fair|Good|Very good|Excellent', '--format', 'json'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const scored = JSON.parse(result.stdout) as { touchpoints: { survey?: { metrics?: { csat?: { value: number; n: number } } } }[] };
    expect(scored.touchpoints[0]!.survey?.metrics?.csat).toMatchObject({ value: pct(12, 30), n: 30 });
  });
});

describe('a rating that never reaches the top of its scale', () => {
  it('30 answers of 1-3 on a satisfaction question are not CSAT on 1-5 (the note says why); named, they are read as asked', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `r${i},${i % 11},${(i % 3) + 1}`);
    const csv = ['id,How likely are you to recommend us?,How satisfied were you with the session length?', ...rows].join('\n') + '\n';
    const unaided = await json({ 'e.csv': csv });
    expect(unaided.source.columns).not.toHaveProperty('csat');
    expect(unaided.source.inferred.join('\n')).toMatch(/session length.*holds 1-3, never the top of a 1-5 scale: not taken as CSAT/);
    const named = await json({ 'e.csv': csv }, ['--column', 'csat=How satisfied were you with the session length?']);
    expect(named.overall.csat).toMatchObject({ n: 30, score: 0 });
  });

  it('a real 1-5 rating whose answers reach 4 or 5 stays CSAT', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `r${i},${(i % 5) + 1}`);
    const r = await json({ 'e.csv': ['id,How satisfied were you?', ...rows].join('\n') + '\n' });
    expect(r.source.columns).toMatchObject({ csat: 'How satisfied were you?' });
    expect(r.overall.csat).toMatchObject({ n: 30, score: 40 });
  });
});

describe('a CES column of unknown direction', () => {
  it('exit 2, and the hint names the scale the answers are on, in both directions', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `r${i},${(i % 5) + 1}`);
    const result = await metrics({ 'e.csv': ['id,ces', ...rows].join('\n') + '\n' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Cannot tell the CES convention of column 'ces'");
    expect(result.stderr).toContain('--scale ces=1-5:higher (easy at the top, as in CES 2.0) or --scale ces=1-5:lower (easy at the bottom, as in CES 1.0)');
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LABEL_SETS } from '../../../src/core/survey/labels.js';
import type { Normalized, NormalizeOptions } from '../../../src/core/survey/normalize.js';
import type { AnswerKind } from '../../../src/core/survey/types.js';
import { agreementScaleOf, createNormalizer, foldAnswer, normalizeAnswer, satisfactionScaleOf } from '../../../src/core/survey/normalize.js';

const DOT: NormalizeOptions = { decimalComma: false };
const COMMA: NormalizeOptions = { decimalComma: true };
const KINDS: AnswerKind[] = ['nps', 'nps-group', 'csat', 'ces', 'fcr'];

const SCALES: Record<string, { scale: { min: number; max: number }; higherIsBetter: boolean }> = {
  'satisfaction-5': { scale: { min: 1, max: 5 }, higherIsBetter: true },
  'satisfaction-7': { scale: { min: 1, max: 7 }, higherIsBetter: true },
  'agreement-5': { scale: { min: 1, max: 5 }, higherIsBetter: true },
  'agreement-7': { scale: { min: 1, max: 7 }, higherIsBetter: true },
  'effort-5': { scale: { min: 1, max: 5 }, higherIsBetter: false },
  'ease-5': { scale: { min: 1, max: 5 }, higherIsBetter: false },
  'nps-likelihood': { scale: { min: 0, max: 10 }, higherIsBetter: true },
  'yes-no': { scale: { min: 0, max: 1 }, higherIsBetter: true },
  'nps-group': { scale: { min: 0, max: 10 }, higherIsBetter: true },
};

/** The expected result for a value, with the label info of `set` when given. */
function value(v: number, set?: string): Normalized {
  if (set === undefined) return { kind: 'value', value: v };
  const info = SCALES[set];
  if (info === undefined) throw new Error(`unknown set ${set}`);
  return { kind: 'value', value: v, label: { set, ...info } };
}

const MISSING: Normalized = { kind: 'missing' };

function invalid(reason: string): Normalized {
  return { kind: 'invalid', reason };
}

type Row = [raw: string, expected: Normalized];

describe('normalizeAnswer: missing answers', () => {
  const markers = [
    '',
    ' ',
    '\t',
    '\u00A0',
    'N/A',
    'n/a',
    'NA',
    'n.a.',
    'N.A',
    '#N/A',
    "Don't know",
    'Don’t know',
    'DON`T KNOW',
    'Do not know',
    "I don't know",
    'Prefer not to say',
    'Not applicable',
    "Don't know / Not applicable",
    '-99',
    '-99.0',
    '-99 - Seen but unanswered',
    '99 = Don’t know',
    '""',
    '-',
    '—',
    'NULL',
    'NaN',
    // German
    'Weiß nicht',
    'WEISS NICHT',
    'weiss nicht',
    'Keine Angabe',
    'k.A.',
    'k. A.',
    // French
    'Je ne sais pas',
    'Ne sais pas',
    'Sans opinion',
    // Spanish
    'No sé',
    'No lo sé',
    'no se',
    'Prefiero no decir',
    'NS/NC',
  ];
  it.each(markers.flatMap((raw) => KINDS.map((kind) => [raw, kind] as const)))('%j is missing for %s', (raw, kind) => {
    expect(normalizeAnswer(raw, kind, DOT)).toStrictEqual(MISSING);
    expect(normalizeAnswer(raw, kind, COMMA)).toStrictEqual(MISSING);
  });

  it.each<[string]>([['-98'], ['-999']])('%j is a number, not a missing code (only -99 is)', (raw) => {
    expect(normalizeAnswer(raw, 'nps', DOT)).toMatchObject({ kind: 'value' });
  });
});

describe('normalizeAnswer: numbers', () => {
  it.each<[string, NormalizeOptions, Normalized]>([
    ['7', DOT, value(7)],
    [' 10 ', DOT, value(10)],
    ['+7', DOT, value(7)],
    ['0', DOT, value(0)],
    ['-0', DOT, value(0)],
    ['007', DOT, value(7)],
    ['4.5', DOT, value(4.5)],
    ['4.5', COMMA, value(4.5)],
    ['.5', DOT, value(0.5)],
    ['4,5', COMMA, value(4.5)],
    ['+4,5', COMMA, value(4.5)],
    [',5', COMMA, value(0.5)],
    ['4.', DOT, value(4)],
    ['11', DOT, value(11)],
    ['-1', DOT, value(-1)],
    ['１０', DOT, value(10)],
    ['−1', DOT, value(-1)],
    ['4,5', DOT, invalid('number with a comma')],
    ['1,000', DOT, invalid('number with a comma')],
    ['1.2.3', DOT, invalid('malformed number')],
    ['4,5,6', COMMA, invalid('number with a comma')],
    ['1e5', DOT, invalid('malformed number')],
    ['4stars', DOT, invalid('malformed number')],
    ['3rd', DOT, invalid('malformed number')],
    ['9'.repeat(400), DOT, invalid('number out of range')],
  ])('%j (%o) on an NPS question', (raw, options, expected) => {
    expect(normalizeAnswer(raw, 'nps', options)).toStrictEqual(expected);
  });

  it.each<[string, AnswerKind, Normalized]>([
    ['10 - Extremely likely', 'nps', value(10, 'nps-likelihood')],
    ['10 – Extremely likely', 'nps', value(10, 'nps-likelihood')],
    ['10-Extremely likely', 'nps', value(10, 'nps-likelihood')],
    ['0 (Not at all likely)', 'nps', value(0, 'nps-likelihood')],
    ['0 = Überhaupt nicht wahrscheinlich', 'nps', value(0, 'nps-likelihood')],
    ['1 - Extremely likely', 'nps', value(1)],
    ['9/10', 'nps', value(9)],
    ['5 = Very satisfied', 'csat', value(5, 'satisfaction-5')],
    ['5=Very satisfied', 'csat', value(5, 'satisfaction-5')],
    ['7 = Very satisfied', 'csat', value(7, 'satisfaction-7')],
    ['4 stars', 'csat', value(4)],
    ['4 ★', 'csat', value(4)],
    ['80%', 'csat', value(80)],
    ['5 = Very satisfied', 'ces', value(5)],
    ['7: Strongly agree', 'ces', value(7, 'agreement-7')],
    ['5: Strongly agree', 'ces', value(5, 'agreement-5')],
    ['6 = Agree', 'ces', value(6, 'agreement-7')],
    ['4 = Agree', 'ces', value(4, 'agreement-5')],
    ['1 - Very low effort', 'ces', value(1, 'effort-5')],
    ['5. Very difficult', 'ces', value(5, 'ease-5')],
  ])('labelled point %j (%s)', (raw, kind, expected) => {
    expect(normalizeAnswer(raw, kind, DOT)).toStrictEqual(expected);
  });

  it.each<[string, AnswerKind, Normalized]>([
    // The code after the choice text, as some exports and hand-made sheets write it.
    ['Very satisfied (5)', 'csat', value(5, 'satisfaction-5')],
    ['Very satisfied (7)', 'csat', value(7, 'satisfaction-7')],
    ['Extremely likely - 10', 'nps', value(10, 'nps-likelihood')],
    ['Not at all likely (0)', 'nps', value(0, 'nps-likelihood')],
    ['Agree: 6', 'ces', value(6, 'agreement-7')],
    ['Agree = 4', 'ces', value(4, 'agreement-5')],
    ['Yes (1)', 'fcr', value(1, 'yes-no')],
    // The number wins over a label that names another point, as with a leading number.
    ['Very satisfied (4)', 'csat', value(4)],
    // Not a code: a range, a number glued to a word, a number without a separator.
    ['Promoter (9-10)', 'nps-group', value(10, 'nps-group')],
    ['Covid-19', 'csat', invalid('not a number or a known CSAT label')],
    ['Top 2', 'csat', invalid('not a number or a known CSAT label')],
  ])('labelled point with its code after the label %j (%s)', (raw, kind, expected) => {
    expect(normalizeAnswer(raw, kind, DOT)).toStrictEqual(expected);
  });

  it('reads the scale from codes written after the labels too', () => {
    expect(agreementScaleOf(['Agree (6)', 'Disagree (2)'])).toBe(7);
    expect(agreementScaleOf(['Agree (4)', 'Disagree (2)'])).toBe(5);
  });

  it('does no range checks: an 11 on an NPS question is the value 11', () => {
    expect(normalizeAnswer('11', 'nps', DOT)).toStrictEqual(value(11));
    expect(normalizeAnswer('6', 'csat', DOT)).toStrictEqual(value(6));
  });
});

describe('normalizeAnswer: satisfaction labels (csat)', () => {
  const five: Row[] = [
    ['Very dissatisfied', value(1, 'satisfaction-5')],
    ['Extremely dissatisfied', value(1, 'satisfaction-5')],
    ['Dissatisfied', value(2, 'satisfaction-5')],
    ['Somewhat dissatisfied', value(2, 'satisfaction-5')],
    ['Neither satisfied nor dissatisfied', value(3, 'satisfaction-5')],
    ['Neutral', value(3, 'satisfaction-5')],
    ['Satisfied', value(4, 'satisfaction-5')],
    ['Somewhat satisfied', value(4, 'satisfaction-5')],
    ['Very satisfied', value(5, 'satisfaction-5')],
    ['Extremely satisfied', value(5, 'satisfaction-5')],
    // German
    ['Sehr unzufrieden', value(1, 'satisfaction-5')],
    ['Unzufrieden', value(2, 'satisfaction-5')],
    ['Eher unzufrieden', value(2, 'satisfaction-5')],
    ['Weder zufrieden noch unzufrieden', value(3, 'satisfaction-5')],
    ['Zufrieden', value(4, 'satisfaction-5')],
    ['Sehr zufrieden', value(5, 'satisfaction-5')],
    // French
    ['Très insatisfait', value(1, 'satisfaction-5')],
    ['Insatisfait', value(2, 'satisfaction-5')],
    ['Ni satisfait ni insatisfait', value(3, 'satisfaction-5')],
    ['Satisfait', value(4, 'satisfaction-5')],
    ['Très satisfait', value(5, 'satisfaction-5')],
    // Spanish
    ['Muy insatisfecho', value(1, 'satisfaction-5')],
    ['Insatisfecho', value(2, 'satisfaction-5')],
    ['Ni satisfecho ni insatisfecho', value(3, 'satisfaction-5')],
    ['Satisfecho', value(4, 'satisfaction-5')],
    ['Muy satisfecho', value(5, 'satisfaction-5')],
    // Levels only a 7-point scale has keep their 7-point values.
    ['Moderately satisfied', value(6, 'satisfaction-7')],
    ['Completely dissatisfied', value(1, 'satisfaction-7')],
  ];
  it.each(five)('%j (5-point column)', (raw, expected) => {
    expect(normalizeAnswer(raw, 'csat', DOT)).toStrictEqual(expected);
  });

  const seven: Row[] = [
    ['Extremely dissatisfied', value(1, 'satisfaction-7')],
    ['Very dissatisfied', value(1, 'satisfaction-7')],
    ['Completely dissatisfied', value(1, 'satisfaction-7')],
    ['Moderately dissatisfied', value(2, 'satisfaction-7')],
    ['Dissatisfied', value(2, 'satisfaction-7')],
    ['Mostly dissatisfied', value(2, 'satisfaction-7')],
    ['Slightly dissatisfied', value(3, 'satisfaction-7')],
    ['Somewhat dissatisfied', value(3, 'satisfaction-7')],
    ['Neither satisfied nor dissatisfied', value(4, 'satisfaction-7')],
    ['Neutral', value(4, 'satisfaction-7')],
    ['Slightly satisfied', value(5, 'satisfaction-7')],
    ['Somewhat satisfied', value(5, 'satisfaction-7')],
    ['Satisfied', value(6, 'satisfaction-7')],
    ['Moderately satisfied', value(6, 'satisfaction-7')],
    ['Mostly satisfied', value(6, 'satisfaction-7')],
    ['Very satisfied', value(7, 'satisfaction-7')],
    ['Extremely satisfied', value(7, 'satisfaction-7')],
    ['Completely satisfied', value(7, 'satisfaction-7')],
    // Words of the 5-point set only (other languages) keep their 5-point values.
    ['Sehr zufrieden', value(5, 'satisfaction-5')],
  ];
  it.each(seven)('%j (7-point column)', (raw, expected) => {
    expect(normalizeAnswer(raw, 'csat', { decimalComma: false, satisfactionPoints: 7 })).toStrictEqual(expected);
  });
});

describe('normalizeAnswer: agreement labels (csat and ces)', () => {
  const five: Row[] = [
    ['Strongly disagree', value(1, 'agreement-5')],
    ['Disagree', value(2, 'agreement-5')],
    ['Neither agree nor disagree', value(3, 'agreement-5')],
    ['Agree', value(4, 'agreement-5')],
    ['Strongly agree', value(5, 'agreement-5')],
    // SurveyMonkey's 5-point scale words points 2 and 4 with Somewhat (the column decides 5 or 7).
    ['Somewhat disagree', value(2, 'agreement-5')],
    ['Somewhat agree', value(4, 'agreement-5')],
    // Slightly levels exist only on 7-point scales.
    ['Slightly disagree', value(3, 'agreement-7')],
    ['Slightly agree', value(5, 'agreement-7')],
  ];
  const seven: Row[] = [
    ['Strongly disagree', value(1, 'agreement-7')],
    ['Disagree', value(2, 'agreement-7')],
    ['Somewhat disagree', value(3, 'agreement-7')],
    ['Slightly disagree', value(3, 'agreement-7')],
    ['Neither agree nor disagree', value(4, 'agreement-7')],
    ['Neutral', value(4, 'agreement-7')],
    ['Somewhat agree', value(5, 'agreement-7')],
    ['Agree', value(6, 'agreement-7')],
    ['Strongly agree', value(7, 'agreement-7')],
  ];
  it.each(five.flatMap(([raw, expected]) => (['csat', 'ces'] as const).map((kind) => [raw, kind, expected] as const)))('%j on %s (5-point, the default)', (raw, kind, expected) => {
    expect(normalizeAnswer(raw, kind, DOT)).toStrictEqual(expected);
    expect(normalizeAnswer(raw, kind, { decimalComma: false, agreementPoints: 5 })).toStrictEqual(expected);
  });
  it.each(seven)('%j on ces (agreementPoints 7, CES 2.0)', (raw, expected) => {
    expect(normalizeAnswer(raw, 'ces', { decimalComma: false, agreementPoints: 7 })).toStrictEqual(expected);
  });
  it('Neutral on a CSAT question is the satisfaction mid-point, whatever the agreement scale', () => {
    expect(normalizeAnswer('Neutral', 'csat', { decimalComma: false, agreementPoints: 7 })).toStrictEqual(value(3, 'satisfaction-5'));
  });
});

describe('normalizeAnswer: effort and ease labels (ces, lower is better)', () => {
  const rows: Row[] = [
    ['Very low effort', value(1, 'effort-5')],
    ['Low effort', value(2, 'effort-5')],
    ['Moderate effort', value(3, 'effort-5')],
    ['Neither high nor low effort', value(3, 'effort-5')],
    ['High effort', value(4, 'effort-5')],
    ['Very high effort', value(5, 'effort-5')],
    ['Very easy', value(1, 'ease-5')],
    ['Easy', value(2, 'ease-5')],
    ['Neither easy nor difficult', value(3, 'ease-5')],
    ['Neutral', value(3, 'ease-5')],
    ['Difficult', value(4, 'ease-5')],
    ['Very difficult', value(5, 'ease-5')],
  ];
  it.each(rows)('%j', (raw, expected) => {
    expect(normalizeAnswer(raw, 'ces', DOT)).toStrictEqual(expected);
  });
});

describe('normalizeAnswer: NPS anchors (nps)', () => {
  const rows: Row[] = [
    ['Not at all likely', value(0, 'nps-likelihood')],
    ['Extremely likely', value(10, 'nps-likelihood')],
    ['Überhaupt nicht wahrscheinlich', value(0, 'nps-likelihood')],
    ['Äußerst wahrscheinlich', value(10, 'nps-likelihood')],
    ['Pas du tout probable', value(0, 'nps-likelihood')],
    ['Extrêmement probable', value(10, 'nps-likelihood')],
    ['Nada probable', value(0, 'nps-likelihood')],
    ['Extremadamente probable', value(10, 'nps-likelihood')],
    ['Likely', invalid('not a number or a known NPS label')],
  ];
  it.each(rows)('%j', (raw, expected) => {
    expect(normalizeAnswer(raw, 'nps', DOT)).toStrictEqual(expected);
  });
});

describe('normalizeAnswer: yes/no (fcr)', () => {
  const rows: Row[] = [
    ['Yes', value(1, 'yes-no')],
    ['No', value(0, 'yes-no')],
    ['y', value(1, 'yes-no')],
    ['N', value(0, 'yes-no')],
    ['TRUE', value(1, 'yes-no')],
    ['False', value(0, 'yes-no')],
    ['1', value(1)],
    ['0', value(0)],
    ['1.0', value(1)],
    ['2', invalid('not a yes/no code (1 or 0)')],
    ['-1', invalid('not a yes/no code (1 or 0)')],
    // A word label wins over a code.
    ['2 - No', value(0, 'yes-no')],
    ['1 = Yes', value(1, 'yes-no')],
    ['Yes, on the first contact', value(1, 'yes-no')],
    ['No - I had to call twice', value(0, 'yes-no')],
    // German
    ['Ja', value(1, 'yes-no')],
    ['Nein', value(0, 'yes-no')],
    ['WAHR', value(1, 'yes-no')],
    ['FALSCH', value(0, 'yes-no')],
    // French
    ['Oui', value(1, 'yes-no')],
    ['Non', value(0, 'yes-no')],
    ['VRAI', value(1, 'yes-no')],
    ['FAUX', value(0, 'yes-no')],
    // Spanish
    ['Sí', value(1, 'yes-no')],
    ['Si', value(1, 'yes-no')],
    ['No', value(0, 'yes-no')],
    ['VERDADERO', value(1, 'yes-no')],
    ['FALSO', value(0, 'yes-no')],
    ['Partially', invalid('not a yes/no answer')],
    ['Nobody', invalid('not a yes/no answer')],
    ['No-show', invalid('not a yes/no answer')],
  ];
  it.each(rows)('%j', (raw, expected) => {
    expect(normalizeAnswer(raw, 'fcr', DOT)).toStrictEqual(expected);
  });
});

describe('normalizeAnswer: NPS groups (nps-group) become representative NPS values', () => {
  const rows: Row[] = [
    ['Detractor', value(0, 'nps-group')],
    ['Passive', value(7, 'nps-group')],
    ['Promoter', value(10, 'nps-group')],
    ['detractors', value(0, 'nps-group')],
    ['PASSIVES', value(7, 'nps-group')],
    ['Promoters', value(10, 'nps-group')],
    ['Promoter (9-10)', value(10, 'nps-group')],
    ['1', value(0)],
    ['2', value(7)],
    ['3', value(10)],
    ['3 - Promoter', value(10, 'nps-group')],
    ['0', invalid('not an NPS group code (1, 2 or 3)')],
    ['9', invalid('not an NPS group code (1, 2 or 3)')],
    // German
    ['Promotor', value(10, 'nps-group')],
    ['Passiver', value(7, 'nps-group')],
    ['Detraktor', value(0, 'nps-group')],
    ['Kritiker', value(0, 'nps-group')],
    // French
    ['Promoteur', value(10, 'nps-group')],
    ['Passif', value(7, 'nps-group')],
    ['Détracteur', value(0, 'nps-group')],
    ['Detracteur', value(0, 'nps-group')],
    // Spanish
    ['Promotor', value(10, 'nps-group')],
    ['Pasivo', value(7, 'nps-group')],
    ['Detractor', value(0, 'nps-group')],
    ['Champion', invalid('not an NPS group')],
  ];
  it.each(rows)('%j', (raw, expected) => {
    expect(normalizeAnswer(raw, 'nps-group', DOT)).toStrictEqual(expected);
  });
});

describe('normalizeAnswer: labels only count for their kind; other text is invalid', () => {
  it.each<[string, AnswerKind, Normalized]>([
    ['abc', 'nps', invalid('not a number or a known NPS label')],
    ['very good', 'csat', invalid('not a number or a known CSAT label')],
    ['#VALUE!', 'ces', invalid('not a number or a known CES label')],
    ['Very satisfied', 'ces', invalid('satisfaction label, not a CES answer')],
    ['Very satisfied', 'nps', invalid('satisfaction label, not an NPS answer')],
    ['Very easy', 'csat', invalid('ease label, not a CSAT answer')],
    ['Very low effort', 'csat', invalid('effort label, not a CSAT answer')],
    ['Strongly agree', 'nps', invalid('agreement label, not an NPS answer')],
    ['Strongly agree', 'fcr', invalid('agreement label, not an FCR answer')],
    ['Yes', 'csat', invalid('yes/no label, not a CSAT answer')],
    ['Extremely likely', 'csat', invalid('likelihood-to-recommend label, not a CSAT answer')],
    ['Promoter', 'nps', invalid('NPS group label, not an NPS answer')],
    ['Yes', 'nps-group', invalid('yes/no label, not an NPS group answer')],
  ])('%j on %s', (raw, kind, expected) => {
    expect(normalizeAnswer(raw, kind, DOT)).toStrictEqual(expected);
  });
});

describe('normalizeAnswer: folding of case, space, quotes, accents and a trailing period', () => {
  it.each<[string, AnswerKind, Normalized]>([
    ['  VERY SATISFIED  ', 'csat', value(5, 'satisfaction-5')],
    ['very satisfied.', 'csat', value(5, 'satisfaction-5')],
    ['Very   satisfied', 'csat', value(5, 'satisfaction-5')],
    ['Very\u00A0satisfied', 'csat', value(5, 'satisfaction-5')],
    ['\uFEFFVery satisfied', 'csat', value(5, 'satisfaction-5')],
    ['"Very satisfied"', 'csat', value(5, 'satisfaction-5')],
    ['“Very satisfied”', 'csat', value(5, 'satisfaction-5')],
    ['TRES SATISFAIT', 'csat', value(5, 'satisfaction-5')],
    ['très satisfait.', 'csat', value(5, 'satisfaction-5')],
    ['Äusserst zufrieden', 'csat', value(5, 'satisfaction-5')],
    ['  strongly AGREE. ', 'ces', value(5, 'agreement-5')],
    [' 10 - EXTREMELY LIKELY. ', 'nps', value(10, 'nps-likelihood')],
    [' yes ', 'fcr', value(1, 'yes-no')],
    ['SÍ', 'fcr', value(1, 'yes-no')],
  ])('%j on %s', (raw, kind, expected) => {
    expect(normalizeAnswer(raw, kind, DOT)).toStrictEqual(expected);
  });

  it.each<[string, string]>([
    ['Don’t Know.', "don't know"],
    ['  Weiß   nicht ', 'weiss nicht'],
    ['“N/A”', 'n/a'],
    ['Très—satisfait', 'tres-satisfait'],
  ])('foldAnswer(%j) is %j', (raw, folded) => {
    expect(foldAnswer(raw)).toBe(folded);
  });

  it('every label of every set resolves to its point for its own kinds', () => {
    for (const set of LABEL_SETS) {
      for (const kind of set.kinds) {
        const points = set.id.endsWith('-7') ? 7 : 5;
        const options: NormalizeOptions = { decimalComma: false, agreementPoints: points, satisfactionPoints: points };
        for (const [label, point] of Object.entries(set.points)) {
          const result = normalizeAnswer(label, kind, options);
          // Neutral is the mid-point of several sets: the first in precedence reports it.
          if (foldAnswer(label) === 'neutral') continue;
          expect(result, `${label} (${set.id}, ${kind})`).toStrictEqual(value(point, set.id));
        }
      }
    }
  });
});

describe('agreementScaleOf', () => {
  it.each<[string[], 5 | 7]>([
    [[], 5],
    [['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'], 5],
    [['Agree', 'Strongly agree', '', 'N/A'], 5],
    // SurveyMonkey's 5-point agreement scale: the smallest scale with all of these labels.
    [['Strongly disagree', 'Somewhat disagree', 'Neither agree nor disagree', 'Somewhat agree', 'Strongly agree'], 5],
    [['Strongly agree', 'Somewhat agree'], 5],
    [['Somewhat disagree'], 5],
    [['SOMEWHAT AGREE.'], 5],
    // Somewhat beside the plain level is only on the 7-point scale.
    [['Strongly agree', 'Agree', 'Somewhat agree'], 7],
    [['Disagree', 'Somewhat disagree'], 7],
    [['Slightly agree'], 7],
    [['5 - Somewhat agree'], 5],
    [['5 - Somewhat agree', '6 - Agree'], 7],
    [['6 = Agree'], 7],
    [['7 = Strongly agree'], 7],
    [['4 = Agree', '5 = Strongly agree'], 5],
    [['6', '7'], 5],
  ])('%j -> %i', (labels, points) => {
    expect(agreementScaleOf(labels)).toBe(points);
    expect(agreementScaleOf(new Set(labels))).toBe(points);
  });
});

describe('satisfactionScaleOf', () => {
  it.each<[string[], 5 | 7]>([
    [[], 5],
    [['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'], 5],
    [['Extremely dissatisfied', 'Somewhat dissatisfied', 'Neither satisfied nor dissatisfied', 'Somewhat satisfied', 'Extremely satisfied'], 5],
    [['Extremely satisfied', 'Moderately satisfied'], 7],
    [['Slightly dissatisfied'], 7],
    [['Completely satisfied'], 7],
    [['Somewhat satisfied', 'Satisfied'], 7],
    [['Very dissatisfied', 'Somewhat dissatisfied', 'Dissatisfied'], 7],
    [['7 = Very satisfied'], 7],
    [['5 = Very satisfied'], 5],
    // Mixed wordings no single scale has: 7 only when a label exists on 7-point scales alone.
    [['Very unsatisfied', 'Somewhat satisfied'], 5],
    [['Very unsatisfied', 'Moderately satisfied'], 7],
  ])('%j -> %i', (labels, points) => {
    expect(satisfactionScaleOf(labels)).toBe(points);
  });
});

describe('createNormalizer', () => {
  it('returns the same results as normalizeAnswer, and the same object for a repeated answer', () => {
    const normalize = createNormalizer('csat', COMMA);
    for (const raw of ['4,5', 'Very satisfied', '', 'abc', 'N/A', '5']) {
      const first = normalize(raw);
      expect(first).toStrictEqual(normalizeAnswer(raw, 'csat', COMMA));
      expect(normalize(raw)).toBe(first);
    }
  });

  it('uses the options it was created with', () => {
    const seven = createNormalizer('ces', { decimalComma: false, agreementPoints: 7 });
    const five = createNormalizer('ces', { decimalComma: false });
    expect(seven('Agree')).toStrictEqual(value(6, 'agreement-7'));
    expect(five('Agree')).toStrictEqual(value(4, 'agreement-5'));
    expect(five('4,5')).toStrictEqual(invalid('number with a comma'));
  });

  it('stays correct past the cache limit (a mis-mapped id column)', () => {
    const normalize = createNormalizer('nps', DOT);
    for (let i = 0; i < 12_000; i++) expect(normalize(String(i))).toStrictEqual(value(i));
    expect(normalize('11999')).toStrictEqual(value(11999));
    expect(normalize('abc')).toStrictEqual(invalid('not a number or a known NPS label'));
  });

  it('hands out frozen results, so a shared cached result cannot be changed by one caller', () => {
    const result = createNormalizer('csat', DOT)('Very satisfied');
    expect(Object.isFrozen(result)).toBe(true);
    if (result.kind === 'value') expect(Object.isFrozen(result.label)).toBe(true);
  });
});

describe('properties', () => {
  const options = fc.record({
    decimalComma: fc.boolean(),
    agreementPoints: fc.constantFrom<5 | 7>(5, 7),
    satisfactionPoints: fc.constantFrom<5 | 7>(5, 7),
  });
  const kind = fc.constantFrom(...KINDS);

  it('every integer 0..10 is its own NPS value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.boolean(), (n, decimalComma) => {
        expect(normalizeAnswer(String(n), 'nps', { decimalComma })).toStrictEqual(value(n));
      }),
    );
  });

  it('never throws, and gives a well-formed result, for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string()), kind, options, (raw, k, o) => {
        const result = normalizeAnswer(raw, k, o);
        if (result.kind === 'value') expect(Number.isFinite(result.value)).toBe(true);
        else if (result.kind === 'invalid') expect(result.reason).not.toBe('');
        else expect(result).toStrictEqual(MISSING);
      }),
      { numRuns: 2000 },
    );
  });

  it('the memoised normalizer agrees with normalizeAnswer', () => {
    fc.assert(
      fc.property(kind, options, fc.array(fc.oneof(fc.string(), fc.constantFrom('10', ' 7 ', 'Yes', 'Very satisfied', 'n/a'))), (k, o, raws) => {
        const normalize = createNormalizer(k, o);
        for (const raw of [...raws, ...raws]) expect(normalize(raw)).toStrictEqual(normalizeAnswer(raw, k, o));
      }),
    );
  });

  it('case and surrounding space never change the result', () => {
    const labels = LABEL_SETS.flatMap((set) => set.kinds.flatMap((k) => Object.keys(set.points).map((label) => [label, k] as const)));
    fc.assert(
      fc.property(fc.constantFrom(...labels), fc.constantFrom(' ', '\t', '\u00A0', ''), fc.constantFrom(' ', '  ', ''), fc.boolean(), ([label, k], before, after, upper) => {
        const varied = `${before}${upper ? label.toUpperCase() : label.toLowerCase()}${after}`;
        expect(normalizeAnswer(varied, k, DOT)).toStrictEqual(normalizeAnswer(label, k, DOT));
      }),
    );
  });
});

describe('normalizeAnswer: the options the plan sets per column', () => {
  it('labelOffset places known labels on a scale starting elsewhere; numbers are left alone', () => {
    const options: NormalizeOptions = { decimalComma: false, labelOffset: -1 };
    expect(normalizeAnswer('Strongly agree', 'csat', options)).toMatchObject({ kind: 'value', value: 4 });
    expect(normalizeAnswer('Strongly disagree', 'csat', options)).toMatchObject({ kind: 'value', value: 0 });
    expect(normalizeAnswer('3', 'csat', options)).toStrictEqual(value(3));
    // The offset table does not leak into columns without one.
    expect(normalizeAnswer('Strongly agree', 'csat', DOT)).toStrictEqual(value(5, 'agreement-5'));
  });

  it("the user's labels are the only labels of the column, lowest point first", () => {
    const options: NormalizeOptions = { decimalComma: false, labels: ['Very unfavourable', 'Unfavourable', 'Neutral', 'Favourable', 'Very favourable'] };
    expect(normalizeAnswer('very favourable.', 'csat', options)).toStrictEqual({ kind: 'value', value: 5, label: { set: 'custom', scale: { min: 1, max: 5 } } });
    expect(normalizeAnswer('Neutral', 'csat', options)).toMatchObject({ kind: 'value', value: 3 });
    expect(normalizeAnswer('Strongly agree', 'csat', options)).toStrictEqual(invalid('not one of the labels given for the column'));
    expect(normalizeAnswer('Fabulous', 'csat', options)).toStrictEqual(invalid('not one of the labels given for the column'));
    expect(normalizeAnswer('4', 'csat', options)).toStrictEqual(value(4));
    expect(normalizeAnswer("Don't know", 'csat', options)).toStrictEqual(MISSING);
    expect(normalizeAnswer('Resolved', 'fcr', { decimalComma: false, labels: ['Not resolved', 'Resolved'], labelStart: 0 })).toMatchObject({ kind: 'value', value: 1 });
    const normalize = createNormalizer('csat', { ...options, labelStart: 0 });
    expect(normalize('Very favourable')).toMatchObject({ kind: 'value', value: 4 });
  });

  it.each(KINDS.filter((k) => k !== 'nps-group'))('wholePoints: a decimal answer is invalid on %s, the same reason for every kind', (kind) => {
    const options: NormalizeOptions = { decimalComma: true, wholePoints: true };
    expect(normalizeAnswer('4.5', kind, options)).toStrictEqual(kind === 'fcr' ? invalid('not a yes/no code (1 or 0)') : invalid('not a whole point of the scale'));
    expect(normalizeAnswer('0,5', kind, options)).toStrictEqual(kind === 'fcr' ? invalid('not a yes/no code (1 or 0)') : invalid('not a whole point of the scale'));
    // A whole number written with decimals is that point.
    expect(normalizeAnswer(kind === 'fcr' ? '1,0' : '4,0', kind, options)).toMatchObject({ kind: 'value', value: kind === 'fcr' ? 1 : 4 });
  });
});

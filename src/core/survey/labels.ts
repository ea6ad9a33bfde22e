/**
 * The answer label sets survey platforms export, as data (SURVEY.md "Answer normalisation").
 * normalize.ts folds every label the same way it folds an answer (case, spacing, curly quotes,
 * accents, a trailing period), so the spellings here only need to be readable.
 */
import type { AnswerKind, Scale } from './types.js';

export type LabelFamily = 'satisfaction' | 'agreement' | 'effort' | 'ease' | 'likelihood' | 'yes-no' | 'nps-group';

export interface LabelSet {
  /** Stable id, reported in `LabelInfo.set`: family and number of points. */
  readonly id: string;
  readonly family: LabelFamily;
  /** What the labels measure, for the warning that a label belongs to another kind of question. */
  readonly description: string;
  /** Answer kinds whose columns may use these words. */
  readonly kinds: readonly AnswerKind[];
  readonly scale: Scale;
  readonly higherIsBetter?: boolean;
  /** label -> point. One set may hold several languages: a column uses one of them. */
  readonly points: Readonly<Record<string, number>>;
}

export const SATISFACTION_5: LabelSet = {
  id: 'satisfaction-5',
  family: 'satisfaction',
  description: 'satisfaction',
  kinds: ['csat'],
  scale: { min: 1, max: 5 },
  higherIsBetter: true,
  points: {
    'Very dissatisfied': 1,
    'Extremely dissatisfied': 1,
    'Very unsatisfied': 1,
    Dissatisfied: 2,
    'Somewhat dissatisfied': 2,
    Unsatisfied: 2,
    'Neither satisfied nor dissatisfied': 3,
    'Neither dissatisfied nor satisfied': 3,
    Neutral: 3,
    Satisfied: 4,
    'Somewhat satisfied': 4,
    'Very satisfied': 5,
    'Extremely satisfied': 5,
    // German
    'Sehr unzufrieden': 1,
    'Äußerst unzufrieden': 1,
    Unzufrieden: 2,
    'Eher unzufrieden': 2,
    'Weder zufrieden noch unzufrieden': 3,
    'Weder noch': 3,
    Zufrieden: 4,
    'Eher zufrieden': 4,
    'Sehr zufrieden': 5,
    'Äußerst zufrieden': 5,
    // French
    'Très insatisfait': 1,
    Insatisfait: 2,
    'Plutôt insatisfait': 2,
    'Ni satisfait ni insatisfait': 3,
    Neutre: 3,
    Satisfait: 4,
    'Plutôt satisfait': 4,
    'Très satisfait': 5,
    // Spanish
    'Muy insatisfecho': 1,
    Insatisfecho: 2,
    'Ni satisfecho ni insatisfecho': 3,
    Satisfecho: 4,
    'Muy satisfecho': 5,
  },
};

/**
 * The 7-point satisfaction scales: Very/Dissatisfied/Somewhat (the agreement pattern), Qualtrics'
 * Extremely/Moderately/Slightly and Completely/Mostly/Somewhat. Extremely, Very and Somewhat
 * occur in the 5-point scale too with other points, so the column decides (`scalePointsOf`).
 */
export const SATISFACTION_7: LabelSet = {
  id: 'satisfaction-7',
  family: 'satisfaction',
  description: 'satisfaction',
  kinds: ['csat'],
  scale: { min: 1, max: 7 },
  higherIsBetter: true,
  points: {
    'Very dissatisfied': 1,
    'Extremely dissatisfied': 1,
    'Completely dissatisfied': 1,
    Dissatisfied: 2,
    'Moderately dissatisfied': 2,
    'Mostly dissatisfied': 2,
    'Somewhat dissatisfied': 3,
    'Slightly dissatisfied': 3,
    'Neither satisfied nor dissatisfied': 4,
    'Neither dissatisfied nor satisfied': 4,
    Neutral: 4,
    'Somewhat satisfied': 5,
    'Slightly satisfied': 5,
    Satisfied: 6,
    'Moderately satisfied': 6,
    'Mostly satisfied': 6,
    'Very satisfied': 7,
    'Extremely satisfied': 7,
    'Completely satisfied': 7,
  },
};

/**
 * The 5-point agreement scales: Strongly disagree, Disagree, Neither, Agree, Strongly agree, and
 * SurveyMonkey's Strongly disagree, Somewhat disagree, Neither, Somewhat agree, Strongly agree.
 * Somewhat levels alone do not make a scale 7-point (WORDINGS and `scalePointsOf` decide).
 */
export const AGREEMENT_5: LabelSet = {
  id: 'agreement-5',
  family: 'agreement',
  description: 'agreement',
  kinds: ['csat', 'ces'],
  scale: { min: 1, max: 5 },
  higherIsBetter: true,
  points: {
    'Strongly disagree': 1,
    Disagree: 2,
    'Somewhat disagree': 2,
    'Neither agree nor disagree': 3,
    'Neither disagree nor agree': 3,
    Neutral: 3,
    Agree: 4,
    'Somewhat agree': 4,
    'Strongly agree': 5,
  },
};

/** CES 2.0 ("The company made it easy for me to handle my issue"): higher is better. */
export const AGREEMENT_7: LabelSet = {
  id: 'agreement-7',
  family: 'agreement',
  description: 'agreement',
  kinds: ['csat', 'ces'],
  scale: { min: 1, max: 7 },
  higherIsBetter: true,
  points: {
    'Strongly disagree': 1,
    Disagree: 2,
    'Somewhat disagree': 3,
    'Slightly disagree': 3,
    'Neither agree nor disagree': 4,
    'Neither disagree nor agree': 4,
    Neutral: 4,
    'Somewhat agree': 5,
    'Slightly agree': 5,
    Agree: 6,
    'Strongly agree': 7,
  },
};

/** CES 1.0 ("How much effort did you personally have to put forth?"): lower is better. */
export const EFFORT_5: LabelSet = {
  id: 'effort-5',
  family: 'effort',
  description: 'effort',
  kinds: ['ces'],
  scale: { min: 1, max: 5 },
  higherIsBetter: false,
  points: {
    'Very low effort': 1,
    'Low effort': 2,
    'Moderate effort': 3,
    'Neither high nor low effort': 3,
    'Neither low nor high effort': 3,
    'High effort': 4,
    'Very high effort': 5,
  },
};

/** Ease worded as effort points (SURVEY.md): Very easy 1 .. Very difficult 5, lower is better. */
export const EASE_5: LabelSet = {
  id: 'ease-5',
  family: 'ease',
  description: 'ease',
  kinds: ['ces'],
  scale: { min: 1, max: 5 },
  higherIsBetter: false,
  points: {
    'Very easy': 1,
    Easy: 2,
    'Neither easy nor difficult': 3,
    'Neither difficult nor easy': 3,
    Neutral: 3,
    Difficult: 4,
    'Very difficult': 5,
  },
};

/** NPS end anchors; the points between are exported as bare numbers. */
export const NPS_LIKELIHOOD: LabelSet = {
  id: 'nps-likelihood',
  family: 'likelihood',
  description: 'likelihood-to-recommend',
  kinds: ['nps'],
  scale: { min: 0, max: 10 },
  higherIsBetter: true,
  points: {
    'Not at all likely': 0,
    'Extremely likely': 10,
    'Überhaupt nicht wahrscheinlich': 0,
    'Äußerst wahrscheinlich': 10,
    'Extrem wahrscheinlich': 10,
    'Pas du tout probable': 0,
    'Très probable': 10,
    'Extrêmement probable': 10,
    'Nada probable': 0,
    'Muy probable': 10,
    'Extremadamente probable': 10,
  },
};

/** Excel writes booleans in the user's language (WAHR/FALSCH, VRAI/FAUX, VERDADERO/FALSO). */
export const YES_NO: LabelSet = {
  id: 'yes-no',
  family: 'yes-no',
  description: 'yes/no',
  kinds: ['fcr'],
  scale: { min: 0, max: 1 },
  higherIsBetter: true,
  points: {
    Yes: 1,
    No: 0,
    Y: 1,
    N: 0,
    True: 1,
    False: 0,
    Ja: 1,
    Nein: 0,
    Wahr: 1,
    Falsch: 0,
    Oui: 1,
    Non: 0,
    Vrai: 1,
    Faux: 0,
    Sí: 1,
    Si: 1,
    Verdadero: 1,
    Falso: 0,
  },
};

/**
 * NPS group words. An answer becomes a representative 0..10 value of its group (Detractor 0,
 * Passive 7, Promoter 10) so that the NPS arithmetic, which classifies 0..10 values, counts it in
 * the right group; the value itself means nothing beyond the group, so means of it are not reported.
 */
export const NPS_GROUP: LabelSet = {
  id: 'nps-group',
  family: 'nps-group',
  description: 'NPS group',
  kinds: ['nps-group'],
  scale: { min: 0, max: 10 },
  higherIsBetter: true,
  points: {
    Detractor: 0,
    Detractors: 0,
    Passive: 7,
    Passives: 7,
    Neutral: 7,
    Neutrals: 7,
    Promoter: 10,
    Promoters: 10,
    // German
    Detraktor: 0,
    Detraktoren: 0,
    Kritiker: 0,
    Passiver: 7,
    Indifferente: 7,
    Indifferenter: 7,
    Promotor: 10,
    Promotoren: 10,
    // French
    Détracteur: 0,
    Détracteurs: 0,
    Passif: 7,
    Passifs: 7,
    Neutre: 7,
    Neutres: 7,
    Promoteur: 10,
    Promoteurs: 10,
    // Spanish (Detractor and Promotor are spelled as above)
    Detractores: 0,
    Pasivo: 7,
    Pasivos: 7,
    Neutro: 7,
    Neutros: 7,
    Promotores: 10,
  },
};

/** The NPS group codes of Qualtrics' numeric export, mapped to the same representative values. */
export const NPS_GROUP_CODES: ReadonlyMap<number, number> = new Map([
  [1, 0],
  [2, 7],
  [3, 10],
]);

/**
 * The wordings real scales use, one list of labels per scale as a survey shows it (a column uses
 * one wording). A column's labels are read on the smallest scale with a wording that has all of
 * them (`scalePointsOf`): Strongly agree, Somewhat agree and Neither are 5-point; Agree and
 * Somewhat agree together are 7-point. Very and Extremely ends and the Neutral or Neither middle
 * are interchangeable within a wording.
 */
export interface Wording {
  readonly family: 'agreement' | 'satisfaction';
  readonly points: 5 | 7;
  readonly labels: readonly string[];
}

const AGREE_MIDDLE = ['Neither agree nor disagree', 'Neither disagree nor agree', 'Neutral'];
const SATISFIED_MIDDLE = ['Neither satisfied nor dissatisfied', 'Neither dissatisfied nor satisfied', 'Neutral'];
const SATISFIED_ENDS = ['Very dissatisfied', 'Extremely dissatisfied', 'Very unsatisfied', 'Very satisfied', 'Extremely satisfied'];

export const WORDINGS: readonly Wording[] = [
  { family: 'agreement', points: 5, labels: ['Strongly disagree', 'Disagree', ...AGREE_MIDDLE, 'Agree', 'Strongly agree'] },
  { family: 'agreement', points: 5, labels: ['Strongly disagree', 'Somewhat disagree', ...AGREE_MIDDLE, 'Somewhat agree', 'Strongly agree'] },
  { family: 'agreement', points: 7, labels: ['Strongly disagree', 'Disagree', 'Somewhat disagree', ...AGREE_MIDDLE, 'Somewhat agree', 'Agree', 'Strongly agree'] },
  { family: 'agreement', points: 7, labels: ['Strongly disagree', 'Disagree', 'Slightly disagree', ...AGREE_MIDDLE, 'Slightly agree', 'Agree', 'Strongly agree'] },
  { family: 'satisfaction', points: 5, labels: [...SATISFIED_ENDS, 'Dissatisfied', 'Unsatisfied', ...SATISFIED_MIDDLE, 'Satisfied'] },
  { family: 'satisfaction', points: 5, labels: [...SATISFIED_ENDS, 'Somewhat dissatisfied', ...SATISFIED_MIDDLE, 'Somewhat satisfied'] },
  {
    family: 'satisfaction',
    points: 7,
    labels: ['Very dissatisfied', 'Dissatisfied', 'Somewhat dissatisfied', ...SATISFIED_MIDDLE, 'Somewhat satisfied', 'Satisfied', 'Very satisfied'],
  },
  {
    family: 'satisfaction',
    points: 7,
    labels: [
      'Extremely dissatisfied',
      'Moderately dissatisfied',
      'Slightly dissatisfied',
      ...SATISFIED_MIDDLE,
      'Slightly satisfied',
      'Moderately satisfied',
      'Extremely satisfied',
    ],
  },
  {
    family: 'satisfaction',
    points: 7,
    labels: ['Completely dissatisfied', 'Mostly dissatisfied', 'Somewhat dissatisfied', ...SATISFIED_MIDDLE, 'Somewhat satisfied', 'Mostly satisfied', 'Completely satisfied'],
  },
];

export const LABEL_SETS: readonly LabelSet[] = [SATISFACTION_5, SATISFACTION_7, AGREEMENT_5, AGREEMENT_7, EFFORT_5, EASE_5, NPS_LIKELIHOOD, YES_NO, NPS_GROUP];

/**
 * Answers that mean "not answered". `-99` (Qualtrics' "seen but unanswered") is recognised as a
 * number, so `-99.0` and `-99 - Skipped` count too.
 */
export const MISSING_MARKERS: readonly string[] = [
  'N/A',
  'NA',
  'n.a.',
  'n. a.',
  '#N/A',
  'NaN',
  'NULL',
  '-',
  '–',
  '—',
  "Don't know",
  'Dont know',
  'Do not know',
  "I don't know",
  'Not sure',
  'Unsure',
  "Can't say",
  'Cannot say',
  'No opinion',
  'Prefer not to say',
  'Prefer not to answer',
  'Rather not say',
  'Not applicable',
  'Does not apply',
  // German
  'Weiß nicht',
  'Keine Angabe',
  'k.A.',
  'k. A.',
  // French
  'Je ne sais pas',
  'Ne sais pas',
  'Sans opinion',
  'NSP',
  'Ne se prononce pas',
  'Non applicable',
  'Sans objet',
  // Spanish
  'No sé',
  'No lo sé',
  'No sabe',
  'Prefiero no decir',
  'Prefiero no responder',
  'NS/NC',
  'No sabe / No contesta',
  'No aplica',
];

/** Numeric code for a missing answer (Qualtrics). */
export const MISSING_CODE = -99;

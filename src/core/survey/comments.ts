/**
 * Verbatim comments: which column of an export holds free text, and how one answer becomes a
 * comment a report can quote (trimmed, one line, cut at COMMENT_MAX_CHARS, e-mail addresses,
 * card numbers, IBANs and phone numbers masked). Pure functions; the aggregation keeps at most COMMENTS_PER_TOUCHPOINT
 * per touchpoint (aggregate.ts).
 */
import { clip } from '../clip.js';
import type { ColumnInfo } from './layout.js';
import { MISSING_MARKERS } from './labels.js';
import { foldAnswer } from './normalize.js';

/** Comments kept per touchpoint: the first non-empty answers in file order. */
export const COMMENTS_PER_TOUCHPOINT = 5;
/** A comment longer than this (in characters, code points) is cut at a word and ends with "…". */
export const COMMENT_MAX_CHARS = 500;
/**
 * Touchpoints that keep comments (the first ones met): a touchpoint column with more distinct
 * values is not a list of touchpoints, and the comments must stay small whatever the export.
 */
export const COMMENT_TOUCHPOINTS = 1_000;
/** Characters of an answer looked at: the cut comes far before, and masking stays cheap on a 1 MB cell. */
const SCAN_CHARS = 4 * COMMENT_MAX_CHARS;

export const EMAIL_MASK = '[email]';
export const PHONE_MASK = '[phone]';
export const CARD_MASK = '[card]';
export const IBAN_MASK = '[iban]';
const MASKS = /\[(?:email|phone|card|iban)\]/g;

// ---------------------------------------------------------------- masking

/** A character of an e-mail address's local part. */
const LOCAL_CHAR = /[\p{L}\p{N}._%+'-]/u;
/**
 * The domain of an e-mail address, from just after its `@`: dot-separated labels of letters,
 * digits and inner hyphens, ending in a top-level domain of two letters or more.
 */
const DOMAIN = /[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.\p{L}{2,}(?![\p{L}\p{N}])/uy;

/**
 * Masks e-mail addresses (`ana.lima@example.co.uk`): found from each `@`, the local part
 * before it and the domain after it, so the work is linear in the text whatever it holds.
 */
function maskEmails(text: string): string {
  let out = '';
  let done = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > done && LOCAL_CHAR.test(text[start - 1]!)) start--;
    // A local part starts with a letter or digit, not with the dot of a sentence.
    while (start < at && !/[\p{L}\p{N}]/u.test(text[start]!)) start++;
    if (start === at) continue;
    DOMAIN.lastIndex = at + 1;
    const domain = DOMAIN.exec(text);
    if (domain === null) continue;
    out += text.slice(done, start) + EMAIL_MASK;
    done = at + 1 + domain[0].length;
    at = done - 1;
  }
  return out + text.slice(done);
}

/**
 * Digit groups that may hold a payment card number: digits joined by one or two spaces (also
 * no-break and thin spaces), dots, hyphens or en dashes, not glued to a letter or digit, nor after
 * `+` (an international phone number: `+4915112345678`). Separators and digits never overlap, so
 * the match is linear.
 */
const CARD_GROUPS = /(?<![\p{L}\p{N}_+])\d+(?:[ .\u00a0\u2009\u202f\u2013-]{1,2}\d+)*(?![\p{L}\p{N}_])/gu;

/** The card networks' leading digits and lengths (ISO/IEC 7812 issuer ranges as the networks publish them). */
const CARD_NETWORKS: readonly (readonly [RegExp, readonly number[]])[] = [
  [/^4/, [13, 16, 19]], // Visa
  [/^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, [16]], // Mastercard
  [/^3[47]/, [15]], // American Express
  [/^(6011|64[4-9]|65|62)/, [16, 17, 18, 19]], // Discover, UnionPay
  [/^35(2[89]|[3-8]\d)/, [16, 17, 18, 19]], // JCB
  [/^(30[0-5]|3095|36|3[89])/, [14, 15, 16, 17, 18, 19]], // Diners Club
  [/^(5018|5020|5038|5893|6304|6759|676[1-3])/, [13, 14, 15, 16, 17, 18, 19]], // Maestro
  [/^220[0-4]/, [16, 17, 18, 19]], // Mir
];

/** The Luhn check digit test that every payment card number passes (and 1 in 10 random numbers). */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

const isCardNumber = (digits: string): boolean => CARD_NETWORKS.some(([start, lengths]) => start.test(digits) && lengths.includes(digits.length)) && luhn(digits);

/**
 * Masks payment card numbers: consecutive digit groups of 3 digits or more (or one bare run)
 * whose digits start and run as a card network's do and pass the Luhn check, so a number written
 * next to the card (an expiry date, a security code, an amount) does not hide it. A card number
 * after "order" is still a card number; after "call" or "mobile", digits are left to the phone rule.
 */
function maskCards(text: string): string {
  return text.replace(CARD_GROUPS, (run: string, offset: number) => {
    const groups = [...run.matchAll(/\d+/g)].map((m) => ({ at: m.index, end: m.index + m[0].length, digits: m[0] }));
    let out = '';
    let done = 0;
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      let found = -1;
      for (let j = i; j < groups.length && groups[j]!.digits.length >= 3 && digits.length < 19; j++) {
        digits += groups[j]!.digits;
        if (isCardNumber(digits)) found = j;
      }
      if (found === -1 || contextOf(text, offset + groups[i]!.at) === 'phone') continue;
      out += run.slice(done, groups[i]!.at) + CARD_MASK;
      done = groups[found]!.end;
      i = found;
    }
    return out + run.slice(done);
  });
}

/**
 * A run that may be an IBAN: a country code, two check digits, then 11 to 30 letters and digits,
 * either bare or in groups of four joined by one or two spaces or hyphens, the last group
 * shorter (`DE89 3704 0044 0532 0130 00`); in any case, and also right after the word "IBAN"
 * (`IBAN:DE89...`). At most eight groups: an IBAN has 34 characters at most, and the run stays short.
 */
const IBAN_RUN = /(?<=^|[^\p{L}\p{N}_]|iban:?)[A-Z]{2}\d{2}(?:(?:[ -]{1,2}[A-Z0-9]{4}){1,8}(?:[ -]{1,2}[A-Z0-9]{1,3})?|[A-Z0-9]{11,30})(?![\p{L}\p{N}_])/giu;

/** ISO 13616's check: the IBAN, its first four characters moved to the end and letters as 10..35, is 1 modulo 97. */
function ibanChecks(iban: string): boolean {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const char of moved) {
    const value = char >= 'A' ? char.charCodeAt(0) - 55 : char.charCodeAt(0) - 48;
    rest = (value > 9 ? rest * 100 + value : rest * 10 + value) % 97;
  }
  return rest === 1;
}

/**
 * Masks IBANs whose check digits hold. A run may go on past its IBAN (a word of four capitals, a
 * second IBAN): the longest part that ends between groups and checks is the IBAN, and the rest is
 * looked at again.
 */
function maskIbans(text: string): string {
  return text.replace(IBAN_RUN, (run: string) => {
    const ends = [run.length, ...[...run.matchAll(/[ -]+/g)].map((m) => m.index)].sort((a, b) => b - a);
    for (const end of ends) {
      const iban = run.slice(0, end).replace(/[ -]/g, '').toUpperCase();
      if (iban.length >= 15 && iban.length <= 34 && ibanChecks(iban)) return IBAN_MASK + maskIbans(run.slice(end));
    }
    return run;
  });
}

/**
 * A run that may be a phone number: an optional `+` or `(`, then digits joined by separators
 * (spaces, `.`, `-`, parentheses; a comma, a slash or a colon ends the run). Each repetition
 * takes at least one digit and the separators are no digits, so the match is linear.
 */
const PHONE_RUN = /\+?\(?\d(?:[ .()-]{0,3}\d)*/g;
/** Separators between two digit groups that a written phone number uses. */
const PHONE_SEPARATORS = new Set([' ', '-', '.', '(', ')', ' (', ') ', ')-', '-(', '.(', ').', ' ( ', ' ) ']);
/** Characters that, right before a run, make it part of something else (a code, an amount, an order number, a path). */
const BEFORE_NOT_PHONE = /[\p{L}\p{N}_#@$€£¥%/\\=&]/u;
/** Characters that, right after a run, make it part of something else (a code, a percentage, an amount). */
const AFTER_NOT_PHONE = /[\p{L}\p{N}_@$€£¥%/\\]/u;
const PHONE_WORDS =
  /(?<![\p{L}])(call|called|calling|phone|phoned|tel|telephone|mobile|cell|cellphone|whats ?app|sms|text|texted|ring|reach|contact|fax|landline|number|handy|telefon|tél|téléphone|portable|teléfono|móvil|celular)(?![\p{L}])/giu;
const REFERENCE_WORDS =
  /(?<![\p{L}])(order|orders|invoice|ref|reference|tracking|track|account|acct|ticket|case|booking|confirmation|parcel|package|shipment|sku|item|receipt|transaction|customer|member|membership|loyalty|card|voucher|coupon|promo|code|id|no|nr|bestellung|rechnung|commande|facture|pedido|factura)(?![\p{L}])/giu;

/** The last position at which `pattern` (global) matches in `text`, or -1. */
function lastMatch(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  let at = -1;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) at = m.index;
  return at;
}

/**
 * Which of the words before a digit run is nearer: one that announces a phone number ("call me
 * on") or one that announces a reference ("order", "invoice", "#"). Looked for in the 40
 * characters before the run.
 */
function contextOf(text: string, at: number): 'phone' | 'reference' | undefined {
  // The masks put in before ("[card]") are not words: "card" there must not make a phone number a reference.
  const before = text.slice(Math.max(0, at - 40), at).replace(MASKS, (mask) => ' '.repeat(mask.length));
  const phone = lastMatch(PHONE_WORDS, before);
  const reference = lastMatch(REFERENCE_WORDS, before);
  if (phone === -1 && reference === -1) return undefined;
  return phone > reference ? 'phone' : 'reference';
}

const isYear = (g: string) => g.length === 4 && (g.startsWith('19') || g.startsWith('20'));
const isDayOrMonth = (g: string) => g.length <= 2 && Number(g) >= 1 && Number(g) <= 31;

/**
 * Whether digit groups joined by the given separators read as something other than a phone
 * number: a date (2026-03-04, 04.03.2026, 2026 03 04), an amount with thousands separators
 * (1.299.000, or 1 299 000 next to a currency), a decimal (1234567.89), a US ZIP+4 (12345-6789)
 * or an IPv4 address (192.168.100.200).
 */
function isOtherNumber(groups: readonly string[], separators: readonly string[], text: string, start: number, end: number): boolean {
  const same = separators.every((s) => s === separators[0]);
  const sep = separators[0];
  if (groups.length === 3 && same && (sep === '-' || sep === '.' || sep === ' ')) {
    const [a, b, c] = groups as [string, string, string];
    if (isYear(a) && isDayOrMonth(b) && isDayOrMonth(c)) return true;
    if (isDayOrMonth(a) && isDayOrMonth(b) && isYear(c)) return true;
  }
  if (groups.length === 2 && sep === '.') return true;
  if (groups.length === 2 && sep === '-' && groups[0]!.length === 5 && groups[1]!.length === 4) return true;
  if (groups.length === 4 && same && sep === '.' && groups.every((g) => g.length <= 3 && Number(g) <= 255)) return true;
  const thousands = groups.length >= 2 && same && groups[0]!.length <= 3 && groups.slice(1).every((g) => g.length === 3);
  if (thousands && sep === '.') return true;
  if (thousands && sep === ' ') {
    const around = text.slice(Math.max(0, start - 4), start) + ' ' + text.slice(end, end + 5);
    if (/[$€£¥]|\b(eur|usd|gbp|chf|euros?|dollars?|pounds?|kr|sek|nok|dkk|pln|zł)\b/iu.test(around)) return true;
  }
  return false;
}

/**
 * Whether the digit run `run` at `start` of `text` is a phone number (see maskPersonalData for
 * the rule); `run` holds no separator the caller has not accepted.
 */
function isPhone(run: string, text: string, start: number): boolean {
  const end = start + run.length;
  const before = text[start - 1];
  const after = text[end];
  if (before !== undefined && BEFORE_NOT_PHONE.test(before)) return false;
  // 1,299,000 or 12.5: a comma or a dot right before, itself after a digit, continues a number.
  if ((before === ',' || before === '.') && /\d/.test(text[start - 2] ?? '')) return false;
  if (after !== undefined && AFTER_NOT_PHONE.test(after)) return false;
  // 1 299 000,00 or 2026-03-04 14:30: a comma, dot or colon followed by a digit continues it.
  if ((after === ',' || after === '.' || after === ':') && /\d/.test(text[end + 1] ?? '')) return false;
  const digits = run.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  const international = run.startsWith('+') || run.startsWith('(+');
  if (international) return true;
  const groups = run.split(/[^\d]+/).filter((g) => g !== '');
  const separators = (run.match(/(?<=\d)[^\d]+(?=\d)/g) ?? []).map((s) => s);
  const context = contextOf(text, start);
  if (context === 'reference') return false;
  // A bare run of digits is an order, account or reference number unless a word says it is a phone.
  if (groups.length === 1) return context === 'phone';
  // Groups of one digit after the first ("3 4 5 6 7 8 9") are a list of numbers, not a phone number.
  if (groups.slice(1).some((g) => g.length < 2)) return false;
  return !isOtherNumber(groups, separators, text, start, end);
}

/**
 * Masks personal data in a comment:
 * - e-mail addresses (`name@domain.tld`) become `[email]`;
 * - payment card numbers become `[card]`: 13 to 19 digits, bare or in groups, that start and
 *   run as a card network's numbers do and pass the Luhn check (see maskCards);
 * - IBANs become `[iban]`: a country code, check digits and 11 to 30 letters and digits, bare
 *   or in groups of four, whose check digits hold (ISO 13616, modulo 97);
 * - phone numbers become `[phone]`. A phone number is 7 to 15 digits that either start with `+`
 *   (`+44 20 7946 0958`, `+4915112345678`), or are written in groups joined by spaces, dots,
 *   hyphens or parentheses (`(555) 010-9999`, `020 7946 0958`, `555.010.9999`), or stand alone
 *   after a word such as "call", "phone", "mobile" or "number" (`call me on 07700900123`).
 *   Not phone numbers: dates (`2026-03-04`, `04.03.2026`), times, amounts (`1,299.00`,
 *   `1.299.000`, `€1 299 000`), decimals, ZIP+4 codes, IP addresses, numbers glued to letters or
 *   to `#` (`AB1234567`, `#10023456`), and any digits after a word such as "order", "invoice",
 *   "ref", "tracking" or "account" when no phone word comes nearer (`order 123-456-7890`).
 */
export function maskPersonalData(text: string): string {
  const emailed = maskCards(maskIbans(maskEmails(text)));
  return emailed.replace(PHONE_RUN, (run: string, start: number) => {
    // Split the run where its separators are not a phone's (" - " in a date range): each piece is judged alone.
    const pieces: { text: string; at: number }[] = [];
    let pieceStart = 0;
    const separator = /[ .()-]+/g;
    for (let m = separator.exec(run); m !== null; m = separator.exec(run)) {
      const inside = m.index > 0 && m.index + m[0].length < run.length && /\d/.test(run[m.index - 1]!);
      if (inside && !PHONE_SEPARATORS.has(m[0])) {
        pieces.push({ text: run.slice(pieceStart, m.index), at: pieceStart });
        pieceStart = m.index + m[0].length;
      }
    }
    pieces.push({ text: run.slice(pieceStart), at: pieceStart });
    let out = '';
    let done = 0;
    for (const piece of pieces) {
      out += run.slice(done, piece.at);
      out += isPhone(piece.text, emailed, start + piece.at) ? PHONE_MASK : piece.text;
      done = piece.at + piece.text.length;
    }
    return out + run.slice(done);
  });
}

// ---------------------------------------------------------------- one answer

/** Answers that say there is nothing to say: not comments. Compared folded (foldAnswer). */
const NON_COMMENTS = new Set(
  [
    ...MISSING_MARKERS,
    'none',
    'nothing',
    'no',
    'nope',
    'nil',
    'na',
    'n a',
    'no comment',
    'no comments',
    'nothing to add',
    'nothing else',
    'nothing more',
    'no thanks',
    'no thank you',
    'not really',
    'all good',
    'ok',
    'okay',
    'x',
    'xx',
    'xxx',
    'test',
    'asdf',
    'keine',
    'nichts',
    'nein',
    'rien',
    'non',
    'nada',
    'ninguno',
  ].map(foldAnswer),
);

/** Cuts `text` to at most `max` code points, at a word when one ends in the last fifth. */
function cutAtWord(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  const head = points.slice(0, max).join('');
  const space = head.lastIndexOf(' ');
  return (space >= head.length * 0.8 ? head.slice(0, space) : head).trimEnd();
}

/**
 * One answer of the free-text column as a comment, or undefined when it says nothing: white space
 * (line breaks included) and control characters become single spaces, the ends are trimmed,
 * answers without a letter ("5", "-", "...") and answers such as "N/A", "none", "no comment" are
 * dropped, e-mail addresses and phone numbers are masked (maskPersonalData), and a comment longer
 * than COMMENT_MAX_CHARS is cut at a word and ends with "…".
 */
export function commentText(raw: string): string | undefined {
  let cut = false;
  let text = raw;
  if (text.length > SCAN_CHARS) {
    cut = true;
    text = text.slice(0, SCAN_CHARS);
    // The last word may be half of an address or number: it is dropped, never shown half-masked.
    text = text
      .replace(/[\uD800-\uDBFF]$/, '')
      .replace(/\S*$/, '')
      .replace(/[\d\s+().-]*$/, '');
  }
  text = text.replace(/[\s\p{Cc}\u2028\u2029]+/gu, ' ').trim();
  if (text === '' || !/\p{L}/u.test(text) || NON_COMMENTS.has(foldAnswer(text))) return undefined;
  text = maskPersonalData(text);
  const short = cutAtWord(text, COMMENT_MAX_CHARS);
  return short !== text || cut ? `${short}…` : text;
}

// ---------------------------------------------------------------- the column

/**
 * Header words of a free-text question (in the column id or its question text): comment(s),
 * feedback, verbatim, remarks, suggestions, "anything else", "tell us", "why", "reason for your
 * score", "what could we do better", open-ended, free text, and their German, French and Spanish
 * counterparts.
 */
const COMMENT_HEADER =
  /(?<![\p{L}])(comments?|commentary|feedback|verbatims?|remarks?|suggestions?|anything else|tell us|why|reasons? for (your|the|this|that) (score|rating|answer|grade)|(could|can|should) we (do )?(better|improve)|how (can|could) we improve|open[ -]?ended|free[ -]?text|in your own words|kommentare?|anmerkung(en)?|bemerkung(en)?|anregung(en)?|warum|commentaires?|remarques?|pourquoi|comentarios?|sugerencias?|observaciones|por qu[ée])(?![\p{L}])/iu;

/**
 * Headers of columns that hold personal details or technical data, never comments, whatever
 * their answers look like (addresses, names, user agents), and "other, please specify" columns.
 */
const NOT_COMMENT_HEADER =
  /(?<![\p{L}])(e-?mail|name|address|street|city|town|post ?code|zip|phone|mobile|url|link|website|ip|user ?agent|browser|device|referr?er|location|country|region|company|organi[sz]ation|job|title|other|others|specify)(?![\p{L}])/iu;
/** The same in a camel-case header (`MemberSiteOther`, `CompanyName`). */
const NOT_COMMENT_CAMEL = /\p{Ll}(Other|Specify|Name|Address|E?[Mm]ail|Phone|Url|Location|Country|Region|Company|Title)$/u;

/** Qualtrics "other, please specify" text of a choice (Q5_4_TEXT): part of a choice question, not a comment. */
const CHOICE_TEXT = /_-?\d+_TEXT$/i;

interface TextProfile {
  /** Sampled rows. */
  rows: number;
  /** Answers that are comments (commentText). */
  answers: number;
  distinct: number;
  meanWords: number;
  /** Non-empty answers, comments or not. */
  filled: number;
}

function profile(sample: readonly string[][], index: number): TextProfile {
  let filled = 0;
  let answers = 0;
  let words = 0;
  const seen = new Set<string>();
  for (const record of sample) {
    const raw = record[index];
    if (raw === undefined || raw.trim() === '') continue;
    filled++;
    const text = commentText(raw.length > SCAN_CHARS ? raw.slice(0, SCAN_CHARS) : raw);
    // A contact detail alone ("[email]") is no comment: an e-mail column is not a comments column.
    if (text === undefined || text === EMAIL_MASK || text === PHONE_MASK) continue;
    answers++;
    words += text.split(' ').length;
    seen.add(text.toLowerCase());
  }
  return { rows: sample.length, answers, distinct: seen.size, meanWords: answers === 0 ? 0 : words / answers, filled };
}

/** Lenient test for a column whose header says it holds comments: most answers are text, not a handful of choices. */
function looksLikeComments(p: TextProfile): boolean {
  if (p.answers === 0 || p.answers < 0.6 * p.filled) return false;
  if (p.answers < 10) return true;
  return p.distinct >= 0.2 * p.answers || p.meanWords >= 4;
}

/** Strict test for a column found from its answers alone: varied answers of several words, answered by more than a few. */
function looksLikeFreeText(p: TextProfile): boolean {
  return p.answers >= 5 && p.filled >= 0.05 * p.rows && p.answers >= 0.8 * p.filled && p.meanWords >= 4 && p.distinct >= 0.6 * p.answers;
}

export interface CommentChoice {
  column?: ColumnInfo;
  /** What was inferred, for `source.inferred` (also when no column is taken). */
  note?: string;
}

const named = (c: ColumnInfo) => (c.text && c.text !== c.id ? `'${c.id}' ("${clip(c.text, 60)}")` : `'${c.id}'`);

/**
 * The free-text column of an export, when the user named none:
 * 1. columns whose id or question text reads as a free-text question (COMMENT_HEADER), or that
 *    SurveyMonkey marks "Open-Ended Response", and whose sampled answers are mostly text rather
 *    than a few repeated choices; of several, the one with the most answers in the sample (then
 *    the first), and the others are named in the note;
 * 2. else a column whose answers alone read as free text (at least 5 answers, from 5% of the
 *    sampled rows or more, 80% of them with letters, four words on average, 60% distinct), when
 *    exactly one column does; with several, none is taken and the note names them.
 * Columns in `taken` (metrics, dimensions, dates, ids), metadata (`isMetadata`), "other, please
 * specify" texts and columns of personal details (e-mail, name, address, ...) are never taken.
 */
export function inferCommentColumn(
  columns: readonly ColumnInfo[],
  sample: readonly string[][],
  taken: ReadonlySet<number>,
  isMetadata: (column: ColumnInfo) => boolean,
): CommentChoice {
  const eligible = columns.filter((c) => !taken.has(c.index) && !isMetadata(c) && !CHOICE_TEXT.test(c.id));
  const profiles = new Map(eligible.map((c) => [c.index, profile(sample, c.index)]));
  const byAnswers = (a: ColumnInfo, b: ColumnInfo) => profiles.get(b.index)!.answers - profiles.get(a.index)!.answers || a.index - b.index;
  const headed = eligible
    .filter((c) => (c.openEnded === true || COMMENT_HEADER.test(c.id) || COMMENT_HEADER.test(c.text)) && looksLikeComments(profiles.get(c.index)!))
    .sort(byAnswers);
  const tail = ' Up to five per touchpoint are kept, e-mail addresses, phone numbers, card numbers and IBANs masked; name another column with survey.columns.comment.';
  if (headed.length > 0) {
    const column = headed[0]!;
    const others = headed.slice(1);
    const how =
      column.openEnded === true
        ? 'SurveyMonkey marks it open-ended'
        : COMMENT_HEADER.test(column.text) && column.text !== column.id
          ? 'found from its question text'
          : 'found from its header';
    const also = others.length > 0 ? ` Other free-text columns: ${others.slice(0, 5).map(named).join(', ')}${others.length > 5 ? ', ...' : ''}.` : '';
    return { column, note: `Comments from ${named(column)}, ${how}.${also}${tail}` };
  }
  const free = eligible
    .filter((c) => ![c.id, c.text].some((h) => NOT_COMMENT_HEADER.test(h) || NOT_COMMENT_CAMEL.test(h)) && looksLikeFreeText(profiles.get(c.index)!))
    .sort(byAnswers);
  if (free.length === 1) {
    const column = free[0]!;
    const p = profiles.get(column.index)!;
    return { column, note: `Comments from ${named(column)}, found from its answers (free text in ${p.answers} of ${p.rows} sampled rows).${tail}` };
  }
  if (free.length > 1) {
    return {
      note: `No comments: ${free.length} columns hold free text (${free.slice(0, 5).map(named).join(', ')}${free.length > 5 ? ', ...' : ''}); name one with survey.columns.comment.`,
    };
  }
  return {};
}

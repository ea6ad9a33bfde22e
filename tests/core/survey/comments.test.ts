import { describe, expect, it } from 'vitest';
import { Aggregator, emptyState, mergeStates } from '../../../src/core/survey/aggregate.js';
import { COMMENT_MAX_CHARS, commentText, inferCommentColumn, maskPersonalData } from '../../../src/core/survey/comments.js';
import type { ColumnInfo } from '../../../src/core/survey/layout.js';
import { detectLayout } from '../../../src/core/survey/layout.js';
import type { MetricsRequest } from '../../../src/core/survey/plan/index.js';
import { buildPlan } from '../../../src/core/survey/plan/index.js';
import { buildReport } from '../../../src/core/survey/report.js';

describe('maskPersonalData: e-mail addresses', () => {
  it.each([
    ['write to ana.lima@example.co.uk.', 'write to [email].'],
    ['name+tag@sub.example.com, thanks', '[email], thanks'],
    ["o'brien@example.ie", '[email]'],
    ['Jürgen@bücher.de', '[email]'],
    ['two: a@example.com b_c@example.org', 'two: [email] [email]'],
    ['mailto:ops@example.com', 'mailto:[email]'],
  ])('%s -> %s', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it.each(['user@localhost', 'a@b.c', 'x@y', '@handle on social media', 'meet @ 5 pm', 'cost 3 @ £2.50'])('leaves %s (no address)', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});

describe('maskPersonalData: phone numbers', () => {
  it.each([
    ['Call me on +44 20 7946 0958 please', 'Call me on [phone] please'],
    ['+4915112345678', '[phone]'],
    ['+1 (555) 010-9999', '[phone]'],
    ['+44 (0)20 7946 0958', '[phone]'],
    ['(555) 010-9999', '[phone]'],
    ['020 7946 0958', '[phone]'],
    ['07700 900123', '[phone]'],
    ['555.010.9999 or 555-010-9999', '[phone] or [phone]'],
    ['1 800 555 0199', '[phone]'],
    ['call me on 07700900123', 'call me on [phone]'],
    ['my number is 07700900123', 'my number is [phone]'],
    ['Tel: 0301234567', 'Tel: [phone]'],
    ['order 1234567, call me on 555 123 4567', 'order 1234567, call me on [phone]'],
  ])('%s -> %s', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it.each([
    // dates and times
    'delivered 2026-03-04',
    'on 04.03.2026 at 14:30',
    '2026-03-04 14:30',
    'from 2026-03-04 - 2026-03-10',
    '2026/03/04',
    '20260304',
    'at 9:30-10:45',
    // amounts and numbers
    'paid 1,299.00',
    'paid 1.299.000,00 EUR',
    '€1 299 000',
    '1 299 000 €',
    '1,234,567',
    'price 1234567.89',
    'scores 3 4 5 6 7 8 9',
    // order, reference and other numbers
    'order 07700900123',
    'Order 123-456-7890 was late',
    'ticket 55-0192-447',
    'ref #100234567',
    'Order 100482913 arrived late',
    'AB1234567',
    'v1.2.3',
    '12345-6789',
    '192.168.100.200',
    // 16 digits: too many for a phone number; not a card number either (Luhn fails)
    'card 4111 1111 1111 1112',
    'up 25%',
  ])('leaves %s', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  it('stays linear on long hostile runs (digits, separators, at signs, dots)', () => {
    const started = Date.now();
    const cardsAndIbans = ['4111 '.repeat(100_000), 'DE89 3704 '.repeat(50_000), '4111-1111 DE89 0000 '.repeat(25_000), 'IBANDE89'.repeat(60_000)];
    for (const text of [
      '1 '.repeat(100_000),
      '1-'.repeat(100_000),
      'a@'.repeat(100_000),
      'a.'.repeat(100_000) + '@',
      '@a-'.repeat(100_000),
      'a'.repeat(1_000_000),
      ...cardsAndIbans,
    ]) {
      expect(typeof maskPersonalData(text)).toBe('string');
    }
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('maskPersonalData: card numbers and IBANs', () => {
  it.each([
    ['card 4111 1111 1111 1111 thanks', 'card [card] thanks'],
    ['my card is 4111111111111111.', 'my card is [card].'],
    ['amex 3782 822463 10005', 'amex [card]'],
    ['5500-0000-0000-0004', '[card]'],
    ['Mastercard 2221 0000 0000 0009', 'Mastercard [card]'],
    // A card number after "order" is still a card number (unlike a phone number).
    ['order 4111 1111 1111 1111', 'order [card]'],
    ['IBAN DE89 3704 0044 0532 0130 00 OK', 'IBAN [iban] OK'],
    ['DE89370400440532013000', '[iban]'],
    ['GB82 WEST 1234 5698 7654 32, thanks', '[iban], thanks'],
    ['FR14 2004 1010 0505 0001 3M02 606', '[iban]'],
    ['NL91ABNA0417164300', '[iban]'],
    // written next to other numbers, or in other ways people write them
    ['Visa 4111 1111 1111 1111 12/27', 'Visa [card] 12/27'],
    ['card 4111 1111 1111 1111 123 cvv', 'card [card] 123 cvv'],
    ['charged 2 4111 1111 1111 1111', 'charged 2 [card]'],
    ['my card (4111111111111111) was charged', 'my card ([card]) was charged'],
    ['4111.1111.1111.1111', '[card]'],
    ['4111  1111  1111  1111', '[card]'],
    ['4111\u00a01111\u00a01111\u00a01111', '[card]'],
    ['4111\u20131111\u20131111\u20131111', '[card]'],
    ['iban de89 3704 0044 0532 0130 00', 'iban [iban]'],
    ['ibanDE89370400440532013000', 'iban[iban]'],
    ['IBAN:DE89370400440532013000', 'IBAN:[iban]'],
    ['DE89-3704-0044-0532-0130-00', '[iban]'],
    ['IBANs DE89 3704 0044 0532 0130 00 GB82 WEST 1234 5698 7654 32', 'IBANs [iban] [iban]'],
    // a masked card is not the word "card" for the phone number after it
    ['paid with 4111 1111 1111 1111 and 020 7946 0958 is me', 'paid with [card] and [phone] is me'],
    // after a phone word, digits that would pass as a card are the phone number
    ['mobile 4915112345678', 'mobile [phone]'],
  ])('%s -> %s', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it.each([
    // Luhn fails, or no card network starts so
    'order 1234567890123456',
    'card 4111 1111 1111 1112',
    'tracking 9400111899223100000000',
    '1111 1111 1111 1117',
    // glued to letters: a code
    'SKU4111111111111111',
    // an IBAN shape whose check digits do not hold
    'NL91ABNA0417164301',
    'DE00 0000 0000 0000 0000',
    // 13 digits: only a Visa number (starting with 4) is that short
    'order 5105105105105',
  ])('leaves %s', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  it('masks every number of a comment, each as what it is', () => {
    expect(maskPersonalData('Refund to DE89 3704 0044 0532 0130 00, not card 4111-1111-1111-1111; mail ana@example.com or call +49 151 12345678')).toBe(
      'Refund to [iban], not card [card]; mail [email] or call [phone]',
    );
  });
});

describe('commentText', () => {
  it('trims, puts the answer on one line and drops control characters', () => {
    expect(commentText('  Refund took 3 weeks.\r\nNobody answered.\u0007  ')).toBe('Refund took 3 weeks. Nobody answered.');
  });

  it.each(['', '   ', '😀😀', 'N/A', 'n/a', '-', '...', '5', '-99', 'none.', 'Nothing', 'No', 'no comment', "Don't know"])('says nothing for %j', (raw) => {
    expect(commentText(raw)).toBeUndefined();
  });

  it('masks before it cuts, and cuts a long answer at a word with an ellipsis', () => {
    const long = `${'word '.repeat(120)}mail me at ana@example.com`;
    const text = commentText(long)!;
    expect(Array.from(text).length).toBeLessThanOrEqual(COMMENT_MAX_CHARS + 1);
    expect(text.endsWith('word…')).toBe(true);
    expect(commentText('write to ana@example.com now')).toBe('write to [email] now');
  });

  it('never shows part of an address cut off in a huge cell', () => {
    const cell = `${'x'.repeat(1990)} ana.lima@example.com ${'y'.repeat(100_000)}`;
    const text = commentText(cell)!;
    expect(text).not.toContain('@');
    expect(text.endsWith('…')).toBe(true);
  });

  it('counts characters, not UTF-16 units, and never splits an emoji', () => {
    const text = commentText('a😀'.repeat(400))!;
    expect(Array.from(text)).toHaveLength(COMMENT_MAX_CHARS + 1);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

const col = (index: number, id: string, text = id, extra: Partial<ColumnInfo> = {}): ColumnInfo => ({ index, id, text, ...extra });
const rows = (n: number, f: (i: number) => string[]): string[][] => Array.from({ length: n }, (_, i) => f(i));
const noMetadata = () => false;
const VARIED = [
  'The app crashed twice at checkout',
  'Delivery came two hours late again',
  'Lovely driver, very helpful today',
  'Could not find the vegan filter anywhere',
  'Refund took three weeks to arrive',
];

describe('inferCommentColumn', () => {
  it('takes a column whose header reads as a comments question, with mostly text answers', () => {
    const columns = [col(0, 'Q1'), col(1, 'Q9', 'Anything else you would like to tell us?'), col(2, 'notes')];
    const sample = rows(40, (i) => [String(i % 11), i % 3 === 0 ? '' : VARIED[i % 5]!, VARIED[(i + 1) % 5]!]);
    const choice = inferCommentColumn(columns, sample, new Set([0]), noMetadata);
    expect(choice.column?.id).toBe('Q9');
    expect(choice.note).toMatch(/^Comments from 'Q9' \("Anything else you would like to tell us\?"\), found from its question text\./);
  });

  it('of several comments questions, takes the most answered and names the others', () => {
    const columns = [col(0, 'If you would, why?'), col(1, "If you wouldn't, why?")];
    const sample = rows(20, (i) => [i % 4 === 0 ? VARIED[i % 5]! : '', i % 2 === 0 ? VARIED[(i + 2) % 5]! : '']);
    const choice = inferCommentColumn(columns, sample, new Set(), noMetadata);
    expect(choice.column?.id).toBe("If you wouldn't, why?");
    expect(choice.note).toContain("Other free-text columns: 'If you would, why?'.");
  });

  it('never takes a column already used by a metric or a dimension, whatever its header', () => {
    const columns = [col(0, 'feedback_score'), col(1, 'comment_channel')];
    const sample = rows(30, (i) => [VARIED[i % 5]!, VARIED[(i + 3) % 5]!]);
    expect(inferCommentColumn(columns, sample, new Set([0, 1]), noMetadata)).toEqual({});
  });

  it('does not take a "why" question answered from a few choices, nor an e-mail column headed "feedback"', () => {
    const columns = [col(0, 'Why did you contact us?'), col(1, 'E-mail for feedback')];
    const sample = rows(40, (i) => [['Billing', 'Delivery', 'Refund'][i % 3]!, `person${i}@example.com`]);
    expect(inferCommentColumn(columns, sample, new Set(), noMetadata).column).toBeUndefined();
  });

  it('finds a free-text column from its answers alone when it is the only one', () => {
    const columns = [col(0, 'Q1'), col(1, 'Q7'), col(2, 'Q8')];
    const sample = rows(30, (i) => [String(i % 11), `${VARIED[i % 5]!} (visit ${i})`, ['Yes', 'No'][i % 2]!]);
    const choice = inferCommentColumn(columns, sample, new Set([0]), noMetadata);
    expect(choice.column?.id).toBe('Q7');
    expect(choice.note).toMatch(/found from its answers \(free text in 30 of 30 sampled rows\)/);
  });

  it('takes none when several columns hold free text by their answers alone, and says so', () => {
    const columns = [col(0, 'Q7'), col(1, 'Q8')];
    const sample = rows(30, (i) => [`${VARIED[i % 5]!} (visit ${i})`, `${VARIED[(i + 1) % 5]!} (order ${i})`]);
    const choice = inferCommentColumn(columns, sample, new Set(), noMetadata);
    expect(choice.column).toBeUndefined();
    expect(choice.note).toBe("No comments: 2 columns hold free text ('Q7', 'Q8'); name one with survey.columns.comment.");
  });

  it('leaves addresses, "other, please specify" texts and metadata alone', () => {
    const columns = [col(0, 'Street address'), col(1, 'Q5_4_TEXT', 'Why did you choose us? - Other - Text'), col(2, 'MemberSiteOther'), col(3, 'RecipientEmail')];
    const sample = rows(30, (i) => [`${i} Long Road, Springfield, Oregon`, `${VARIED[i % 5]!} ${i}`, `${VARIED[(i + 1) % 5]!} ${i}`, `${VARIED[(i + 2) % 5]!} ${i}`]);
    expect(inferCommentColumn(columns, sample, new Set(), (c) => c.id === 'RecipientEmail')).toEqual({});
  });

  it("takes a SurveyMonkey column marked 'Open-Ended Response'", () => {
    const layout = detectLayout([
      ['Respondent ID', 'Collector ID', 'How likely are you to recommend us?', 'Your thoughts', 'touchpoint'],
      ['', '', 'Response', 'Open-Ended Response', 'Response'],
    ]);
    const column = layout.columns.find((c) => c.id === 'Your thoughts')!;
    expect(column.openEnded).toBe(true);
    const sample = rows(12, (i) => [String(i), '1', String(i % 11), i % 2 ? VARIED[i % 5]! : '', 'web']);
    expect(inferCommentColumn(layout.columns, sample, new Set([0, 1, 2, 4]), noMetadata).note).toContain('SurveyMonkey marks it open-ended');
  });
});

describe('comments through the aggregation', () => {
  const HEADER = ['id', 'touchpoint', 'How likely are you to recommend us?', 'Any other comments?'];
  const request: MetricsRequest = { columns: {}, scales: {}, by: [], completeOnly: false };

  function aggregate(records: string[][], parts = 1) {
    const layout = detectLayout([HEADER]);
    const planned = buildPlan(layout, records, request, false);
    const size = Math.ceil(records.length / parts);
    const states = Array.from({ length: parts }, (_, p) => {
      const aggregator = new Aggregator(planned.plan, 'x.csv');
      records.slice(p * size, (p + 1) * size).forEach((r, i) => aggregator.add(r, p * size + i + 2));
      return aggregator.state;
    });
    const state = emptyState(planned.plan);
    for (const s of states) mergeStates(state, s);
    return buildReport(state, planned, { files: ['x.csv'], encoding: 'utf-8', delimiter: ',' });
  }

  const records = rows(40, (i) => [`r${i}`, i % 2 ? 'checkout' : 'delivery', String(i % 11), i % 3 === 0 ? '' : `Comment number ${i} about it`]);

  it('keeps the first five answers per touchpoint in file order, with their lines, whatever the split into parts', () => {
    const report = aggregate(records);
    expect(report.source.columns.comment).toBe('Any other comments?');
    expect(report.comments?.column).toBe('Any other comments?');
    const checkout = [1, 5, 7, 11, 13].map((i) => ({ text: `Comment number ${i} about it`, line: i + 2 }));
    expect(report.comments?.byTouchpoint.checkout).toEqual(checkout);
    expect(report.comments?.byTouchpoint.delivery?.map((c) => c.line)).toEqual([4, 6, 10, 12, 16]);
    expect(aggregate(records, 3).comments).toEqual(report.comments);
    expect(report.source.inferred).toContain("10 comments kept from 'Any other comments?' for 2 touchpoints.");
  });

  it('gives the line where a multi-line answer starts', () => {
    const multi = [
      ['r1', 'checkout', '9', 'First line\nsecond line'],
      ['r2', 'checkout', '7', 'One line'],
    ];
    const layout = detectLayout([HEADER]);
    const planned = buildPlan(
      layout,
      rows(12, (i) => [`s${i}`, 'checkout', '8', `Sample answer ${i} with words`]),
      request,
      false,
    );
    const aggregator = new Aggregator(planned.plan, 'x.csv');
    // Record 1 spans lines 2-3 (its answer holds a line break), record 2 is line 4.
    aggregator.add(multi[0]!, 3);
    aggregator.add(multi[1]!, 4);
    const report = buildReport(aggregator.state, planned, { files: ['x.csv'], encoding: 'utf-8', delimiter: ',' });
    expect(report.comments?.byTouchpoint.checkout).toEqual([
      { text: 'First line second line', line: 2 },
      { text: 'One line', line: 4 },
    ]);
  });

  it('keeps no comments without a touchpoint column', () => {
    const layout = detectLayout([['id', 'How likely are you to recommend us?', 'Any other comments?']]);
    const planned = buildPlan(
      layout,
      rows(12, (i) => [`r${i}`, '9', `Sample answer ${i} with words`]),
      request,
      false,
    );
    expect(planned.plan.comment).toBeUndefined();
    expect(planned.columns.comment).toBeUndefined();
  });

  it('takes the column the binding names, over the inferred one', () => {
    const layout = detectLayout([[...HEADER, 'notes']]);
    const sample = rows(12, (i) => [`r${i}`, 'checkout', '9', `Sample answer ${i} with words`, `Note ${i} with some words`]);
    const planned = buildPlan(layout, sample, { ...request, binding: { columns: { comment: 'notes' } } }, false);
    expect(planned.columns.comment).toBe('notes');
    expect(() => buildPlan(layout, sample, { ...request, binding: { columns: { comment: 'nowhere' } } }, false)).toThrow(/No column 'nowhere' for comments/);
  });
});

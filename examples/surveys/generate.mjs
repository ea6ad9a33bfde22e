// Writes online-order-survey.csv: a synthetic Qualtrics export (numeric values, 3 header rows)
// for the retail example map, deterministic. Run: node examples/surveys/generate.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let seed = 4242;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const pick = (weights) => {
  let r = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) if ((r -= weights[i]) < 0) return i;
  return weights.length - 1;
};
// touchpoint (as the survey names it), stage, channel, NPS weights 0..10, CSAT weights 1..5, FCR yes share
const segments = [
  ['Checkout', 'purchase', 'web', [4, 3, 4, 5, 6, 8, 9, 12, 12, 9, 8], [12, 14, 16, 28, 30], 0.7],
  ['Home delivery', 'delivery', 'in-person', [1, 1, 1, 2, 2, 4, 5, 10, 14, 22, 24], [3, 4, 8, 35, 50], 0.8],
  ['Customer service - chat', 'support', 'chat', [6, 4, 5, 6, 7, 8, 8, 9, 9, 7, 6], [14, 12, 18, 30, 26], 0.55],
  ['Post-delivery survey', 'advocacy', 'email', [1, 1, 1, 1, 2, 3, 5, 9, 16, 24, 26], [2, 3, 7, 38, 50], 0.85],
  ['product-search', 'consideration', 'web', [2, 2, 3, 3, 4, 6, 8, 12, 14, 12, 10], [6, 8, 14, 36, 36], 0.75],
  ['care-line-call', 'support', 'phone', [7, 5, 6, 7, 7, 8, 8, 9, 8, 6, 5], [16, 14, 18, 28, 24], 0.6],
];
const header = [
  ['StartDate', 'EndDate', 'Status', 'Progress', 'Finished', 'RecordedDate', 'ResponseId', 'DistributionChannel', 'UserLanguage', 'Q1_NPS_GROUP', 'Q1', 'Q2', 'Q3', 'Q4', 'Q5_TEXT', 'channel', 'stage', 'touchpoint'],
  ['Start Date', 'End Date', 'Response Type', 'Progress', 'Finished', 'Recorded Date', 'Response ID', 'Distribution Channel', 'User Language',
    'How likely are you to recommend FreshCart to a friend or colleague? - Group', 'How likely are you to recommend FreshCart to a friend or colleague?',
    'Overall, how satisfied were you with this part of your order?', 'FreshCart made it easy for me to do what I wanted to do.',
    'Was your issue resolved on your first contact?', 'Anything else you would like to tell us?', 'channel', 'stage', 'touchpoint'],
  ['startDate', 'endDate', 'status', 'progress', 'finished', 'recordedDate', '_recordId', 'distributionChannel', 'userLanguage', 'QID1_NPS_GROUP', 'QID1', 'QID2', 'QID3', 'QID4', 'QID5_TEXT', 'channel', 'stage', 'touchpoint']
    .map((id) => JSON.stringify(/Date$/.test(id) ? { ImportId: id, timeZone: 'Europe/London' } : { ImportId: id })),
];
// Free-text answers (Q5_TEXT) per touchpoint, used in turn by the responses that answer it. Some
// hold what `journey metrics` masks (an e-mail address, phone numbers) and what it must not mask
// (a date, an amount, an order number, a reference); one spans two lines.
const comments = {
  Checkout: [
    'Delivery fee only showed up on the last page, annoying.',
    'Voucher code was rejected twice before it worked.',
    'Paid £1,299.00 for the fridge bundle and checkout still asked me to confirm my address again.',
    'Quick and easy, saved card worked first time.',
    'No delivery slot before 2026-07-04, everything was full.',
    'Page froze after I pressed Pay; I was charged but got no confirmation.',
  ],
  'Home delivery': [
    'Driver was lovely and carried the bags to the kitchen.',
    'Three substitutions and nobody asked me first.',
    'Order 100482913 arrived two hours late and the frozen items had thawed.',
    "Driver couldn't find the flat. Please call me on 07700 900123 next time instead of leaving.",
    'Arrived early, all items there. Great.',
    'Eggs were cracked again.',
  ],
  'Customer service - chat': [
    'Chat took ages, the "agent" kept asking the same things.',
    'Please email me at jo.baker@example.com, I still have no refund.',
    'Two problems:\nthe bot did not understand "missing item", and the chat closed while I uploaded a photo.',
    'Agent sorted the refund in five minutes, brilliant.',
    'Was told to ring +44 20 7946 0958 but the line was closed.',
  ],
  'Post-delivery survey': [
    'Too many emails asking for feedback.',
    'Short survey, thanks.',
    'I rated the delivery, not the food - the questions were confusing.',
    'Happy with FreshCart overall.',
    'Asked for feedback before the order had even arrived.',
  ],
  'product-search': [
    "Search for 'oat milk' showed cat food first.",
    'Filters reset every time I go back.',
    'Good offers, easy to find.',
    'Could not filter by vegan.',
    'Search results were spot on this time.',
  ],
  'care-line-call': [
    'Waited 25 minutes on hold.',
    'Call me back on (020) 7946 0958 please, nobody did.',
    'Was transferred three times; ref 55-0192-447 given each time.',
    'The agent was patient and fixed my account in one go.',
    'Hold music is awful.',
  ],
};
const commented = Object.fromEntries(Object.keys(comments).map((touchpoint) => [touchpoint, 0]));
/** The next comment of a touchpoint (in turn), or none: about 45% of the responses leave it blank. */
const commentFor = (touchpoint, draw) => {
  if (draw < 0.45) return '';
  const list = comments[touchpoint];
  return list[commented[touchpoint]++ % list.length];
};
const quote = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const lines = header.map((row) => row.map(quote).join(','));
const start = Date.UTC(2026, 6, 1);
for (let i = 0; i < 480; i++) {
  const [touchpoint, stage, channel, npsWeights, csatWeights, fcrYes] = segments[i % segments.length];
  const when = new Date(start + Math.floor((i / 480) * 120 * 86_400_000) + Math.floor(random() * 3_600_000)).toISOString().replace('T', ' ').slice(0, 19);
  const nps = pick(npsWeights);
  const csat = 1 + pick(csatWeights);
  const ces = Math.max(1, Math.min(7, csat + 2 - pick([1, 2, 2, 1])));
  const support = stage === 'support';
  const status = i % 97 === 5 ? 1 : 0; // a few survey previews
  const finished = random() < 0.93 ? 1 : 0;
  lines.push(
    [when, when, status, finished ? 100 : 55, finished, when, `R_${(0x5eed0000 + i).toString(36).toUpperCase()}`, 'anonymous', 'EN',
      nps >= 9 ? 3 : nps >= 7 ? 2 : 1, nps, finished || random() < 0.5 ? csat : '', finished ? ces : '', support ? (random() < fcrYes ? 1 : 2) : '',
      quote(commentFor(touchpoint, random())), channel, stage, quote(touchpoint)].join(','),
  );
}
writeFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'online-order-survey.csv'), lines.join('\n') + '\n');

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER } from '../../../../src/core/score/formatters/csv.js';
import type { ScoreFormatName } from '../../../../src/core/score/formatters/index.js';
import { SCORE_FORMAT_NAMES, scoreFormatters } from '../../../../src/core/score/formatters/index.js';
import { bar } from '../../../../src/core/score/formatters/table.js';
import type { ScoreReport } from '../../../../src/core/score/types.js';
import { displayWidth } from '../../../../src/core/output/text-width.js';
import { expectGolden } from '../../../golden.js';
import { HOSTILE, emptyReport, report } from './report-fixture.js';

/** The stage names the command passes from the map; `delivery` is left out, so it shows its id. */
const STAGE_NAMES: Readonly<Record<string, string>> = { purchase: 'Purchase & pay', browse: 'Browse', '購入 🛒': '購入する' };

const format = (name: ScoreFormatName, r: ScoreReport = report, options: { color?: boolean; top?: number } = {}): string =>
  scoreFormatters[name](r, { color: options.color ?? false, ...(options.top !== undefined ? { top: options.top } : {}), stageNames: STAGE_NAMES });

const GOLDEN: readonly [ScoreFormatName, string, boolean][] = [
  ['table', 'table.txt', false],
  ['table', 'table-color.txt', true],
  ['json', 'json.json', false],
  ['csv', 'csv.csv', false],
  ['markdown', 'markdown.md', false],
];

describe('score formatters: golden files', () => {
  it.each(GOLDEN)('%s -> tests/golden/score/%s', (name, golden, color) => {
    expectGolden(`score/${golden}`, format(name, report, { color }));
  });

  it('covers every format', () => {
    expect(new Set(GOLDEN.map(([name]) => name))).toEqual(new Set(SCORE_FORMAT_NAMES));
  });
});

describe('the score formatter registry', () => {
  it('has a formatter for every name and nothing else', () => {
    expect(Object.keys(scoreFormatters).sort()).toEqual([...SCORE_FORMAT_NAMES].sort());
  });

  it.each(SCORE_FORMAT_NAMES)('%s: deterministic, pure, one trailing newline, no colour unless asked, no trailing spaces', (name) => {
    const snapshot = structuredClone(report);
    const out = format(name);
    expect(out).toMatch(/[^\n]\n$/);
    expect(format(name)).toBe(out);
    expect(report).toEqual(snapshot);
    // CSV is data: it carries the map's text verbatim, an escape character included (the fixture has one).
    if (name !== 'csv') expect(out).not.toContain('\u001b');
    expect(out).not.toMatch(/ \n/);
  });

  it.each(SCORE_FORMAT_NAMES)('%s: handles a map with nothing to rank', (name) => {
    const out = format(name, emptyReport);
    expect(out).toMatch(/[^\n]\n$/);
    expect(out).not.toMatch(/NaN|Infinity|undefined/);
  });

  it.each(SCORE_FORMAT_NAMES)('%s: never writes NaN, Infinity or undefined for figures that are not finite', (name) => {
    const broken = structuredClone(report);
    const o = broken.opportunities[0]!;
    o.value = Number.NaN;
    o.rice = Number.POSITIVE_INFINITY;
    broken.touchpoints[0]!.components.survey = Number.NaN;
    broken.touchpoints[0]!.reach = Number.NaN;
    expect(format(name, broken)).not.toMatch(/NaN|Infinity|undefined/);
  });
});

/** Touchpoint and opportunity ids as each format lists them (names in the table), to check `top`. */
const listedIds: Record<ScoreFormatName, (out: string) => { touchpoints: string[]; opportunities: string[] }> = {
  json: (out) => {
    const parsed = JSON.parse(out) as ScoreReport;
    return { touchpoints: parsed.touchpoints.map((t) => t.id), opportunities: parsed.opportunities.map((o) => o.id) };
  },
  csv: (out) => {
    const records: string[][] = parse(out);
    const rows = records.slice(1);
    const ids = (kind: string): string[] => rows.filter((r) => r[0] === kind).map((r) => r[2]!);
    return { touchpoints: ids('touchpoint'), opportunities: ids('opportunity') };
  },
  table: (out) => {
    const [, touchpoints = '', opportunities = ''] = out.split('\n\n');
    const ids = (section: string): string[] => [...section.matchAll(/^ {2,3}\d+ {2}(\S+)/gm)].map((m) => m[1]!);
    return { touchpoints: ids(touchpoints), opportunities: ids(opportunities) };
  },
  markdown: (out) => {
    const [touchpoints = '', opportunities = ''] = out.split('#### Opportunities');
    // The name, then the id as a code span (or the name alone when it is the id).
    const ids = (section: string): string[] => [...section.matchAll(/^\| \d+ \| (?:[^|`]*?`([^`]+)`|([^ |]+))/gm)].map((m) => m[1] ?? m[2]!);
    return { touchpoints: ids(touchpoints), opportunities: ids(opportunities) };
  },
};

describe('--top', () => {
  it.each(SCORE_FORMAT_NAMES)('%s: lists every touchpoint and opportunity without it', (name) => {
    const ids = listedIds[name](format(name));
    expect(ids.touchpoints).toHaveLength(4);
    expect(ids.opportunities).toHaveLength(5);
  });

  it.each(SCORE_FORMAT_NAMES)('%s: lists the first N of each list with it', (name) => {
    const ids = listedIds[name](format(name, report, { top: 2 }));
    expect(ids.touchpoints).toHaveLength(2);
    expect(ids.opportunities).toHaveLength(2);
    if (name === 'table') {
      expect(ids.touchpoints[0]).toBe('Checkout');
      expect(ids.opportunities[0]).toBe('Show');
    } else {
      expect(ids.touchpoints[0]).toContain('checkout');
      expect(ids.opportunities[0]).toBe('show-fee-early');
    }
  });

  it.each(SCORE_FORMAT_NAMES)('%s: a top above the list lengths changes nothing', (name) => {
    expect(format(name, report, { top: 50 })).toBe(format(name));
  });

  it('cuts the JSON arrays, ranks unchanged', () => {
    const parsed = JSON.parse(format('json', report, { top: 3 })) as ScoreReport;
    expect(parsed.touchpoints.map((t) => t.rank)).toEqual([1, 2, 3]);
    expect(parsed.opportunities.map((o) => o.rank)).toEqual([1, 2, 3]);
    expect(parsed.settings).toEqual(report.settings);
  });

  it('says in the human formats what was left out', () => {
    expect(format('table', report, { top: 2 })).toContain('Touchpoints (top 2 of 4)');
    expect(format('table', report, { top: 2 })).toContain('Opportunities (top 2 of 5)');
    expect(format('markdown', report, { top: 2 })).toContain('_Top 2 of 4 touchpoints._');
    expect(format('table')).not.toContain('top ');
    expect(format('markdown')).not.toContain('Top ');
    expect(format('table', report, { top: 0 })).toContain('None listed (--top 0).');
  });
});

/** Every number anywhere in a parsed JSON value. */
function numbers(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbers);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(numbers);
  return [];
}

describe('json', () => {
  const text = format('json');
  const parsed = JSON.parse(text) as ScoreReport;

  it('has the keys of the CLI.md contract first, in its order, then the rest of types.ts', () => {
    expect(Object.keys(parsed)).toEqual(['journey', 'touchpoints', 'opportunities', 'title', 'settings', 'evidence']);
    expect(Object.keys(parsed.touchpoints[0]!)).toEqual([
      'id',
      'stage',
      'friction',
      'priority',
      'components',
      'missing',
      'explanation',
      'name',
      'reach',
      'momentOfTruth',
      'survey',
      'rank',
      'evidence',
    ]);
    expect(Object.keys(parsed.touchpoints[0]!.components)).toEqual(['emotion', 'effort', 'painPoints', 'survey']);
    expect(Object.keys(parsed.opportunities[0]!)).toEqual([
      'id',
      'touchpoint',
      'impact',
      'effort',
      'quadrant',
      'value',
      'stage',
      'description',
      'owner',
      'status',
      'rice',
      'addressedFriction',
      'addresses',
      'missing',
      'rank',
      'confidence',
      'reach',
    ]);
    expect(Object.keys(parsed.settings)).toEqual(['weights', 'momentOfTruth', 'quadrant']);
    expect(text.startsWith('{\n  "journey": "online-order",\n  "touchpoints": [\n    {\n      "id": "checkout",\n')).toBe(true);
  });

  it('round-trips to exactly the report, hostile text and all', () => {
    expect(parsed).toEqual(report);
    expect(parsed.touchpoints[1]!.explanation).toBe(HOSTILE.multiline);
  });

  it('leaves unknown figures out rather than writing null or 0', () => {
    const unknown = parsed.opportunities.find((o) => o.id === 'track-parcel')!;
    expect(Object.keys(unknown)).not.toEqual(expect.arrayContaining(['impact']));
    for (const key of ['impact', 'effort', 'quadrant', 'value', 'rice']) expect(Object.hasOwn(unknown, key), key).toBe(false);
    expect(unknown.missing).toEqual(['impact', 'effort']);
    expect(parsed.touchpoints[3]!.components).toEqual({});
    expect(text).not.toContain('null');
  });

  it('has no NaN and every number is finite; a figure that is not finite is left out as unknown', () => {
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(numbers(parsed).every(Number.isFinite)).toBe(true);
    const broken = structuredClone(report);
    broken.opportunities[0]!.value = Number.NaN;
    broken.opportunities[0]!.rice = Number.NEGATIVE_INFINITY;
    broken.touchpoints[0]!.components.survey = Number.NaN;
    const out = format('json', broken);
    expect(out).not.toMatch(/NaN|Infinity|null/);
    const back = JSON.parse(out) as ScoreReport;
    expect(Object.hasOwn(back.opportunities[0]!, 'value')).toBe(false);
    expect(Object.hasOwn(back.opportunities[0]!, 'rice')).toBe(false);
    expect(Object.keys(back.touchpoints[0]!.components)).toEqual(['emotion', 'effort', 'painPoints']);
  });

  it('drops properties outside types.ts', () => {
    const extra = structuredClone(report) as ScoreReport & { internal?: number };
    extra.internal = 1;
    (extra.touchpoints[0] as unknown as Record<string, unknown>).debug = { raw: [1, 2] };
    (extra.opportunities[0] as unknown as Record<string, unknown>).debug = 'x';
    (extra.settings as unknown as Record<string, unknown>).path = '/tmp/x';
    expect(JSON.parse(format('json', extra))).toEqual(report);
  });

  it('leaves evidence out when there is none', () => {
    expect(Object.keys(JSON.parse(format('json', emptyReport)) as object)).toEqual(['journey', 'touchpoints', 'opportunities', 'title', 'settings']);
  });
});

describe('csv', () => {
  const text = format('csv');
  // Strict: every record must have as many cells as the header.
  const records: string[][] = parse(text, { relax_column_count: false });
  const [header, ...rows] = records;
  const col = (name: (typeof CSV_HEADER)[number]): number => CSV_HEADER.indexOf(name);
  const row = (kind: string, id: string): string[] | undefined => rows.find((r) => r[col('kind')] === kind && r[col('id')] === id);

  it('has the documented header and the same number of cells in every record', () => {
    expect(header).toEqual([...CSV_HEADER]);
    expect(text.split('\n')[0]).toBe(
      'kind,rank,id,stage,touchpoint,friction,priority,emotion,effort,pain_points,survey,missing,explanation,impact,delivery_effort,quadrant,value,rice,status,owner',
    );
    for (const r of rows) expect(r).toHaveLength(CSV_HEADER.length);
    expect(format('csv', emptyReport)).toBe(`${CSV_HEADER.join(',')}\n`);
  });

  it('lists the touchpoints, then the opportunities, each in rank order', () => {
    expect(rows.map((r) => `${r[col('kind')]} ${r[col('rank')]}`)).toEqual([
      'touchpoint 1',
      'touchpoint 2',
      'touchpoint 3',
      'touchpoint 4',
      'opportunity 1',
      'opportunity 2',
      'opportunity 3',
      'opportunity 4',
      'opportunity 5',
    ]);
  });

  it('reads back every value of a touchpoint row and an opportunity row', () => {
    expect(row('touchpoint', 'checkout')).toEqual([
      'touchpoint',
      '1',
      'checkout',
      'purchase',
      'checkout',
      '72.5',
      '87',
      '0.75',
      '0.75',
      '0.8',
      '0.6',
      '',
      report.touchpoints[0]!.explanation,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
    expect(row('opportunity', 'rebuild-search')).toEqual([
      'opportunity',
      '3',
      'rebuild-search',
      'browse',
      HOSTILE.emojiId,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      report.opportunities[2]!.description,
      '5',
      '5',
      'major-project',
      '1.48',
      '0.48',
      'idea',
      HOSTILE.owner,
    ]);
  });

  it('leaves unknown figures empty and joins missing inputs with ;', () => {
    expect(row('touchpoint', `'${HOSTILE.mention}`)?.slice(col('emotion'), col('missing') + 1)).toEqual(['', '', '', '', 'emotion;effort;painPoints;survey']);
    expect(row('opportunity', 'track-parcel')?.slice(col('missing'))).toEqual(['impact;effort', 'Send a tracking link.', '', '', '', '', '', '', '']);
  });

  it('neutralises cells a spreadsheet would run as a formula, and keeps line breaks inside quotes', () => {
    expect(row('touchpoint', `'${HOSTILE.formulaId}`)?.[col('explanation')]).toBe(HOSTILE.multiline);
    expect(row('opportunity', `'${HOSTILE.hyperlinkId}`)?.[col('touchpoint')]).toBe(`'${HOSTILE.formulaId}`);
    expect(row('opportunity', 'show-fee-early')?.[col('owner')]).toBe("'@payments-team");
    for (const r of rows) for (const c of r) expect(c).not.toMatch(/^[=@+\-\t\r]/);
  });

  it('uses LF line endings outside quoted cells', () => {
    expect(text.replace(/"(?:[^"]|"")*"/g, '')).not.toContain('\r');
  });
});

describe('table', () => {
  const text = format('table');
  const lines = text.split('\n');
  const section = (title: string): string[] => {
    const start = lines.findIndex((line) => line.startsWith(title));
    expect(start, title).toBeGreaterThanOrEqual(0);
    const end = lines.indexOf('', start);
    return lines.slice(start + 1, end === -1 ? undefined : end);
  };

  it('starts with the journey and the settings used', () => {
    expect(lines[0]).toBe('Journey    online-order  Online order | <b>web</b> 🛒');
    expect(lines[1]).toBe('Weights    emotion 0.3, effort 0.25, pain points 0.3, survey 0.15; moment of truth ×1.2');
    expect(lines[2]).toBe('Quadrants  high impact ≥ 3, high effort ≥ 3');
    expect(lines[3]).toBe('Evidence   surveys/online order, "q1".csv (matched 1 of 4 touchpoints)');
  });

  it('aligns the figures on display width whatever the id and stage, with the details under the id', () => {
    const [header, ...body] = section('Touchpoints');
    const endOf = (line: string, text: string): number => displayWidth(line.slice(0, line.indexOf(text) + text.length));
    const rows = body.filter((line) => /^ {2}\d/.test(line));
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(endOf(r, /\d+\.\d +\d+\.\d/.exec(r)![0]), r).toBe(endOf(header!, 'Priority'));
    const details = body.filter((line) => /^ {5}\S/.test(line));
    expect(details.length).toBeGreaterThanOrEqual(4);
    expect(displayWidth(header!.slice(0, header!.indexOf('Touchpoint')))).toBe(5);
  });

  it('draws priority as a bar and marks moments of truth', () => {
    expect(bar(0)).toBe('');
    expect(bar(100)).toBe('██████████');
    expect(bar(65.3)).toBe('██████▌');
    expect(bar(150)).toBe('██████████');
    expect(bar(Number.NaN)).toBe('');
    expect(section('Touchpoints')[1]).toMatch(/87\.0 ████████▊ {2}★$/);
    expect(text).toContain('★ moment of truth: priority ×1.2');
  });

  it('makes user text terminal-safe and keeps each explanation on one line', () => {
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).toContain("     Pain point 'a|b' (4x3) and effort 4/5␊put it second; no survey figure.\n");
    expect(text).toContain('Clear screen ␛[2J here');
  });

  it('notes unknown inputs, unrated pain points and survey notes under the row', () => {
    expect(text).toContain('     unknown: survey, reach\n     survey: no matching responses in the export\n');
    expect(text).toContain('     unknown: emotion, effort, pain points, survey\n');
    expect(text).toContain('     pain points without severity or frequency: slow-filter\n');
    expect(text).toContain('     unknown: impact, effort\n');
  });

  it('shows - for unknown figures and leaves out empty columns', () => {
    expect(section('Opportunities').find((line) => line.includes('Send a tracking link.'))).toMatch(/Delivery notice +- +- +- +- +-$/);
    expect(format('table', { ...report, touchpoints: report.touchpoints.map((t) => ({ ...t, momentOfTruth: false })) })).not.toContain('MoT');
  });

  it('colours the quadrants', () => {
    const color = format('table', report, { color: true });
    expect(color).toContain('\u001b[32mQuick win\u001b[39m');
    expect(color).toContain('\u001b[33mMajor project\u001b[39m');
    expect(color).toContain('\u001b[2mFill-in\u001b[22m');
    expect(color).toContain('\u001b[31mThankless\u001b[39m');
    expect(color).toContain('\u001b[2mRanks 1st:');
  });

  it('says so when there is nothing to rank', () => {
    const out = format('table', emptyReport);
    expect(out).toContain('The map has no touchpoints.');
    expect(out).toContain('The map has no opportunities.');
    expect(out.split('\n')[0]).toBe('Journey    empty');
  });
});

describe('markdown', () => {
  const text = format('markdown');

  it('has the heading with the title and the settings', () => {
    expect(text.split('\n')[0]).toBe('### journeykit score: Online order \\| &lt;b&gt;web&lt;/b&gt; 🛒');
    expect(format('markdown', emptyReport).split('\n')[0]).toBe('### journeykit score: empty');
    expect(text).toContain('Journey `online-order` · weights: emotion 0.3, effort 0.25, pain points 0.3, survey 0.15');
  });

  it('keeps a title ending in hashes whole: no closing sequence for the heading (escaping audit)', () => {
    const heading = format('markdown', { ...report, title: 'Checkout #\nround ##' }).split('\n')[0];
    expect(heading).toBe('### journeykit score: Checkout \\# round \\#\\#');
  });

  it('escapes every piece of user text', () => {
    expect(text).not.toContain('<script');
    expect(text).not.toContain('<b>');
    expect(text).not.toMatch(/(^|[^\\&])@(here|payments)/m);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('&lt;script&gt;');
    expect(text).toContain('=cmd\\|calc');
    expect(text).toContain("Pain point 'a\\|b' (4x3) and effort 4/5<br>put it second");
    expect(text).toContain('=HYPERLINK("http:&#8203;//x")');
  });

  it('keeps every table row to its header’s column count', () => {
    const tables = text.split('\n\n').filter((block) => block.startsWith('|'));
    expect(tables).toHaveLength(2);
    const cells = (r: string): number => r.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
    for (const t of tables) {
      const rows = t.split('\n');
      for (const r of rows) expect(cells(r), r).toBe(cells(rows[0]!));
    }
  });

  it('marks the quadrants with an emoji, unknown figures with -', () => {
    for (const quadrant of ['🎯 Quick win', '🏗️ Major project', '🧩 Fill-in', '⛔ Thankless']) expect(text).toContain(`| ${quadrant} |`);
    expect(text).toContain('| 5 | Send a tracking link. `track-parcel` _unknown: impact, effort_ | Delivery notice | - | - | - | - | - |');
  });

  it('shows names where a reader reads, the id after the name to find it in the YAML', () => {
    expect(text).toContain('| 1 | Checkout &amp; payment `checkout` ★ | Purchase &amp; pay | 72.5 | 87.0 |');
    // A stage the options do not name keeps its id; an id that is not a plain identifier is escaped in brackets.
    expect(text).toContain('| 4 | Delivery notice (id @&#8203;here) | delivery |');
    expect(text).toContain('| 2 | Shorter form,<br>fewer fields. (id =HYPERLINK("http:&#8203;//x")) _unknown: reach_ |');
  });

  it('the table names touchpoints, stages and quadrants, and cuts a long description with the whole of it under the row', () => {
    const table = format('table');
    expect(table).toMatch(/^ {2}1 {2}Checkout & payment +Purchase & pay +72\.5/m);
    expect(table).toMatch(/^ {2}3 {2}Rebuild search \| filters <script>alert\(… +検索 +5 +5 +Major project/m);
    expect(table).toContain('\n     Rebuild search | filters <script>alert(1)</script>\n');
    expect(table).not.toContain('\n     Offer gift wrapping.\n');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actorName, JOURNEY_FRONTMATTER, journeyScore, journeyView, MAX_ACTOR_LENGTH, NEUTRAL_JOURNEY_SCORE } from '../../../src/core/mermaid/journey.js';
import type { JourneyMap, Touchpoint } from '../../../src/core/model.js';
import { expectGolden } from '../../golden.js';
import { decodeEntities, defaultScore, exampleMaps, hostileMap, shown, withoutEntities } from './view-fixtures.js';

const render = (map: JourneyMap): string => journeyView.render({ map });

const tp = (id: string, extra: Partial<Touchpoint> = {}): Touchpoint => ({ id, name: id, channel: 'web', ...extra });
const mapOf = (extra: Partial<JourneyMap> = {}): JourneyMap => ({
  version: 1,
  id: 'm',
  title: 'Map',
  stages: [{ id: 's', name: 'Stage', touchpoints: [tp('a', { emotion: 0 })] }],
  ...extra,
});

/** One user-text slot: letters, digits, spaces and `#<codepoint>;` entities only. */
const TEXT = String.raw`(?:[\p{L}\p{N} ]|#\d+;)+`;
const ACTORS = String.raw`[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*(?:, [\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*)*`;
const LINE = {
  title: new RegExp(`^    title (${TEXT})$`, 'u'),
  comment: /^ {4}%% [a-z0-9 ,:()-]+$/,
  section: new RegExp(`^    section (${TEXT})$`, 'u'),
  task: new RegExp(`^        (${TEXT}): ([1-5])(?:: (${ACTORS}))?$`, 'u'),
};

interface Parsed {
  title: string;
  comments: string[];
  sections: { name: string; tasks: { name: string; score: number; actors: string[] }[] }[];
}

/** Parses the view's output line by line; any line outside the grammar fails the test. */
function parseJourney(out: string): Parsed {
  expect(out.endsWith('\n')).toBe(true);
  expect(out).not.toMatch(/[ \t]$/m);
  const all = out.slice(0, -1).split('\n');
  // The fixed layout block (no user text): natural size, sections aligned with their tasks.
  expect(all.slice(0, JOURNEY_FRONTMATTER.length)).toEqual(['---', 'config:', '  journey:', '    useMaxWidth: false', '    diagramMarginX: 20', '    taskMargin: 20', '---']);
  const lines = all.slice(JOURNEY_FRONTMATTER.length);
  expect(lines[0]).toBe('journey');
  const parsed: Parsed = { title: '', comments: [], sections: [] };
  for (const line of lines.slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = LINE.title.exec(line))) parsed.title = m[1]!;
    else if (LINE.comment.test(line)) parsed.comments.push(line.trim());
    else if ((m = LINE.section.exec(line))) parsed.sections.push({ name: m[1]!, tasks: [] });
    else if ((m = LINE.task.exec(line))) {
      const section = parsed.sections.at(-1);
      expect(section, `task before any section: ${line}`).toBeDefined();
      section!.tasks.push({ name: m[1]!, score: Number(m[2]), actors: m[3] === undefined ? [] : m[3].split(', ') });
    } else expect.fail(`line outside the journey grammar: ${JSON.stringify(line)}`);
  }
  return parsed;
}

describe('journey view: golden Mermaid for every example map', () => {
  it.each(exampleMaps().map((e) => [e.file, e.map] as const))('%s', (_file, map) => {
    // The score is part of every view's input; the journey view does not use it.
    const out = journeyView.render({ map, score: defaultScore(map) });
    expect(out).toBe(render(map));
    parseJourney(out);
    expectGolden(`mermaid/${map.id}.journey.mmd`, out);
  });
});

describe('journeyScore: emotion from the map scale onto 1..5', () => {
  it('maps the default -2..2 scale to emotion + 3', () => {
    expect([-2, -1, 0, 1, 2].map((e) => journeyScore(e, { min: -2, max: 2 }))).toEqual([1, 2, 3, 4, 5]);
  });
  it('keeps a 1..5 scale as it is and maps other scales linearly', () => {
    expect([1, 2, 3, 4, 5].map((e) => journeyScore(e, { min: 1, max: 5 }))).toEqual([1, 2, 3, 4, 5]);
    expect([0, 2.5, 5, 7.5, 10].map((e) => journeyScore(e, { min: 0, max: 10 }))).toEqual([1, 2, 3, 4, 5]);
    expect([1, 4, 7].map((e) => journeyScore(e, { min: 1, max: 7 }))).toEqual([1, 3, 5]);
  });
  it('rounds halves up, also through float noise', () => {
    expect(journeyScore(-0.5, { min: -2, max: 2 })).toBe(3);
    expect(journeyScore(-1.5, { min: -2, max: 2 })).toBe(2);
    expect(journeyScore(0.1 + 0.2, { min: -0.7, max: 0.5 })).toBe(4); // 1 + 4 * 1.0 / 1.2 = 4.33
  });
  it('clamps emotions outside the scale', () => {
    expect(journeyScore(-7, { min: -2, max: 2 })).toBe(1);
    expect(journeyScore(9, { min: -2, max: 2 })).toBe(5);
  });
  it('gives the neutral 3 without an emotion or with an unusable scale', () => {
    expect(NEUTRAL_JOURNEY_SCORE).toBe(3);
    expect(journeyScore(undefined, { min: -2, max: 2 })).toBe(3);
    expect(journeyScore(Number.NaN, { min: -2, max: 2 })).toBe(3);
    expect(journeyScore(1, { min: 2, max: 2 })).toBe(3);
    expect(journeyScore(1, { min: 2, max: -2 })).toBe(3);
  });
  it('maps the widest scales the schema allows (max - min overflows to Infinity) linearly too', () => {
    // Found by tests/fuzz/maps.test.ts: the score was NaN and the task line read "T: NaN".
    const widest = { min: -Number.MAX_VALUE, max: Number.MAX_VALUE };
    expect([-Number.MAX_VALUE, -Number.MAX_VALUE / 2, 0, 1e308, Number.MAX_VALUE].map((e) => journeyScore(e, widest))).toEqual([1, 2, 3, 4, 5]);
    expect(journeyScore(0, { min: -1e308, max: 1e308 })).toBe(3);
    // 4 * (emotion - min) alone overflows here, though the scale is narrower than the largest number.
    expect(journeyScore(0, { min: -Number.MAX_VALUE / 2, max: Number.MAX_VALUE / 2 })).toBe(3);
  });
  it('is always an integer in 1..5', () => {
    fc.assert(
      fc.property(fc.double(), fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.double({ noNaN: true, min: 1e-3, max: 1e6 }), (e, min, width) => {
        const score = journeyScore(e, { min, max: min + width });
        return Number.isInteger(score) && score >= 1 && score <= 5;
      }),
    );
  });
});

describe('actors', () => {
  it('keeps letters, digits and single spaces of a persona name', () => {
    expect(actorName({ id: 'p', name: 'Ana: "the" tester; #1' })).toBe('Ana the tester 1');
    expect(actorName({ id: 'p', name: 'Émile 🚀 李雷' })).toBe('Émile 李雷');
    expect(actorName({ id: 'p', name: 'E\u0301mile' })).toBe('Émile');
  });
  it(`cuts long names at ${MAX_ACTOR_LENGTH} characters, at a word boundary when there is one`, () => {
    expect(actorName({ id: 'p', name: 'Persona with a remarkably long name' })).toBe('Persona with a remarkably long name');
    expect(actorName({ id: 'p', name: 'Landlord with several properties' })).toBe('Landlord with several properties');
    expect(actorName({ id: 'p', name: 'A persona name of forty characters, then some more' })).toBe('A persona name of forty characters then');
    expect(actorName({ id: 'p', name: 'Forty characters exactly and no more pls and more' })).toBe('Forty characters exactly and no more pls');
    expect(actorName({ id: 'p', name: 'Supercalifragilisticexpialidocious'.repeat(2) })).toBe('Supercalifragilisticexpialidocious'.repeat(2).slice(0, MAX_ACTOR_LENGTH));
    expect(Array.from(actorName({ id: 'p', name: '顧客'.repeat(30) }))).toHaveLength(MAX_ACTOR_LENGTH);
  });
  it('falls back to the persona id when the name has no letter or digit', () => {
    expect(actorName({ id: 'rocket-fan', name: '🚀 <> ;' })).toBe('rocket fan');
  });

  it("lists a touchpoint's personas, or all of them when it lists none", () => {
    const map = mapOf({
      personas: [
        { id: 'p1', name: 'First' },
        { id: 'p2', name: 'Second' },
      ],
      stages: [
        {
          id: 's',
          name: 'Stage',
          touchpoints: [
            tp('a', { emotion: 0, personas: ['p2'] }),
            tp('b', { emotion: 0 }),
            tp('c', { emotion: 0, personas: [] }),
            tp('d', { emotion: 0, personas: ['p2', 'ghost', 'p1'] }),
          ],
        },
      ],
    });
    const tasks = parseJourney(render(map)).sections[0]!.tasks;
    expect(tasks.map((t) => t.actors)).toEqual([['Second'], ['First', 'Second'], ['First', 'Second'], ['Second', 'First']]);
  });
  it('omits the actors part when the map has no personas, and merges personas whose actor is the same', () => {
    expect(render(mapOf())).toContain('\n        a: 3\n');
    const map = mapOf({
      personas: [
        { id: 'p1', name: 'Same: name' },
        { id: 'p2', name: 'Same; name' },
      ],
    });
    expect(render(map)).toContain('\n        a: 3: Same name\n');
  });
});

describe('journey view: structure', () => {
  it('writes sections per stage, tasks per touchpoint, the score from emotion', () => {
    const map = mapOf({
      title: 'Online order',
      stages: [
        { id: 'one', name: 'Discover', touchpoints: [tp('ad', { name: 'Advert', emotion: 1 }), tp('site', { name: 'Web site', emotion: -2 })] },
        { id: 'two', name: 'Buy', touchpoints: [tp('pay', { name: 'Payment', emotion: 2 })] },
      ],
    });
    expect(render(map)).toBe(
      [
        ...JOURNEY_FRONTMATTER,
        'journey',
        '    title Online order',
        '    section Discover',
        '        Advert: 4',
        '        Web site: 1',
        '    section Buy',
        '        Payment: 5',
        '',
      ].join('\n'),
    );
  });
  it('draws touchpoints without emotion at 3 and names them in a comment', () => {
    const map = mapOf({ stages: [{ id: 's', name: 'S', touchpoints: [tp('a'), tp('b', { emotion: 2 }), tp('c')] }] });
    const parsed = parseJourney(render(map));
    expect(parsed.sections[0]!.tasks.map((t) => t.score)).toEqual([3, 5, 3]);
    expect(parsed.comments).toEqual(['%% no emotion, drawn at the neutral score 3: a, c']);
  });
  it('leaves out stages without touchpoints and names them in a comment', () => {
    const map = mapOf({
      stages: [
        { id: 'empty', name: 'Empty' },
        { id: 's', name: 'S', touchpoints: [tp('a', { emotion: 0 })] },
        { id: 'none', name: 'None', touchpoints: [] },
      ],
    });
    const parsed = parseJourney(render(map));
    expect(parsed.sections.map((s) => s.name)).toEqual(['S']);
    expect(parsed.comments).toEqual(['%% stages without touchpoints, left out (an empty section draws nothing): empty, none']);
  });
  it('keeps equally named stages apart (Mermaid would merge their tasks into one section)', () => {
    const map = mapOf({ stages: ['Support', 'Other', 'Support', 'Support'].map((name, i) => ({ id: `s${i}`, name, touchpoints: [tp(`t${i}`, { emotion: 0 })] })) });
    expect(parseJourney(render(map)).sections.map((s) => decodeEntities(s.name))).toEqual(['Support', 'Other', 'Support (2)', 'Support (3)']);
  });
  it('falls back to the id when a name is only whitespace', () => {
    const map = mapOf({ title: '  ', stages: [{ id: 'stage-1', name: ' \n ', touchpoints: [tp('tp-1', { name: '\t', emotion: 0 })] }] });
    expect(render(map)).toBe([...JOURNEY_FRONTMATTER, 'journey', '    title m', '    section stage#45;1', '        tp#45;1: 3', ''].join('\n'));
  });
  it('neutralises a task that merely starts with "journey" (the lexer takes the keyword inside a word)', () => {
    const map = mapOf({ stages: [{ id: 's', name: 'Journeys', touchpoints: [tp('a', { name: 'Journeys overview', emotion: 0 }), tp('b', { name: 'My journey', emotion: 0 })] }] });
    const out = render(map);
    expect(out).toContain('\n    section Journeys\n');
    expect(out).toContain('\n        #74;ourneys overview: 3\n');
    expect(out).toContain('\n        My journey: 3\n');
  });
});

describe('journey view: hostile text', () => {
  const { map, schemaErrors } = hostileMap();
  const out = render(map);
  const parsed = parseJourney(out);

  it('the fixture is a valid map', () => {
    expect(schemaErrors).toEqual([]);
  });
  it('matches its golden file (for review and for rendering through mermaid-cli)', () => {
    expectGolden('mermaid/hostile.journey.mmd', out);
  });
  it('leaves no raw <, >, ;, # and no %%{ outside entities', () => {
    expect(out).not.toContain('%%{');
    expect(withoutEntities(out)).not.toMatch(/[<>;#{}[\]"`|]/);
  });
  it('neutralises the keywords that start stages and touchpoints', () => {
    expect(out).toContain('\n        #115;ection: 1: Ana the tester 1, Émile 李雷\n');
    expect(out).toContain('\n        #116;itle#58; fake title: 5: img src x onerror alert 1, Persona with a remarkably long\n');
    expect(out).toContain('\n    section #115;ection Two#59; #35;3\n');
    expect(out).toContain('\n    section #106;ourney\n');
    expect(out).toContain('\n    section end\n');
    for (const task of parsed.sections.flatMap((s) => s.tasks)) expect(task.name).not.toMatch(/^(journey|section\s|title\s|acc)/i);
  });
  it('keeps every text intact once the entities are decoded', () => {
    expect(decodeEntities(parsed.title)).toBe(shown(map.title));
    const stages = map.stages.filter((s) => (s.touchpoints ?? []).length > 0);
    expect(parsed.sections.map((s) => decodeEntities(s.name))).toEqual(stages.map((s) => shown(s.name)));
    expect(parsed.sections.flatMap((s) => s.tasks.map((t) => decodeEntities(t.name)))).toEqual(stages.flatMap((s) => s.touchpoints!.map((t) => shown(t.name))));
    expect(decodeEntities(out)).toContain('a b: 2');
    expect(decodeEntities(out)).toContain('😀 Emoji and 中文 CJK 購入する: 4');
  });
  it('draws missing emotion at 3, leaves out the empty stage and says so', () => {
    expect(parsed.comments).toEqual(['%% no emotion, drawn at the neutral score 3: img', '%% stages without touchpoints, left out (an empty section draws nothing): subgraph']);
    expect(parsed.sections.flatMap((s) => s.tasks.map((t) => t.score))).toEqual([1, 5, 3, 3, 5, 2, 3, 4]);
  });
});

describe('journey view: any text stays inside its slot', () => {
  const hostile = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.tuple(fc.constantFrom('section ', 'Journeys', 'title ', 'end', '%%{init: ', 'accTitle: ', '#12;', ' \n'), fc.string({ unit: 'binary' })).map(([a, b]) => a + b),
  );
  it('parses back to the same names, scores and actors', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hostile, fc.array(hostile, { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 4 }), hostile, (stages, title) => {
        const map: JourneyMap = {
          version: 1,
          id: 'prop',
          title: title.trim() === '' ? 'x' : title,
          personas: [{ id: 'p', name: title.trim() === '' ? 'x' : title }],
          stages: stages.map(([name, tps], s) => ({ id: `s${s}`, name, touchpoints: tps.map((n, t) => tp(`t${s}-${t}`, { name: n, emotion: (t % 5) - 2 })) })),
        };
        const parsed = parseJourney(render(map));
        expect(decodeEntities(parsed.title)).toBe(shown(map.title));
        parsed.sections.forEach((section, i) => expect(decodeEntities(section.name).startsWith(shown(map.stages[i]!.name) || map.stages[i]!.id)).toBe(true));
        expect(new Set(parsed.sections.map((s) => s.name)).size).toBe(parsed.sections.length);
        const tasks = parsed.sections.flatMap((s) => s.tasks);
        expect(tasks.map((t) => decodeEntities(t.name))).toEqual(map.stages.flatMap((s) => s.touchpoints!.map((t) => shown(t.name) || t.id)));
        expect(tasks.map((t) => t.score)).toEqual(map.stages.flatMap((s) => s.touchpoints!.map((t) => t.emotion! + 3)));
        for (const task of tasks) {
          expect(task.name).not.toMatch(/^(journey|section\s|title\s)/i);
          expect(task.actors).toHaveLength(1);
        }
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRICTION_LEVELS, frictionLevel, stagesView } from '../../../src/core/mermaid/stages.js';
import type { JourneyMap, Touchpoint } from '../../../src/core/model.js';
import type { ScoreReport } from '../../../src/core/score/types.js';
import { expectGolden } from '../../golden.js';
import { decodeEntities, defaultScore, exampleMaps, hostileMap, shown, withoutEntities } from './view-fixtures.js';

const render = (map: JourneyMap, score?: ScoreReport): string => stagesView.render({ map, ...(score ? { score } : {}) });

const tp = (id: string, extra: Partial<Touchpoint> = {}): Touchpoint => ({ id, name: id, channel: 'web', ...extra });

const TEXT = String.raw`(?:[\p{L}\p{N} ]|#\d+;)+`;
const LINE = {
  comment: /^ {4}%% [a-zA-Z0-9 ,:().'-]+$/,
  subgraph: new RegExp(`^    subgraph (s\\d+) \\["(${TEXT})"\\]$`, 'u'),
  node: new RegExp(`^        (t\\d+)\\["(${TEXT})(?:<br>friction (\\d+(?:\\.\\d)?|unknown))?"\\]$`, 'u'),
  innerLink: /^ {8}(t\d+) --> (t\d+)$/,
  end: /^ {4}end$/,
  stageLink: /^ {4}(s\d+) --> (s\d+)$/,
  classDef: /^ {4}classDef (low|medium|high|unknown) ((?:[a-z-]+: ?(?:#[0-9a-f]{6}|\d+(?: \d+)*),?)+)$/,
  class: /^ {4}class (t\d+(?:,t\d+)*) (low|medium|high|unknown)$/,
};

interface Parsed {
  stages: { id: string; label: string; nodes: { id: string; label: string; friction?: string }[]; links: string[] }[];
  stageLinks: string[];
  classDefs: string[];
  classes: Record<string, string>;
}

/** Parses the view's output line by line; any line outside the grammar fails the test. */
function parseFlowchart(out: string): Parsed {
  expect(out.endsWith('\n')).toBe(true);
  expect(out).not.toMatch(/[ \t]$/m);
  const rows = out.slice(0, -1).split('\n');
  expect(rows[0]).toBe('flowchart LR');
  const parsed: Parsed = { stages: [], stageLinks: [], classDefs: [], classes: {} };
  let open = false;
  for (const row of rows.slice(1)) {
    let m: RegExpExecArray | null;
    const current = parsed.stages.at(-1);
    if (LINE.comment.test(row)) continue;
    if ((m = LINE.subgraph.exec(row))) {
      expect(open).toBe(false);
      open = true;
      parsed.stages.push({ id: m[1]!, label: m[2]!, nodes: [], links: [] });
    } else if (open && (m = LINE.node.exec(row))) current!.nodes.push({ id: m[1]!, label: m[2]!, ...(m[3] === undefined ? {} : { friction: m[3] }) });
    else if (open && (m = LINE.innerLink.exec(row))) current!.links.push(`${m[1]!}-${m[2]!}`);
    else if (open && LINE.end.test(row)) open = false;
    else if (!open && (m = LINE.stageLink.exec(row))) parsed.stageLinks.push(`${m[1]!}-${m[2]!}`);
    else if (!open && (m = LINE.classDef.exec(row))) parsed.classDefs.push(m[1]!);
    else if (!open && (m = LINE.class.exec(row))) for (const id of m[1]!.split(',')) parsed.classes[id] = m[2]!;
    else expect.fail(`line outside the flowchart grammar: ${JSON.stringify(row)}`);
  }
  expect(open).toBe(false);
  return parsed;
}

describe('stages view: golden Mermaid for every example map', () => {
  it.each(exampleMaps().map((e) => [e.file, e.map] as const))('%s', (_file, map) => {
    const out = render(map, defaultScore(map));
    const parsed = parseFlowchart(out);
    const count = map.stages.reduce((n, s) => n + (s.touchpoints ?? []).length, 0);
    expect(Object.keys(parsed.classes)).toHaveLength(count);
    expectGolden(`mermaid/${map.id}.stages.mmd`, out);
  });
});

describe('frictionLevel', () => {
  it('splits 0..100 into thirds: below 34 low, below 67 medium, else high', () => {
    expect([0, 12.5, 33.9].map((friction) => frictionLevel({ friction }))).toEqual(['low', 'low', 'low']);
    expect([34, 50, 66.9].map((friction) => frictionLevel({ friction }))).toEqual(['medium', 'medium', 'medium']);
    expect([67, 90, 100].map((friction) => frictionLevel({ friction }))).toEqual(['high', 'high', 'high']);
  });
  it('is unknown without a score, for the neutral imputed friction and for a non-finite one', () => {
    expect(frictionLevel(undefined)).toBe('unknown');
    expect(frictionLevel({ friction: 50, imputed: true })).toBe('unknown');
    expect(frictionLevel({ friction: Number.NaN })).toBe('unknown');
  });
});

describe('stages view: structure', () => {
  const map: JourneyMap = {
    version: 1,
    id: 'm',
    title: 'Map',
    stages: [
      { id: 'one', name: 'Discover', touchpoints: [tp('ad', { name: 'Advert', emotion: 2, effort: 1 }), tp('site', { name: 'Web site', emotion: -2, effort: 5 })] },
      { id: 'two', name: 'Buy', touchpoints: [tp('pay', { name: 'Payment', emotion: 0 }), tp('mail', { name: 'Receipt' })] },
      { id: 'three', name: 'Empty' },
    ],
  };

  it('chains touchpoints inside each stage, links the stages and fills by friction', () => {
    expect(render(map, defaultScore(map))).toBe(
      [
        'flowchart LR',
        '    %% fill by friction from journey score: low below 34, medium below 67, high from 67, unknown without a score or with neutral imputed friction',
        '    subgraph s1 ["Discover"]',
        '        t1["Advert<br>friction 0"]',
        '        t2["Web site<br>friction 100"]',
        '        t1 --> t2',
        '    end',
        '    subgraph s2 ["Buy"]',
        '        t3["Payment<br>friction 50"]',
        '        t4["Receipt<br>friction unknown"]',
        '        t3 --> t4',
        '    end',
        '    subgraph s3 ["Empty"]',
        '    end',
        '    s1 --> s2',
        '    s2 --> s3',
        '    classDef low fill:#d8f0dc,stroke:#2e7d32,color:#1b1b1b',
        '    classDef medium fill:#fff1c2,stroke:#b7791f,color:#1b1b1b',
        '    classDef high fill:#f9d0d0,stroke:#c62828,color:#1b1b1b',
        '    classDef unknown fill:#eeeeee,stroke:#8a8a8a,color:#1b1b1b,stroke-dasharray: 5 5',
        '    class t1 low',
        '    class t3 medium',
        '    class t2 high',
        '    class t4 unknown',
        '',
      ].join('\n'),
    );
  });
  it('without a score: no friction line and every touchpoint unknown', () => {
    const parsed = parseFlowchart(render(map));
    expect(parsed.stages.flatMap((s) => s.nodes.map((n) => n.friction))).toEqual([undefined, undefined, undefined, undefined]);
    expect(parsed.classes).toEqual({ t1: 'unknown', t2: 'unknown', t3: 'unknown', t4: 'unknown' });
    expect(parsed.classDefs).toEqual([...FRICTION_LEVELS]);
  });
  it('matches scores by stage and touchpoint id; a touchpoint the score does not know is unknown', () => {
    const score = defaultScore(map);
    const other: ScoreReport = { ...score, touchpoints: score.touchpoints.map((t) => (t.id === 'ad' ? { ...t, stage: 'elsewhere' } : t)) };
    const parsed = parseFlowchart(render(map, other));
    expect(parsed.classes.t1).toBe('unknown');
    expect(parsed.stages[0]!.nodes[0]!.friction).toBe('unknown');
    expect(parsed.classes.t2).toBe('high');
  });
  it('writes friction with one decimal at most', () => {
    const score = defaultScore(map);
    const odd: ScoreReport = { ...score, touchpoints: score.touchpoints.map((t) => (t.id === 'pay' ? { ...t, friction: 100 / 3 } : t)) };
    const parsed = parseFlowchart(render(map, odd));
    expect(parsed.stages[1]!.nodes[0]).toEqual({ id: 't3', label: 'Payment', friction: '33.3' });
    expect(parsed.classes.t3).toBe('low');
  });
});

describe('stages view: hostile text', () => {
  const { map, schemaErrors } = hostileMap();
  const out = render(map, defaultScore(map));
  const parsed = parseFlowchart(out);

  it('the fixture is a valid map', () => {
    expect(schemaErrors).toEqual([]);
  });
  it('matches its golden file (for review and for rendering through mermaid-cli)', () => {
    expectGolden('mermaid/hostile.stages.mmd', out);
  });
  it('leaves no raw <, >, ;, # and no %%{ outside entities and syntax', () => {
    expect(out).not.toContain('%%{');
    const syntax = withoutEntities(out)
      .split('\n')
      .filter((row) => !row.startsWith('    classDef '))
      .join('\n')
      .replaceAll(' --> ', ' ')
      .replaceAll('<br>', ' ');
    expect(syntax).not.toMatch(/[<>;#{}|`@()]/);
  });
  it('never uses the map ids (end, graph, subgraph are valid slugs) as Mermaid ids', () => {
    expect(parsed.stages.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4']);
    expect(parsed.stages.flatMap((s) => s.nodes.map((n) => n.id))).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8']);
    expect(out).not.toMatch(/^\s*(subgraph (end|graph|subgraph|journey)\b|(end|graph|section|title|script)\[)/m);
  });
  it('keeps every stage and touchpoint name intact once the entities are decoded, keywords included', () => {
    expect(parsed.stages.map((s) => decodeEntities(s.label))).toEqual(map.stages.map((s) => shown(s.name)));
    expect(parsed.stages.flatMap((s) => s.nodes.map((n) => decodeEntities(n.label)))).toEqual(map.stages.flatMap((s) => (s.touchpoints ?? []).map((t) => shown(t.name))));
    expect(out).toContain('    subgraph s1 ["end"]\n');
    expect(out).toContain('        t1["section<br>friction ');
    expect(out).toContain('        t4["#60;img src#61;x onerror#61;alert#40;1#41;#62;<br>friction unknown"]\n');
  });
  it('links the stages in order, the empty one included', () => {
    expect(parsed.stageLinks).toEqual(['s1-s2', 's2-s3', 's3-s4']);
    expect(parsed.stages[3]!.nodes).toEqual([]);
  });
});

describe('stages view: any text stays inside its slot', () => {
  const text = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('end', '"]', 'a --> b', '<br>', '%%{init: {}}%%', 'a\nb', ' '));
  it('parses back to the same labels', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, fc.array(text, { maxLength: 3 })), { minLength: 1, maxLength: 4 }), (stages) => {
        const map: JourneyMap = {
          version: 1,
          id: 'prop',
          title: 'P',
          stages: stages.map(([name, tps], s) => ({ id: `s-${s}`, name, touchpoints: tps.map((n, t) => tp(`t-${s}-${t}`, { name: n, emotion: t - 1 })) })),
        };
        const parsed = parseFlowchart(render(map, defaultScore(map)));
        expect(parsed.stages.map((s) => decodeEntities(s.label))).toEqual(map.stages.map((s) => shown(s.name) || s.id));
        expect(parsed.stages.flatMap((s) => s.nodes.map((n) => decodeEntities(n.label)))).toEqual(map.stages.flatMap((s) => s.touchpoints!.map((t) => shown(t.name) || t.id)));
      }),
    );
  });
});

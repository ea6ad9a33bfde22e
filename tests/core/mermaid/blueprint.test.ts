import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderBlueprint, view } from '../../../src/core/mermaid/blueprint.js';
import type { JourneyMap, Touchpoint } from '../../../src/core/model.js';
import { touchpointsOf } from '../../../src/core/model.js';
import { scoreJourney } from '../../../src/core/score/model.js';
import { DEFAULT_SCORING } from '../../../src/core/score/settings.js';
import { expectGolden } from '../../golden.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const load = (file: string): JourneyMap => parse(readFileSync(path.join(ROOT, file), 'utf8')) as JourneyMap;
const EXAMPLES = readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) =>
    readdirSync(path.join(ROOT, 'examples', dir.name))
      .filter((f) => f.endsWith('.journey.yaml'))
      .map((f) => `examples/${dir.name}/${f}`),
  )
  .sort();
const HOSTILE = 'tests/fixtures/mermaid/hostile.journey.yaml';

const render = (map: JourneyMap): string => view.render({ map, score: scoreJourney(map, DEFAULT_SCORING) });

/** A label's text: only letters, digits, spaces, `#n;` entities, and `<br>` between lines. */
const SAFE_LABEL = /^(?:[\p{L}\p{N} ]|#\d+;|<br>)*$/u;
const BLOCK_ID = /^(?:[hscfbpyle]\d+|more1|note1)$/;
const FRONTMATTER = '---\nconfig:\n  block:\n    useMaxWidth: false\n  themeCSS: ".edge-pattern-dotted { stroke-dasharray: 8 5; stroke-width: 2px; }"\n---\n';

interface Block {
  id: string;
  label: string;
  span: number;
}
type Cell = Block | { space: number };

/** The rows of a blueprint (one block statement per line), its links and its class statements. */
function parseBlueprint(output: string) {
  expect(output.startsWith(`${FRONTMATTER}block-beta\n`)).toBe(true);
  const lines = output.slice(FRONTMATTER.length).split('\n');
  expect(lines.pop(), 'ends with a newline').toBe('');
  expect(lines[0]).toBe('block-beta');
  const columns = Number(/^ {4}columns (\d+)$/.exec(lines[1]!)![1]);
  const rows: Cell[][] = [];
  const links: [string, string][] = [];
  const classes = new Map<string, string[]>();
  for (const line of lines.slice(2)) {
    expect(line, 'no trailing spaces').toBe(line.trimEnd());
    const body = line.trim();
    if (body.startsWith('%%')) {
      expect(body.startsWith('%%{')).toBe(false);
      continue;
    }
    if (body.startsWith('classDef ')) continue;
    const cls = /^class ([a-z0-9,]+) (\w+)$/.exec(body);
    if (cls) {
      classes.set(cls[2]!, cls[1]!.split(','));
      continue;
    }
    const link = /^(l\d) -\.- (e\d)$/.exec(body);
    if (link) {
      links.push([link[1]!, link[2]!]);
      continue;
    }
    const cells: Cell[] = [];
    const rest = body.replace(/([a-z]+\d+)\["(.*?)"\](?::(\d+))?|space(?::(\d+))?|\s+/g, (token, id?: string, label?: string, span?: string, spaces?: string) => {
      if (id !== undefined) {
        expect(id).toMatch(BLOCK_ID);
        expect(label).toMatch(SAFE_LABEL);
        cells.push({ id, label: label!, span: span === undefined ? 1 : Number(span) });
      } else if (token.startsWith('space')) cells.push({ space: spaces === undefined ? 1 : Number(spaces) });
      return '';
    });
    expect(rest, `unexpected line: ${line}`).toBe('');
    const width = cells.reduce((n, c) => n + ('space' in c ? c.space : c.span), 0);
    expect(width, `every row fills the ${columns} columns: ${line}`).toBe(columns);
    rows.push(cells);
  }
  const blocks = new Map<string, { label: string; row: number; column: number; span: number }>();
  rows.forEach((cells, row) => {
    let column = 0;
    for (const cell of cells) {
      if ('space' in cell) column += cell.space;
      else {
        blocks.set(cell.id, { label: cell.label, row, column, span: cell.span });
        column += cell.span;
      }
    }
  });
  return { columns, rows, blocks, links, classes };
}

/** A label as Mermaid shows it: its lines joined by spaces, entities decoded. */
const unescape = (text: string): string =>
  text
    .split('<br>')
    .map((line) => line.replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code))))
    .join(' ');
const squash = (text: string): string => text.trim().replace(/\s+/g, ' ');

function minimal(touchpoints: Partial<Touchpoint>[][]): JourneyMap {
  let n = 0;
  return {
    version: 1,
    id: 'minimal',
    title: 'Minimal',
    stages: touchpoints.map((list, s) => ({
      id: `stage-${s + 1}`,
      name: `Stage ${s + 1}`,
      touchpoints: list.map((t) => ({ id: `t${++n}`, name: `Touchpoint ${n}`, channel: 'web', ...t })),
    })),
  };
}

describe('blueprint view', () => {
  it('is the blueprint view', () => {
    expect(view.id).toBe('blueprint');
    expect(view.description).toMatch(/blueprint/i);
  });

  describe.each(EXAMPLES)('%s', (file) => {
    const map = load(file);
    const output = render(map);

    it('matches its golden file', () => {
      expectGolden(`mermaid/${map.id}.blueprint.mmd`, output);
    });

    it('has only generated ids and escaped labels, one block statement per line, every row as wide as the grid', () => {
      parseBlueprint(output);
    });

    it('draws one column per touchpoint in journey order, each under its stage (a grid: drawn in this order)', () => {
      const { blocks, columns } = parseBlueprint(output);
      const stages = map.stages.filter((s) => (s.touchpoints ?? []).length > 0);
      const refs = touchpointsOf(map);
      expect(columns).toBe(refs.length + 2);
      expect(unescape(blocks.get('h1')!.label)).toBe('Stage');
      let column = 1;
      stages.forEach((stage, s) => {
        const block = blocks.get(`s${s + 1}`)!;
        expect(unescape(block.label)).toBe(squash(stage.name));
        expect(block.column).toBe(column);
        expect(block.span).toBe(stage.touchpoints!.length);
        column += block.span;
      });
      refs.forEach((ref, i) => {
        const block = blocks.get(`c${i + 1}`)!;
        expect(unescape(block.label)).toBe(squash(ref.touchpoint.name));
        expect(block.column).toBe(i + 1);
        expect(block.row).toBe(1);
      });
    });

    it('puts each lane item under its touchpoint, lanes top to bottom with the three lines between them', () => {
      const { blocks, rows, links, classes } = parseBlueprint(output);
      const rowTitles = rows.map((cells) => {
        const first = cells[0]!;
        return 'id' in first ? unescape(first.label) : '';
      });
      const lanes = [
        ['Frontstage', 'f', 'frontstage'],
        ['Backstage', 'b', 'backstage'],
        ['Support processes', 'p', 'support'],
        ['Systems', 'y', 'systems'],
      ] as const;
      const present = lanes.filter(([, , key]) => touchpointsOf(map).some(({ touchpoint }) => (touchpoint.blueprint?.[key] ?? []).length > 0));
      const expected = ['Stage', 'Customer actions'];
      for (const [title, , key] of present) {
        if (!expected.includes('Line of interaction')) expected.push('Line of interaction');
        if (key !== 'frontstage' && !expected.includes('Line of visibility')) expected.push('Line of visibility');
        if ((key === 'support' || key === 'systems') && !expected.includes('Line of internal interaction')) expected.push('Line of internal interaction');
        expected.push(title);
      }
      expect(rowTitles).toEqual(expected);
      const lineCount = expected.filter((t) => t.startsWith('Line of')).length;
      expect(links).toEqual(Array.from({ length: lineCount }, (_, i) => [`l${i + 1}`, `e${i + 1}`]));
      expect(classes.get('lineEnd')).toEqual(links.map(([, e]) => e));
      touchpointsOf(map).forEach(({ touchpoint }, i) => {
        for (const [title, prefix, key] of lanes) {
          const items = (touchpoint.blueprint?.[key] ?? []).filter((item) => item.trim() !== '');
          const block = blocks.get(`${prefix}${i + 1}`);
          if (items.length === 0) {
            expect(block).toBeUndefined();
            continue;
          }
          expect(block!.column).toBe(i + 1);
          expect(rowTitles[block!.row]).toBe(title);
          expect(block!.label.split(/<br>(?=#8226; )/).map(unescape)).toEqual(items.map((item) => `\u2022 ${squash(item)}`));
        }
      });
      // The lines span every touchpoint column: label first, the rest blank, the end in the last column.
      for (const cells of rows.filter((_, r) => rowTitles[r]!.startsWith('Line of'))) {
        expect(cells.map((c) => ('space' in c ? `space:${c.space}` : c.id.replace(/\d+$/, '')))).toEqual(['l', `space:${touchpointsOf(map).length}`, 'e']);
      }
    });

    it('is deterministic and does not depend on the score', () => {
      expect(render(map)).toBe(output);
      expect(view.render({ map })).toBe(output);
    });
  });

  describe('hostile text', () => {
    const map = load(HOSTILE);
    const output = render(map);

    it('matches its golden file', () => {
      expectGolden(`mermaid/${map.id}.blueprint.mmd`, output);
    });

    it('escapes every label and uses generated ids only', () => {
      parseBlueprint(output);
      const labels = [...output.matchAll(/\["(.*?)"\]/g)].map((m) => m[1]!.replaceAll('<br>', ''));
      expect(labels.length).toBeGreaterThan(0);
      for (const label of labels) expect(label).not.toMatch(/[<>"]/);
      expect(output).not.toContain('%%{');
      expect(output).not.toMatch(/<script|<img|<b>/i);
    });

    it('keeps the hostile names readable once Mermaid decodes the entities', () => {
      const { blocks } = parseBlueprint(output);
      expect(unescape(blocks.get('c3')!.label)).toBe('<script>alert(1)</script>');
      expect(unescape(blocks.get('c6')!.label)).toBe('a b');
      expect(
        blocks
          .get('f3')!
          .label.split(/<br>(?=#8226; )/)
          .map(unescape),
      ).toEqual(['\u2022 end', '\u2022 <b>bold</b> & <i>italic</i>']);
    });
  });

  describe('edge cases', () => {
    it('leaves a cell blank where a touchpoint has nothing for a lane', () => {
      const output = renderBlueprint(minimal([[{ blueprint: { systems: ['CRM'] } }, { blueprint: { frontstage: ['Form'] } }]]));
      expect(output).toContain('    h3["Frontstage"] space f2["#8226; Form"] space\n');
      expect(output).toContain('    h6["Systems"] y1["#8226; CRM"] space:2\n');
      expect(output).not.toContain('h4["Backstage"]');
      parseBlueprint(output);
    });

    it('shows touchpoints without a blueprint, and says so when no touchpoint has one', () => {
      const output = renderBlueprint(minimal([[{}, {}], []]));
      expect(output).toBe(
        [
          FRONTMATTER + 'block-beta',
          '    columns 4',
          '    %% Stages without touchpoints, not shown: stage-2',
          '    h1["Stage"] s1["Stage 1"]:2 space',
          '    h2["Customer actions"] c1["Touchpoint 1"] c2["Touchpoint 2"] space',
          '    %% No touchpoint has blueprint lanes (frontstage, backstage, support, systems).',
          '    note1["No blueprint lanes in this map#58; add a blueprint to its touchpoints"]:4',
          '    classDef rowName fill:none,stroke:none,font-weight:bold',
          '    classDef lineName fill:none,stroke:none,font-style:italic',
          '    classDef lineEnd fill:none,stroke:none',
          '    classDef stage font-weight:bold',
          '    class h1,h2 rowName',
          '    class s1 stage',
          '',
        ].join('\n'),
      );
      parseBlueprint(output);
    });

    it('draws a map without touchpoints as a note', () => {
      const output = renderBlueprint(minimal([[]]));
      expect(output).toBe(
        `${FRONTMATTER}block-beta\n    columns 2\n    %% Stages without touchpoints, not shown: stage-1\n    note1["No blueprint lanes in this map#58; add a blueprint to its touchpoints"]:2\n`,
      );
    });

    it('draws each line only when a lane lies below it', () => {
      const above = renderBlueprint(minimal([[{ blueprint: { frontstage: ['Agent'] } }]]));
      expect(above).toContain('    l1["Line of interaction"] space e1[" "]\n');
      expect(above).not.toContain('Line of visibility');
      expect(above).not.toContain('Line of internal interaction');
      const below = renderBlueprint(minimal([[{ blueprint: { frontstage: ['Agent'], backstage: ['Lookup'] } }]]));
      expect(below).toContain('    l2["Line of visibility"] space e2[" "]\n    h4["Backstage"] b1["#8226; Lookup"] space\n');
      expect(below).toContain('    l1 -.- e1\n    l2 -.- e2\n');
      expect(below).not.toContain('Line of internal interaction');
      const support = renderBlueprint(minimal([[{ blueprint: { support: ['Training'] } }]]));
      expect(support).toContain(
        '    l1["Line of interaction"] space e1[" "]\n    l2["Line of visibility"] space e2[" "]\n    l3["Line of internal interaction"] space e3[" "]\n    h5["Support processes"]',
      );
    });

    it('wraps long text at spaces so no single item widens every column', () => {
      const output = renderBlueprint(
        minimal([[{ name: 'A touchpoint name that goes on and on', blueprint: { backstage: ['Supercalifragilisticexpialidocious-and-more item'] } }]]),
      );
      expect(output).toContain('c1["A touchpoint name that<br>goes on and on"]');
      expect(output).toContain('b1["#8226; Supercalifragilisticexpialidocious#45;and#45;more<br>item"]');
    });

    it('skips empty lane items and falls back to a generated name for blank names', () => {
      const output = renderBlueprint(minimal([[{ name: '  ', blueprint: { frontstage: ['', '  ', 'Desk'], backstage: [] } }]]));
      expect(output).toContain('c1["Touchpoint 1"]');
      expect(output).toContain('f1["#8226; Desk"]');
      expect(output).not.toContain('b1');
      parseBlueprint(output);
    });
  });
});

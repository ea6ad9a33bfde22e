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

/** A label's text: only letters, digits, spaces, `#n;` entities, and `<br>` between cell lines. */
const SAFE_LABEL = /^(?:[\p{L}\p{N} ]|#\d+;|<br>)*$/u;
const NODE_ID = /^(?:c|f|v|b|p|y)\d+$/;
const SUBGRAPH_ID = /^(?:lane[1-6]|stage\d+)$/;
const LINK = /^(\S+) -{2,}[->] (\S+)$/;

/** Every line of a blueprint must have one of the shapes the view emits (a small grammar). */
function checkLines(output: string): void {
  const lines = output.split('\n');
  expect(lines.pop(), 'ends with a newline').toBe('');
  expect(lines[0]).toBe('flowchart TB');
  for (const line of lines.slice(1)) {
    expect(line, 'no trailing spaces').toBe(line.trimEnd());
    const body = line.trim();
    if (body.startsWith('%%')) {
      expect(body.startsWith('%%{')).toBe(false);
      continue;
    }
    if (body === 'end' || body.startsWith('style lane3 ') || body.startsWith('classDef visibility ')) continue;
    const subgraph = /^subgraph (\S+) \["(.*)"\]$/.exec(body);
    if (subgraph) {
      expect(subgraph[1]).toMatch(SUBGRAPH_ID);
      expect(subgraph[2]).toMatch(SAFE_LABEL);
      continue;
    }
    const node = /^([a-z]+\d+)\["(.*)"\](?::::visibility)?$/.exec(body);
    if (node) {
      expect(node[1]!).toMatch(node[1] === 'note1' ? /^note1$/ : NODE_ID);
      expect(node[2]).toMatch(SAFE_LABEL);
      continue;
    }
    const link = LINK.exec(body);
    expect(link, `unexpected line: ${line}`).not.toBeNull();
    expect(link![1]).toMatch(NODE_ID);
    expect(link![2]).toMatch(NODE_ID);
  }
}

/** Node id -> label, and the links, of a rendered blueprint. */
function parseBlueprint(output: string) {
  const labels = new Map<string, string>();
  const lanes = new Map<string, string>();
  const links: { from: string; to: string; length: number }[] = [];
  const subgraphOrder: string[] = [];
  let lane = '';
  for (const line of output.split('\n')) {
    const body = line.trim();
    const subgraph = /^subgraph (\S+) /.exec(body);
    if (subgraph) {
      subgraphOrder.push(subgraph[1]!);
      if (subgraph[1]!.startsWith('lane')) lane = subgraph[1]!;
    }
    const node = /^([a-z]+\d+)\["(.*)"\]/.exec(body);
    if (node) {
      labels.set(node[1]!, node[2]!);
      lanes.set(node[1]!, lane);
    }
    const link = /^(\S+) (-{2,})[->] (\S+)$/.exec(body);
    if (link) links.push({ from: link[1]!, to: link[3]!, length: link[2]!.length - 1 });
  }
  return { labels, lanes, links, subgraphOrder };
}

const unescape = (text: string): string => text.replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));

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

    it('has only generated ids and escaped labels, one statement shape per line', () => {
      checkLines(output);
    });

    it('shows every touchpoint in the customer lane, in journey order, inside its stage', () => {
      const { labels, lanes, subgraphOrder } = parseBlueprint(output);
      const refs = touchpointsOf(map);
      refs.forEach((ref, i) => {
        expect(unescape(labels.get(`c${i + 1}`)!)).toBe(ref.touchpoint.name.trim());
        expect(lanes.get(`c${i + 1}`)).toBe('lane1');
      });
      const stages = subgraphOrder.filter((id) => id.startsWith('stage'));
      expect(stages).toEqual(map.stages.flatMap((s, i) => ((s.touchpoints ?? []).length > 0 ? [`stage${i + 1}`] : [])));
    });

    it('lays the lanes out top to bottom and links each column down through them', () => {
      const { labels, lanes, links, subgraphOrder } = parseBlueprint(output);
      const laneOrder = subgraphOrder.filter((id) => id.startsWith('lane'));
      expect(laneOrder).toEqual([...laneOrder].sort());
      expect(laneOrder).toEqual(['lane1', 'lane2', 'lane3', 'lane4', 'lane5', 'lane6'].filter((l) => laneOrder.includes(l)));
      const rank = (id: string) => Number(lanes.get(id)!.slice(4)) - 1;
      touchpointsOf(map).forEach(({ touchpoint }, i) => {
        const n = i + 1;
        const bp = touchpoint.blueprint ?? {};
        const expected = [
          ['f', bp.frontstage],
          ['b', bp.backstage],
          ['p', bp.support],
          ['y', bp.systems],
        ] as const;
        for (const [prefix, items] of expected) {
          const label = labels.get(`${prefix}${n}`);
          if (!items || items.length === 0) {
            expect(label).toBeUndefined();
            continue;
          }
          expect(label!.split('<br>').map(unescape)).toEqual(items.map((item) => `\u2022 ${item}`));
        }
        const below = ['b', 'p', 'y'].some((prefix) => labels.has(`${prefix}${n}`));
        expect(labels.has(`v${n}`)).toBe(below);
        // The column is one chain from the touchpoint down, each link spanning the lanes it crosses.
        const chain = [`c${n}`, ...['f', 'v', 'b', 'p', 'y'].map((p) => `${p}${n}`).filter((id) => labels.has(id))];
        const columnLinks = links.filter((l) => chain.includes(l.from));
        expect(columnLinks.map((l) => [l.from, l.to])).toEqual(chain.slice(1).map((to, k) => [chain[k], to]));
        for (const l of columnLinks) expect(l.length).toBe(rank(l.to) - rank(l.from));
      });
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
      checkLines(output);
      const labels = [...output.matchAll(/\["(.*?)"\]/g)].map((m) => m[1]!.replaceAll('<br>', ''));
      expect(labels.length).toBeGreaterThan(0);
      for (const label of labels) expect(label).not.toMatch(/[<>"]/);
      expect(output).not.toContain('%%{');
      expect(output).not.toMatch(/<script|<img|<b>/i);
      // Ids that are Mermaid keywords never reach the diagram as ids.
      for (const line of output.split('\n')) {
        const head = line.trim().split(/[\s[]/)[0]!;
        expect(['', 'flowchart', '%%', 'subgraph', 'end', 'style', 'classDef'].includes(head) || NODE_ID.test(head)).toBe(true);
      }
    });

    it('keeps the hostile names readable once Mermaid decodes the entities', () => {
      const { labels } = parseBlueprint(output);
      expect(unescape(labels.get('c3')!)).toBe('<script>alert(1)</script>');
      expect(unescape(labels.get('c6')!)).toBe('a b');
      expect(unescape(labels.get('f3')!)).toBe('\u2022 end<br>\u2022 <b>bold</b> & <i>italic</i>');
    });
  });

  describe('edge cases', () => {
    it('keeps every lane on its own row when a column skips lanes', () => {
      const output = renderBlueprint(minimal([[{ blueprint: { systems: ['CRM'] } }, { blueprint: { frontstage: ['Form'] } }]]));
      expect(output).toContain('    c1 ---- v1\n    v1 ----> y1\n    c2 --> f2\n');
      expect(output).not.toContain('v2');
      checkLines(output);
    });

    it('shows touchpoints without a blueprint, and says so when no touchpoint has one', () => {
      const output = renderBlueprint(minimal([[{}, {}], []]));
      expect(output).toBe(
        [
          'flowchart TB',
          '    %% Stages without touchpoints, not shown: stage-2',
          '    subgraph lane1 ["Customer actions"]',
          '        subgraph stage1 ["Stage 1"]',
          '            c1["Touchpoint 1"]',
          '            c2["Touchpoint 2"]',
          '        end',
          '    end',
          '    %% No touchpoint has blueprint lanes (frontstage, backstage, support, systems).',
          '    note1["No blueprint lanes in this map#58; add a blueprint to its touchpoints"]',
          '',
        ].join('\n'),
      );
      checkLines(output);
    });

    it('draws the line of visibility only when something lies below it', () => {
      const above = renderBlueprint(minimal([[{ blueprint: { frontstage: ['Agent'] } }]]));
      expect(above).not.toContain('lane3');
      const below = renderBlueprint(minimal([[{ blueprint: { frontstage: ['Agent'], backstage: ['Lookup'] } }]]));
      expect(below).toContain('    subgraph lane3 ["Line of visibility"]\n        v1["#8942;"]:::visibility\n    end\n');
      expect(below).toContain('    style lane3 fill:none,stroke-dasharray: 5 5\n    classDef visibility fill:none,stroke:none\n');
      expect(below).toContain('    f1 --- v1\n    v1 --> b1\n');
    });

    it('skips empty lane items and falls back to a generated name for blank names', () => {
      const output = renderBlueprint(minimal([[{ name: '  ', blueprint: { frontstage: ['', '  ', 'Desk'], backstage: [] } }]]));
      expect(output).toContain('c1["Touchpoint 1"]');
      expect(output).toContain('f1["#8226; Desk"]');
      expect(output).not.toContain('b1');
      checkLines(output);
    });
  });
});

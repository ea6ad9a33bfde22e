import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DIFF_MARKER, MAX_COMMENT_CHARS } from '../../../src/core/diff/formatters/markdown.js';
import { diffFormatters } from '../../../src/core/diff/formatters/index.js';
import { diffDiagram } from '../../../src/core/diff/mermaid.js';
import { buildDiffReport, diffFile } from '../../../src/core/diff/model.js';
import type { FileDiff } from '../../../src/core/diff/types.js';
import type { JourneyMap, Touchpoint } from '../../../src/core/model.js';
import { MERMAID_MAX_TEXT } from '../../../src/core/mermaid/limit.js';
import { DEFAULT_SCORING } from '../../../src/core/score/settings.js';

/**
 * Untrusted pull requests (issue 11): the Markdown diff is posted as one pull-request comment,
 * which GitHub refuses over 65,536 characters. Whatever the pull request holds, the comment stays
 * within 60,000 characters (room for the workflow's marker line), is cut only between whole rows,
 * tables and `<details>` blocks, and ends saying what was left out and where the whole diff is.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
const load = (file: string): JourneyMap => parseYaml(readFileSync(path.join(ROOT, file), 'utf8')) as JourneyMap;
const BASE = load('tests/fixtures/diff/checkout.base.journey.yaml');
const HEAD = load('tests/fixtures/diff/checkout.head.journey.yaml');

const markdown = (files: FileDiff[]): string => diffFormatters.markdown(buildDiffReport('main', 'working tree', files), { color: false });

/** Cells of a table row: split on the pipes that are not escaped. */
const cellsOf = (row: string): number => row.replace(/\\\|/g, '').split('|').length - 2;

/** Fails on a cut in the middle of a table, a `<details>` block, a summary line or a code block. */
function expectWellFormed(out: string): void {
  expect(out.endsWith('\n')).toBe(true);
  const lines = out.split('\n');
  expect(lines[0]).toBe(DIFF_MARKER);
  let fence = false;
  let open = 0;
  let columns: number | undefined;
  for (const [i, line] of lines.entries()) {
    const where = `line ${i + 1}: ${line.slice(0, 120)}`;
    if (line.startsWith('```')) {
      fence = !fence;
      continue;
    }
    if (fence) continue;
    if (line.startsWith('|')) {
      expect(line.endsWith(' |'), where).toBe(true);
      if (columns === undefined) {
        columns = cellsOf(line);
        // The alignment row follows the header.
        expect(lines[i + 1], where).toMatch(/^\| --- (\| --- )*\|$/);
      } else expect(cellsOf(line), where).toBe(columns);
    } else columns = undefined;
    if (line === '<details>') {
      expect(open, where).toBe(0);
      open++;
      expect(lines[i + 1], where).toMatch(/^<summary>.*<\/summary>$/);
    }
    if (line === '</details>') {
      expect(open, where).toBe(1);
      open--;
    }
  }
  expect(fence, 'every code block is closed').toBe(false);
  expect(open, 'every <details> is closed').toBe(0);
}

function expectClosingNote(out: string): void {
  const last = out.trimEnd().split('\n').at(-1)!;
  expect(last).toMatch(/^_Shortened to stay within the comment size limit: .*left out.*`journey diff --format json`.*`journeykit-diff` artefact/);
}

const long = (seed: string, length: number): string => {
  let out = seed;
  for (let i = 0; out.length < length; i++) out += `-x${i}`;
  return out;
};

/** A map of `n` touchpoints whose ids, names and title are as long as a 5 MB map allows them to be, about. */
function hugeMap(id: string, n: number, length: number): JourneyMap {
  const touchpoints: Touchpoint[] = Array.from({ length: n }, (_, i) => ({
    id: long(`tp-${i}`, length),
    name: `${long(`Name ${i} <b>|</b> @octocat #1`, length)}`,
    channel: 'web',
    emotion: -2,
    effort: 5,
  }));
  return { version: 1, id, title: long('Title', length), stages: [{ id: long('stage', length), name: long('Stage name', length), touchpoints }] };
}

describe('journey diff --format markdown fits a pull-request comment', () => {
  it('with hundreds of changed maps: within the limit, whole rows and blocks, and a note on what was left out', () => {
    const files = Array.from({ length: 600 }, (_, i) => {
      const file = `journeys/team-${i}/checkout-${String(i).padStart(4, '0')}.journey.yaml`;
      return diffFile({ file, map: BASE }, { file, map: HEAD }, DEFAULT_SCORING);
    });
    const out = markdown(files);
    expect(out.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expectWellFormed(out);
    expectClosingNote(out);
    expect(out).toMatch(/\d+ maps not listed in the table/);
    expect(out).toMatch(/Details of 600 maps left out/);
    // As much as fits is still shown: the table of maps comes first.
    expect(out.match(/^\| checkout-flow \|/gm)!.length).toBeGreaterThan(100);
  });

  it('with a hundred changed maps: every map in the table, the details of the first ones', () => {
    const files = Array.from({ length: 100 }, (_, i) => {
      const file = `journeys/checkout-${String(i).padStart(4, '0')}.journey.yaml`;
      return diffFile({ file, map: BASE }, { file, map: HEAD }, DEFAULT_SCORING);
    });
    const out = markdown(files);
    expect(out.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expectWellFormed(out);
    expectClosingNote(out);
    expect(out.match(/^\| checkout-flow \|/gm)).toHaveLength(100);
    expect(out).toContain('<details>');
    expect(out).toMatch(/Details of \d+ maps left out/);
  });

  it('with ids, titles, names and file names of maximal length: cut in their cells, never over the limit', () => {
    const length = 100_000;
    const files = [0, 1, 2].map((i) => {
      const file = `${long(`dir${i}/`, 2_000)}.journey.yaml`;
      return diffFile(
        { file, map: { ...hugeMap(long(`j${i}`, length), 0, length), stages: [{ id: 's', name: 'S', touchpoints: [] }] } },
        { file, map: hugeMap(long(`j${i}`, length), 40, length) },
        DEFAULT_SCORING,
      );
    });
    const out = markdown(files);
    expect(out.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expectWellFormed(out);
    expectClosingNote(out);
    // The long values are there, cut with an ellipsis.
    expect(out).toMatch(/\| j0-x0-x1[-x0-9]*… \|/);
  });

  it('with thousands of changes in one map: the changes table is cut at a whole row and says how many rows are missing', () => {
    const base: JourneyMap = { version: 1, id: 'big', title: 'Big', stages: [{ id: 's', name: 'S', touchpoints: [] }] };
    const head = hugeMap('big', 3_000, 150);
    const out = markdown([diffFile({ file: 'big.journey.yaml', map: base }, { file: 'big.journey.yaml', map: head }, DEFAULT_SCORING)]);
    expect(out.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expectWellFormed(out);
    expectClosingNote(out);
    expect(out).toMatch(/^_\d+ more changes not shown here\._$/m);
    expect(out).toMatch(/table rows left out/);
  });

  it('an ordinary diff is untouched: no closing note', () => {
    const out = markdown([diffFile({ file: 'a.journey.yaml', map: BASE }, { file: 'a.journey.yaml', map: HEAD }, DEFAULT_SCORING)]);
    expectWellFormed(out);
    expect(out).not.toMatch(/Shortened to stay within/);
    expect(out).toContain('```mermaid');
  });
});

describe('the diff change diagram stays within the Mermaid limit', () => {
  it('draws the first touchpoints that fit and counts the others in a visible note', () => {
    const base: JourneyMap = { version: 1, id: 'big', title: 'Big', stages: [{ id: 's', name: 'S', touchpoints: [] }] };
    const head = hugeMap('big', 3_000, 400);
    const diff = diffFile({ file: 'big.journey.yaml', map: base }, { file: 'big.journey.yaml', map: head }, DEFAULT_SCORING);
    const diagram = diffDiagram(diff)!;
    expect(diagram.length).toBeLessThanOrEqual(MERMAID_MAX_TEXT);
    const drawn = diagram.match(/^ {8}t\d+\["/gm)!.length;
    expect(drawn).toBeGreaterThan(100);
    expect(diagram).toContain(`more1["${3_000 - drawn} more changed touchpoints not drawn as the diagram would be over the Mermaid size limit"]`);
  });
});

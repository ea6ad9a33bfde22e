import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_YAML_LIMITS } from '../../src/core/yaml/parse.js';
import { REPO_ROOT, workspace } from './harness.js';

/**
 * "Every limit in the README's table holds in time and memory": the worst map at each YAML limit,
 * just under it (validated) or past it (refused), up to the 5 MB a map may weigh, through the real
 * bin (`npm run build` first). Each run must end within a generous 10 s and 1 GB (it takes 0.3 to
 * 2 s and 60 to 380 MB on an unloaded machine); before these limits, several took minutes or
 * gigabytes, or crashed with a stack overflow. YAML_LIMITS_REPORT=1 prints what each run took.
 */

const exec = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'bin', 'journey.js');
/** Preloaded into the child: prints its peak RSS on stderr when it exits. */
const RSS = pathToFileURL(path.join(REPO_ROOT, 'bench', 'rss.mjs')).href;
const MAP_LIMIT = 5 * 1024 * 1024;
const { maxNodes, maxKeys, maxDepth, maxTokens } = DEFAULT_YAML_LIMITS;

const HEAD = 'version: 1\nid: worst\ntitle: Worst case\n';
const ONE_STAGE = 'stages:\n  - id: s\n    name: S\n    touchpoints:\n      - {id: t, name: T, channel: web}\n';

/** `unit` repeated to fill the map size limit between `head` and `tail`. */
const fill = (unit: string, head = '', tail = ''): string => head + unit.repeat(Math.floor((MAP_LIMIT - head.length - tail.length) / unit.length)) + tail;

/** Lines repeated until the next one would pass `bytes`. */
function linesUpTo(bytes: number, line: (i: number) => string): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; ; i++) {
    const next = line(i);
    if (length + next.length > bytes) return parts.join('');
    parts.push(next);
    length += next.length;
  }
}

/** A block mapping opened at every level, 2 spaces deeper each time, all closed by the last line. */
const nested = (levels: number, item: (d: number) => string, last: string): string =>
  Array.from({ length: levels }, (_, d) => '  '.repeat(d) + item(d)).join('\n') + ` x\n${last}\n`;

/**
 * Ordinary touchpoints in stages of 500, as many as fit in `nodes` (counted as the parser counts:
 * the root, and each key, value, list and mapping): up to 22 under it.
 */
function ordinaryMap(nodes: number): string {
  // The root mapping, version, id, title and stages (keys and values).
  let count = 9;
  let out = `${HEAD}stages:\n`;
  for (let t = 0; ; t++) {
    // A stage is a mapping with id, name and touchpoints (7 nodes); a touchpoint a mapping with 7 pairs (15).
    const cost = 15 + (t % 500 === 0 ? 7 : 0);
    if (count + cost > nodes) return out;
    count += cost;
    if (t % 500 === 0) out += `  - id: s${t}\n    name: Stage ${t}\n    touchpoints:\n`;
    out += `      - id: t${t}\n        name: Touchpoint ${t}\n        channel: web\n        emotion: 1\n        effort: 2\n        reach: 0.5\n        evidence: observed\n`;
  }
}

/** One line: stages of 14 nodes each in flow style, padded to 5 MB with one long string. */
function oneLine(stages: number): string {
  const items = Array.from({ length: stages }, (_, s) => `{id: s${s}, name: S${s}, touchpoints: [{id: t${s}, name: T, channel: web}]}`);
  const head = `{version: 1, id: worst, title: Worst, stages: [${items.join(', ')}], x-pad: "`;
  return head + 'y'.repeat(MAP_LIMIT - head.length - 2) + '"}';
}

/** `x-list` holding `count` aliases of a 100-node anchor. */
const aliases = (count: number): string => `${HEAD}${ONE_STAGE}x-anchor: &a [${Array.from({ length: 99 }, (_, i) => i).join(', ')}]\nx-list:\n${'  - *a\n'.repeat(count)}`;

interface Case {
  name: string;
  text: () => string;
  /** The first error's code, or undefined for a map that must validate without errors. */
  code?: string;
}

const valid: Case[] = [
  // 6,658 touchpoints, 0.9 MB.
  { name: 'ordinary touchpoints up to the node limit', text: () => ordinaryMap(maxNodes) },
  {
    name: `49 mappings of ${maxKeys} keys`,
    text: () => {
      let out = `${HEAD}stages:\n`;
      for (let s = 0; s < 49; s++) out += `  - id: s${s}\n    name: Stage ${s}\n` + Array.from({ length: maxKeys - 2 }, (_, k) => `    x-k${k}: ${k}\n`).join('');
      return out;
    },
  },
  {
    // The stage's x-deep list is at depth 3; 60 brackets put each innermost value at depth 64.
    name: `1,500 values nested ${maxDepth} deep`,
    text: () => `${HEAD}${ONE_STAGE}    x-deep:\n` + `      - ${'['.repeat(maxDepth - 4)}1${']'.repeat(maxDepth - 4)}\n`.repeat(1500),
  },
  // 126 nodes, and 985 aliases of 101 (the alias and the 100 nodes it repeats): 99,611 in all.
  { name: 'aliases expanding the map to just under the node limit', text: () => aliases(985) },
  { name: 'one 5 MB scalar', text: () => fill('x', `${HEAD}${ONE_STAGE}description: `, '\n') },
  {
    name: '5 MB of 10 kB scalars',
    text: () => HEAD + ONE_STAGE + linesUpTo(MAP_LIMIT - HEAD.length - ONE_STAGE.length, (i) => `x-${i}: ${'word '.repeat(2000)}\n`),
  },
  // 7,130 stages of 14 nodes and 11 more: 99,831 nodes.
  { name: 'a 5 MB single line: flow style, nodes just under the limit and one long string', text: () => oneLine(7130) },
  // 100 tokens under the limit: the head and the stage hold 58, each comment and its line break 2.
  { name: 'tokens up to the limit, mostly comments', text: () => HEAD + ONE_STAGE + '#\n'.repeat((maxTokens - 100 - 58) / 2) },
];

const refused: Case[] = [
  { name: 'a 5 MB flow sequence (2.8 GB and an alias-limit error before)', text: () => fill('1,', '[', '1]\n'), code: 'yaml/too-many-nodes' },
  { name: 'a 5 MB block sequence', text: () => fill('- 1\n'), code: 'yaml/too-many-nodes' },
  { name: '5 MB of one-character keys', text: () => linesUpTo(MAP_LIMIT, (i) => `${String.fromCharCode(97 + (i % 26))}: ${i}\n`), code: 'yaml/too-many-nodes' },
  { name: '5 MB of quoted strings', text: () => fill('"",', '[', '""]'), code: 'yaml/too-many-nodes' },
  { name: 'ordinary touchpoints, one more than the node limit allows', text: () => ordinaryMap(maxNodes + 22), code: 'yaml/too-many-nodes' },
  { name: '32,000 keys in one mapping (3.9 s before)', text: () => Array.from({ length: 32_000 }, (_, i) => `k${i}: 1\n`).join(''), code: 'yaml/too-many-keys' },
  { name: `${maxKeys + 1} keys in one mapping`, text: () => HEAD + ONE_STAGE + Array.from({ length: maxKeys - 3 }, (_, i) => `x-${i}: 1\n`).join(''), code: 'yaml/too-many-keys' },
  { name: '5 MB of line breaks', text: () => fill('\n', HEAD), code: 'yaml/too-many-tokens' },
  { name: '5 MB of comments', text: () => fill('#\n', HEAD), code: 'yaml/too-many-tokens' },
  { name: '5 MB of dashes', text: () => fill('-\n'), code: 'yaml/too-many-tokens' },
  { name: '5 MB of colons', text: () => fill(':\n'), code: 'yaml/too-many-tokens' },
  { name: '5 MB of stray brackets', text: () => fill(']', 'a: 1\n'), code: 'yaml/too-many-tokens' },
  { name: 'stray brackets just under the token limit, one per line', text: () => `a: 1\n${']\n'.repeat(maxTokens / 2 - 10)}`, code: 'yaml/syntax' },
  { name: '2,000 nested block mappings closed at once (a stack overflow before)', text: () => nested(2000, () => 'a:', 'b: 1'), code: 'yaml/too-deep' },
  { name: '2,000 nested block sequences closed at once', text: () => nested(2000, () => '-', '- 1'), code: 'yaml/too-deep' },
  { name: '2,000 nested mappings and sequences closed at once', text: () => nested(2000, (d) => (d % 2 ? '-' : 'a:'), 'b: 1'), code: 'yaml/too-deep' },
  { name: '1,000,000 compact sequences', text: () => '- '.repeat(1_000_000) + 'x\n', code: 'yaml/too-deep' },
  {
    name: 'a billion laughs',
    text: () => {
      const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
      for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
      return lines.join('\n') + '\n';
    },
    code: 'yaml/alias-limit',
  },
  { name: 'aliases expanding the map just past the node limit', text: () => aliases(1000), code: 'yaml/alias-limit' },
];

interface Run {
  code: number;
  errors: { code: string; line: number; column: number }[];
  seconds: number;
  rssMb: number;
}

async function validate(text: string): Promise<Run> {
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAP_LIMIT);
  const cwd = workspace();
  writeFileSync(path.join(cwd, 'worst.journey.yaml'), text);
  const started = performance.now();
  let result: { code: number; stdout: string; stderr: string };
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', RSS, BIN, 'validate', 'worst.journey.yaml', '--format', 'json'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 256 * 1024 * 1024,
    });
    result = { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    result = { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
  const seconds = (performance.now() - started) / 1000;
  const rss = /@@bench (\{.*\})/.exec(result.stderr);
  expect(rss, result.stderr).not.toBeNull();
  expect(result.stderr.replace(/\s*@@bench .*\n?/, '')).toBe('');
  const report = JSON.parse(result.stdout) as { files: { diagnostics: { code: string; severity: string; line: number; column: number }[] }[] };
  const errors = report.files[0]!.diagnostics.filter((d) => d.severity === 'error');
  const run = { code: result.code, errors, seconds, rssMb: (JSON.parse(rss![1]!) as { maxRssKb: number }).maxRssKb / 1024 };
  if (process.env.YAML_LIMITS_REPORT) {
    const first = errors[0] ? `${errors[0].code} ${errors[0].line}:${errors[0].column}` : 'valid';
    process.stdout.write(`| ${(Buffer.byteLength(text) / 1024 / 1024).toFixed(2)} MB | ${seconds.toFixed(2)} s | ${Math.round(run.rssMb)} MB | ${first} |\n`);
  }
  return run;
}

describe('the worst map at each YAML limit, through the real bin', () => {
  it.each(valid)(
    'validates $name',
    async ({ text }) => {
      const run = await validate(text());
      expect(run.errors).toEqual([]);
      expect(run.code).toBe(0);
      expect(run.seconds).toBeLessThan(10);
      expect(run.rssMb).toBeLessThan(1024);
    },
    60_000,
  );

  it.each(refused)(
    'refuses $name',
    async ({ text, code }) => {
      const run = await validate(text());
      expect(run.errors[0]?.code).toBe(code);
      // One located diagnostic; a file of stray brackets lists the first 100 lines.
      expect(run.errors.length).toBe(code === 'yaml/syntax' ? 100 : 1);
      expect(run.errors[0]!.line).toBeGreaterThan(0);
      expect(run.code).toBe(1);
      expect(run.seconds).toBeLessThan(10);
      expect(run.rssMb).toBeLessThan(1024);
    },
    60_000,
  );
});

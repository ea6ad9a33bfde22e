import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './cli/harness.js';

// Every relative link and #anchor in README.md and docs/*.md must lead somewhere: to a file or
// folder of the repository and, with an anchor, to a heading of that file (GitHub's anchors).
// Prose that names a Markdown file (see FORMAT.md) must name one that exists too, or the reader
// is sent to a document they cannot find; a name in inline code is a value, such as an output
// file (`--output report.md`), and is not checked.

const DOCS = [
  'README.md',
  ...readdirSync(path.join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

/** The text outside fenced code blocks, line by line (fenced lines blanked, numbering kept). */
function proseLines(text: string): string[] {
  let fence: string | null = null;
  return text.split('\n').map((line) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === null && marker) {
      fence = marker[1]!;
      return '';
    }
    if (fence !== null) {
      if (marker && marker[1]![0] === fence[0] && marker[1]!.length >= fence.length && line.trim() === marker[1]) fence = null;
      return '';
    }
    return line;
  });
}

/** GitHub's heading anchor: markup removed, lower case, punctuation but - and _ dropped, spaces to -. */
export function githubAnchor(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/<[^>]+>/g, '') // inline HTML
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

const anchorCache = new Map<string, Set<string>>();

/** The anchors a Markdown file offers: its headings (repeats get -1, -2, ...) and HTML ids. */
function anchorsOf(file: string): Set<string> {
  const cached = anchorCache.get(file);
  if (cached) return cached;
  const text = readFileSync(file, 'utf8');
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(text)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const base = githubAnchor(heading[1]!);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const html of line.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(html[1]!);
  }
  anchorCache.set(file, anchors);
  return anchors;
}

interface Link {
  file: string;
  line: number;
  target: string;
}

function linksOf(file: string): Link[] {
  const links: Link[] = [];
  proseLines(readFileSync(path.join(REPO_ROOT, file), 'utf8')).forEach((raw, index) => {
    const line = raw.replace(/`[^`]*`/g, (span) => ' '.repeat(span.length)); // inline code is no link
    for (const match of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ file, line: index + 1, target: match[1]! });
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(line);
    if (definition) links.push({ file, line: index + 1, target: definition[1]! });
    for (const match of line.matchAll(/<a\s+[^>]*href="([^"]+)"/g)) links.push({ file, line: index + 1, target: match[1]! });
  });
  return links;
}

/** Why a link leads nowhere, or null when it resolves. */
function brokenReason(link: Link): string | null {
  const { target } = link;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return null; // https:, mailto: ...: not checked here
  const hash = target.indexOf('#');
  const filePart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
  const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
  const from = path.join(REPO_ROOT, link.file);
  const resolved = filePart === '' ? from : filePart.startsWith('/') ? path.join(REPO_ROOT, filePart) : path.resolve(path.dirname(from), filePart);
  const relative = path.relative(REPO_ROOT, resolved);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return `${filePart} lies outside the repository`;
  if (!existsSync(resolved)) return `${relative.split(path.sep).join('/')} does not exist`;
  if (anchor === null || anchor === '') return null;
  if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) return null;
  if (!anchorsOf(resolved).has(anchor)) return `${relative.split(path.sep).join('/')} has no heading with the anchor #${anchor}`;
  return null;
}

/** Every file git knows plus the working tree's, as repository paths: what a mention may name. */
function repositoryFiles(): Set<string> {
  let listed: string[];
  try {
    listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n');
  } catch {
    listed = walk(''); // not a git checkout (an unpacked archive): the files on disk
  }
  return new Set(listed.filter(Boolean));
}

function walk(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const name = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return ['node_modules', '.git', 'dist', 'dist-check'].includes(entry.name) ? [] : walk(name);
    return [name];
  });
}

/** Markdown files named in prose (`FORMAT.md`, docs/rules.md) that are not in the repository. */
function deadMentions(file: string, files: Set<string>, text = readFileSync(path.join(REPO_ROOT, file), 'utf8')): string[] {
  const basenames = new Set([...files].map((name) => path.posix.basename(name)));
  const dead: string[] = [];
  proseLines(text).forEach((line, index) => {
    // Link targets are checked as links; a name in inline code is a value (`--output report.md`).
    const withoutLinkTargets = line.replace(/\]\([^)]*\)/g, ']').replace(/`[^`]*`/g, ' ');
    for (const match of withoutLinkTargets.matchAll(/(?<![\w./-])([\w./-]*[A-Za-z0-9_-]\.md)\b/g)) {
      const name = match[1]!;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) continue;
      const known = name.includes('/')
        ? files.has(path.posix.normalize(path.posix.join(path.posix.dirname(file), name))) || files.has(path.posix.normalize(name))
        : basenames.has(name);
      if (!known) dead.push(`${file}:${index + 1}: ${name}`);
    }
  });
  return dead;
}

describe('links in README.md and docs/*.md', () => {
  it('finds the documents and their links', () => {
    expect(DOCS).toContain('docs/rules.md');
    expect(DOCS).toContain('docs/format.md');
    expect(DOCS).toContain('docs/metrics.md');
    expect(linksOf('README.md').length).toBeGreaterThan(10);
  });

  it('computes anchors the way GitHub does', () => {
    expect(githubAnchor('`journey metrics EXPORT.csv... [options]`')).toBe('journey-metrics-exportcsv-options');
    expect(githubAnchor('`journey diff BASE HEAD` / `journey diff --git REV [PATHS...]`')).toBe('journey-diff-base-head--journey-diff---git-rev-paths');
    expect(githubAnchor('Restyling: classes, data attributes and `--css`')).toBe('restyling-classes-data-attributes-and---css');
    expect(githubAnchor('Id (slug)')).toBe('id-slug');
  });

  it('reports a link to a missing file or heading', () => {
    expect(brokenReason({ file: 'README.md', line: 1, target: 'docs/rules.md#duplicate-id' })).toBeNull();
    expect(brokenReason({ file: 'README.md', line: 1, target: 'docs/nowhere.md' })).toBe('docs/nowhere.md does not exist');
    expect(brokenReason({ file: 'README.md', line: 1, target: 'docs/rules.md#no-such-rule' })).toBe('docs/rules.md has no heading with the anchor #no-such-rule');
    expect(brokenReason({ file: 'docs/format.md', line: 1, target: '#kpi' })).toBeNull();
    expect(brokenReason({ file: 'docs/format.md', line: 1, target: '#kpis' })).toBe('docs/format.md has no heading with the anchor #kpis');
    const files = new Set(['README.md', 'docs/rules.md']);
    const text = 'See FORMAT.md and docs/rules.md, [the rules](docs/rules.md).\nWrite `--output report.md`.\n```\nNOTES.md\n```\n';
    expect(deadMentions('README.md', files, text)).toEqual(['README.md:1: FORMAT.md']);
  });

  for (const file of DOCS) {
    it(`${file}: every relative link and #anchor resolves`, () => {
      const broken = linksOf(file)
        .map((link) => ({ link, reason: brokenReason(link) }))
        .filter((entry) => entry.reason !== null)
        .map(({ link, reason }) => `${link.file}:${link.line}: (${link.target}) ${reason}`);
      expect(broken, 'links that lead nowhere').toEqual([]);
    });

    // README.md fails this until its mentions of the design notes (FORMAT.md, SURVEY.md, CLI.md,
    // MERMAID.md, STYLE.md: not in the repository) become links to docs/*.md.
    it(`${file}: names only Markdown files that are in the repository`, () => {
      expect(deadMentions(file, repositoryFiles()), 'Markdown files named but not in the repository').toEqual([]);
    });
  }
});

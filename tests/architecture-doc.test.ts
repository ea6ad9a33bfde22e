import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const page = readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8');
const COMMANDS = readdirSync(path.join(ROOT, 'src', 'commands'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(ROOT, 'src', 'commands', entry.name, 'index.ts')))
  .map((entry) => entry.name);
/** Paths in backticks; `<name>` stands for every command. */
const named = [...page.matchAll(/`((?:src|scripts|tests)\/[^`\s]*)`/g)].flatMap((m) => (m[1]!.includes('<name>') ? COMMANDS.map((c) => m[1]!.replace('<name>', c)) : [m[1]!]));

function folders(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const sub = `${dir}/${entry.name}`;
      return [sub, ...folders(sub)];
    });
}

describe('docs/architecture.md matches the tree', () => {
  it('every path it names exists', () => {
    expect(named.length).toBeGreaterThan(40);
    const missing = named.filter((p) => !existsSync(path.join(ROOT, p.replace(/\/$/, ''))));
    expect(missing).toEqual([]);
  });

  it('names every folder under src/', () => {
    const mentioned = new Set(named.map((p) => p.replace(/\/$/, '')));
    const unnamed = folders('src').filter((dir) => !mentioned.has(dir) && ![...mentioned].some((p) => p.startsWith(`${dir}/`)));
    expect(unnamed).toEqual([]);
  });
});

import { chmodSync, chownSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { workspace } from '../cli/harness.js';

/**
 * Fails the n-th temporary file with ENOSPC after half its bytes, as a full disk does, and logs
 * the flushes and renames in order.
 */
const failing = vi.hoisted(() => ({ at: 0, count: 0, log: [] as string[] }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  return {
    ...actual,
    open: (async (...args: Parameters<typeof actual.open>) => {
      const handle = await actual.open(...args);
      if (args[1] !== 'wx') return handle;
      const nth = ++failing.count;
      const name = path.basename(String(args[0]));
      return Object.assign(Object.create(handle) as FsPromises.FileHandle, {
        writeFile: async (content: string | Uint8Array) => {
          if (nth !== failing.at) return handle.writeFile(content);
          await handle.writeFile(Buffer.from(content).subarray(0, Math.floor(content.length / 2)));
          throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        },
        sync: async () => {
          failing.log.push(`sync ${name}`);
          return handle.sync();
        },
        chown: handle.chown.bind(handle),
        chmod: handle.chmod.bind(handle),
        close: handle.close.bind(handle),
      });
    }) as typeof actual.open,
    rename: (async (from: string, to: string) => {
      failing.log.push(`rename ${path.basename(from)}`);
      return actual.rename(from, to);
    }) as typeof actual.rename,
  };
});

const { writeAtomic, writeAtomicAll } = await import('../../src/io/write.js');

beforeEach(() => {
  failing.at = 0;
  failing.count = 0;
  failing.log = [];
});

const mode = (file: string): string => (statSync(file).mode & 0o777).toString(8);

describe('writeAtomicAll: a report and its images, all or nothing', () => {
  it('a full disk at the third file leaves no file, no temporary file, and the old versions intact', async () => {
    const dir = workspace({ 'report.journey.svg': 'old image' });
    const files = ['report.journey.svg', 'report.emotion.svg', 'report.blueprint.svg', 'report.md'].map((name) => ({ target: path.join(dir, name), content: `new ${name}` }));
    failing.at = 3;
    const error = await writeAtomicAll(files, [], dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe("Cannot write 'report.blueprint.svg': the disk is full (ENOSPC); nothing was written.");
    expect(readdirSync(dir)).toEqual(['report.journey.svg']);
    expect(readFileSync(path.join(dir, 'report.journey.svg'), 'utf8')).toBe('old image');
  });

  it('without a failure, every file is in place and nothing else', async () => {
    const dir = workspace();
    const files = ['a.svg', 'b.svg', 'r.md'].map((name) => ({ target: path.join(dir, name), content: name }));
    await writeAtomicAll(files, [], dir);
    expect(readdirSync(dir).sort()).toEqual(['a.svg', 'b.svg', 'r.md']);
  });

  it('one target may not replace another of the same call, nor an input', async () => {
    const dir = workspace();
    const input = path.join(dir, 'map.journey.yaml');
    writeFileSync(input, 'map');
    await expect(
      writeAtomicAll(
        [
          { target: path.join(dir, 'x.md'), content: '1' },
          { target: path.join(dir, 'x.md'), content: '2' },
        ],
        [],
        dir,
      ),
    ).rejects.toThrow(/one of this command's input files/);
    await expect(writeAtomicAll([{ target: input, content: '1' }], [input], dir)).rejects.toThrow(/one of this command's input files/);
    expect(readdirSync(dir)).toEqual(['map.journey.yaml']);
  });
});

describe('writeAtomic: what the replaced file was', () => {
  it('an output that is a link inside the workspace stays a link, and its target gets the content', async () => {
    const dir = workspace({ 'out/real.md': 'old' });
    symlinkSync('out/real.md', path.join(dir, 'report.md'));
    await writeAtomic('report.md', 'new', [], dir);
    expect(lstatSync(path.join(dir, 'report.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(dir, 'out/real.md'), 'utf8')).toBe('new');
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['real.md']);
  });

  it('a 0600 file stays 0600, a 0640 file 0640, and a new file gets the default mode', async () => {
    const dir = workspace({ 'private.md': 'old', 'group.md': 'old' });
    chmodSync(path.join(dir, 'private.md'), 0o600);
    chmodSync(path.join(dir, 'group.md'), 0o640);
    await writeAtomicAll(
      ['private.md', 'group.md', 'new.md'].map((target) => ({ target, content: 'new' })),
      [],
      dir,
    );
    expect(mode(path.join(dir, 'private.md'))).toBe('600');
    expect(mode(path.join(dir, 'group.md'))).toBe('640');
    expect(readFileSync(path.join(dir, 'private.md'), 'utf8')).toBe('new');
    const umask = process.umask();
    expect(mode(path.join(dir, 'new.md'))).toBe((0o666 & ~umask).toString(8));
  });

  it.skipIf(process.getuid?.() !== 0)('as root, a file owned by someone else keeps its owner (skipped unless root)', async () => {
    const dir = workspace({ 'theirs.md': 'old' });
    chownSync(path.join(dir, 'theirs.md'), 4321, 4321);
    await writeAtomic('theirs.md', 'new', [], dir);
    expect(statSync(path.join(dir, 'theirs.md'))).toMatchObject({ uid: 4321, gid: 4321 });
  });

  it('every file is flushed to the disk before any rename', async () => {
    const dir = workspace();
    await writeAtomicAll(
      ['a.svg', 'r.md'].map((target) => ({ target, content: target })),
      [],
      dir,
    );
    expect(failing.log.map((entry) => entry.split(' ')[0])).toEqual(['sync', 'sync', 'rename', 'rename']);
  });

  it('a failure half-way through writing the content leaves the old file whole, and no temporary file', async () => {
    const dir = workspace({ 'report.md': 'old report' });
    failing.at = 1;
    await expect(writeAtomic('report.md', 'x'.repeat(100_000), [], dir)).rejects.toThrow("Cannot write 'report.md': the disk is full (ENOSPC); nothing was written.");
    expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toBe('old report');
    expect(readdirSync(dir)).toEqual(['report.md']);
  });
});

describe('writeAtomic: the workspace boundary', () => {
  it('a link (to a file or through a directory) inside the workspace that leads outside is refused, and nothing is written', async () => {
    const outside = workspace({ '.bashrc': 'mine' });
    const dir = workspace();
    symlinkSync(path.join(outside, '.bashrc'), path.join(dir, 'report.md'));
    symlinkSync(outside, path.join(dir, 'out'));
    symlinkSync(path.join(outside, 'new.md'), path.join(dir, 'dangling.md'));
    for (const target of ['report.md', 'out/.bashrc', 'out/new.md', 'dangling.md']) {
      const error = await writeAtomic(target, 'pwned', [], dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toMatch(new RegExp(`^Refusing to write '${target}': a symbolic link leads it outside the workspace, to '.*'\\.$`));
    }
    expect(readFileSync(path.join(outside, '.bashrc'), 'utf8')).toBe('mine');
    expect(readdirSync(outside)).toEqual(['.bashrc']);
    expect(readdirSync(dir).sort()).toEqual(['dangling.md', 'out', 'report.md']);
  });

  it('a path named outside the workspace is written as named', async () => {
    const outside = workspace();
    const dir = workspace();
    mkdirSync(path.join(dir, 'sub'));
    await writeAtomic(path.join(outside, 'report.md'), 'new', [], path.join(dir, 'sub'));
    expect(readFileSync(path.join(outside, 'report.md'), 'utf8')).toBe('new');
  });
});

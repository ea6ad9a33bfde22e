import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { workspace } from '../cli/harness.js';

/** Fails the n-th temporary file with ENOSPC, as a full disk does. */
const failing = vi.hoisted(() => ({ at: 0, count: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  return {
    ...actual,
    writeFile: (async (...args: Parameters<typeof actual.writeFile>) => {
      failing.count++;
      if (failing.at > 0 && failing.count === failing.at) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      return actual.writeFile(...args);
    }) as typeof actual.writeFile,
  };
});

const { writeAtomicAll } = await import('../../src/io/write.js');

beforeEach(() => {
  failing.at = 0;
  failing.count = 0;
});

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
    await expect(writeAtomicAll([{ target: path.join(dir, 'x.md'), content: '1' }, { target: path.join(dir, 'x.md'), content: '2' }], [], dir)).rejects.toThrow(/one of this command's input files/);
    await expect(writeAtomicAll([{ target: input, content: '1' }], [input], dir)).rejects.toThrow(/one of this command's input files/);
    expect(readdirSync(dir)).toEqual(['map.journey.yaml']);
  });
});

import { lstatSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, VALID_MAP, workspace } from './harness.js';

describe('--output through a link', () => {
  it('a link in the workspace to a file outside it is refused with exit 2 and one line; nothing is written', async () => {
    const outside = workspace({ 'secret.txt': 'keep me' });
    const cwd = workspace({ 'a.journey.yaml': VALID_MAP });
    symlinkSync(path.join(outside, 'secret.txt'), path.join(cwd, 'out.json'));
    const result = await runCli(['validate', 'a.journey.yaml', '--format', 'json', '--output', 'out.json'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^journey: error: Refusing to write 'out\.json': a symbolic link leads it outside the workspace, to '[^']*secret\.txt'\.\n/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(path.join(outside, 'secret.txt'), 'utf8')).toBe('keep me');
    expect(readdirSync(outside)).toEqual(['secret.txt']);
    expect(lstatSync(path.join(cwd, 'out.json')).isSymbolicLink()).toBe(true);
  });

  it('a link to a file inside the workspace is written through and stays a link', async () => {
    const cwd = workspace({ 'a.journey.yaml': VALID_MAP, 'reports/out.json': 'old' });
    symlinkSync('reports/out.json', path.join(cwd, 'out.json'));
    const result = await runCli(['validate', 'a.journey.yaml', '--format', 'json', '--output', 'out.json'], { cwd });
    expect(result.code).toBe(0);
    expect(lstatSync(path.join(cwd, 'out.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(path.join(cwd, 'reports/out.json'), 'utf8'))).toMatchObject({ summary: { files: 1 } });
  });
});

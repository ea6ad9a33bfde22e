import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, VALID_MAP, runCli, workspace } from '../cli/harness.js';

const BIN = path.join(REPO_ROOT, 'bin', 'journey.js');
const mkfifo = (file: string) => spawnSync('mkfifo', [file]).status === 0;

/**
 * Root reads every directory, so the unreadable-directory test runs the CLI as root without the
 * capabilities that override file permissions (setpriv): still root, so a clone anywhere (a
 * private 0700 directory, root's home) stays readable, and no other user is needed. Where that
 * cannot be done (no setpriv, a container that may not change its bounding set, a checkout that
 * root reads only through those capabilities) the test is skipped with a visible message.
 */
const AS_ROOT = process.getuid?.() === 0;
const DROP_ROOT = ['--bounding-set=-dac_override,-dac_read_search'];
const DROP_ROOT_UNAVAILABLE = ((): string | undefined => {
  if (!AS_ROOT) return undefined;
  const probe = spawnSync('setpriv', [...DROP_ROOT, process.execPath, BIN, '--version'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `setpriv could not be run (${probe.error.message})`;
  if (probe.status !== 0) return `the CLI does not run as root without permission overrides (${(probe.stderr || '').trim().split('\n')[0] ?? ''})`;
  return undefined;
})();
if (DROP_ROOT_UNAVAILABLE !== undefined) {
  // eslint-disable-next-line no-console -- the skip must be visible in the test output
  console.warn(`Unreadable-directory test skipped: running as root and ${DROP_ROOT_UNAVAILABLE}.`);
}

/** A tree with a symbolic-link loop, a dangling link, a FIFO named like a map, and one real map. */
function hostileTree(): string {
  const cwd = workspace({ 'maps/real.journey.yaml': VALID_MAP });
  mkdirSync(path.join(cwd, 'maps/sub'));
  symlinkSync('..', path.join(cwd, 'maps/sub/loop'));
  symlinkSync('../nowhere.journey.yaml', path.join(cwd, 'maps/dangling.journey.yaml'));
  expect(mkfifo(path.join(cwd, 'maps/fifo.journey.yaml'))).toBe(true);
  return cwd;
}

describe('directory walking over hostile trees', () => {
  it('survives a symbolic-link loop, a dangling link and a FIFO, and validates the real map (no hang)', async () => {
    const cwd = hostileTree();
    const result = await runCli(['validate', 'maps', '--format', 'json'], { cwd });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { files: { file: string }[] }).files.map((f) => f.file)).toEqual(['maps/real.journey.yaml']);
  });

  it.each([
    ['maps/fifo.journey.yaml', 'is a FIFO (named pipe), not a regular file or a directory'],
    ['maps/dangling.journey.yaml', 'is a symbolic link to a file that does not exist'],
  ])('names %s: exit 2 with the reason, no hang', async (file, message) => {
    const cwd = hostileTree();
    const result = await runCli(['validate', file], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it.skipIf(DROP_ROOT_UNAVAILABLE !== undefined)('skips a directory it cannot read and validates the rest', () => {
    const cwd = workspace({ 'maps/real.journey.yaml': VALID_MAP, 'maps/locked/hidden.journey.yaml': VALID_MAP.replace('id: online-order', 'id: hidden') });
    chmodSync(path.join(cwd, 'maps/locked'), 0o000);
    chmodSync(cwd, 0o755);
    const argv = [BIN, 'validate', 'maps', '--format', 'json'];
    const result = AS_ROOT
      ? spawnSync('setpriv', [...DROP_ROOT, process.execPath, ...argv], { cwd, encoding: 'utf8' })
      : spawnSync(process.execPath, argv, { cwd, encoding: 'utf8' });
    chmodSync(path.join(cwd, 'maps/locked'), 0o755);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as { files: { file: string }[] }).files.map((f) => f.file)).toEqual(['maps/real.journey.yaml']);
  });
});

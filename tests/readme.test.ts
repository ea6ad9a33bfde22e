import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../src/core/formatters/index.js';
import { rules } from '../src/core/rules/index.js';
import { REPO_ROOT } from './cli/harness.js';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('starts with exactly two set-up commands: the main job and the tests', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(readme)![1]!.trim().split('\n');
    expect(block).toHaveLength(2);
    expect(block[0]).toMatch(/^npm ci && node bin\/journey\.js validate /);
    // The main job ends by writing the example report from a shipped map and a shipped survey export.
    const report = / && node bin\/journey\.js report (\S+) --survey (\S+) .*--output (\S+)$/.exec(block[0]!);
    expect(report, 'the first command ends with journey report').not.toBeNull();
    for (const shipped of [report![1]!, report![2]!]) expect(existsSync(path.join(REPO_ROOT, shipped)), shipped).toBe(true);
    expect(block[1]).toBe('npm test');
    const ci = readFileSync(path.join(REPO_ROOT, '.ci/run'), 'utf8');
    expect(ci).toContain('npm test');
    expect(ci).toContain(block[0]!.replace('npm ci && ', ''));
  });

  it('documents every rule with its default severity, and every format', () => {
    for (const rule of rules) expect(readme).toContain(`[\`${rule.meta.id}\`](docs/rules.md#${rule.meta.id}) | ${rule.meta.severity} |`);
    for (const format of FORMAT_NAMES) expect(readme).toContain(`| \`${format}\` |`);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GOLDEN_ROOT, expectGolden } from '../../golden.js';

// The helper lives in tests/golden.ts; its tests sit next to the first goldens that use it.
describe('expectGolden', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('passes on identical output and fails, naming the file, on any difference', () => {
    vi.stubEnv('UPDATE_GOLDEN', '');
    const golden = readFileSync(path.join(GOLDEN_ROOT, 'validate/markdown.md'), 'utf8');
    expectGolden('validate/markdown.md', golden);
    expect(() => expectGolden('validate/markdown.md', golden + '\n')).toThrow(/differs from tests\/golden\/validate\/markdown.md/);
  });

  it('never creates a missing golden under CI', () => {
    vi.stubEnv('CI', 'true');
    vi.stubEnv('UPDATE_GOLDEN', '');
    expect(() => expectGolden('validate/does-not-exist.txt', 'x\n')).toThrow(/is missing/);
    expect(existsSync(path.join(GOLDEN_ROOT, 'validate/does-not-exist.txt'))).toBe(false);
  });

  it('never rewrites a golden under CI, even when asked to', () => {
    vi.stubEnv('CI', 'true');
    vi.stubEnv('UPDATE_GOLDEN', '1');
    expect(() => expectGolden('validate/markdown.md', 'changed\n')).toThrow(/not updated under CI/);
  });

  it('refuses paths outside tests/golden', () => {
    expect(() => expectGolden('../golden.ts', 'x')).toThrow(/must be relative to tests\/golden/);
    expect(() => expectGolden('/tmp/x.txt', 'x')).toThrow(/must be relative to tests\/golden/);
  });
});

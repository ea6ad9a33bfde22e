import { describe, expect, it } from 'vitest';
import { wholeNumber } from '../../src/core/whole-number.js';
import { runCli, workspace, VALID_MAP } from '../cli/harness.js';

describe('wholeNumber: the counts flags take (--top, --max-warnings, --min-n, JOURNEYKIT_THREADS)', () => {
  it.each([
    ['0', 0, 0],
    ['12', 1, 12],
    [' 7 ', 1, 7],
  ])('%j (at least %i) is %i', (text, min, n) => {
    expect(wholeNumber(text, '--top', min)).toBe(n);
  });

  it.each(['', ' ', '0x10', '1e3', '2.5', '-1', '+3', 'ten', '99999999999999999999'])('refuses %j', (text) => {
    expect(() => wholeNumber(text, '--top', 0)).toThrow(`--top must be a whole number of 0 or more, not '${text}'.`);
  });

  it('--max-warnings "" and 0x10 are usage errors (exit 2), not 0 and 16', async () => {
    const cwd = workspace({ 'a.journey.yaml': VALID_MAP });
    for (const value of ['', '0x10']) {
      const result = await runCli(['validate', '--max-warnings', value], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')[0]).toBe(`journey: error: --max-warnings must be a whole number of 0 or more, not '${value}'.`);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { runCli, workspace } from './harness.js';

describe('error messages on the terminal', () => {
  it('never pass control characters from user text (an ESC in a column name stays visible, not a colour code)', async () => {
    const cwd = workspace({ 'e.csv': 'How likely are you to recommend us? (0-10)\n9\n' });
    const result = await runCli(['metrics', 'e.csv', '--column', 'nps=\u001b[31mred\u0007'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('␛[31mred␇');
    // eslint-disable-next-line no-control-regex -- the point of the test
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });
});

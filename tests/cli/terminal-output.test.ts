import { describe, expect, it } from 'vitest';
import { VALID_MAP, runCli, workspace } from './harness.js';

/**
 * Data formats carry user text as written into files and pipes; printed on a terminal, a control
 * character from a map (ESC starts colour and cursor sequences) is shown as a symbol instead.
 */
const HOSTILE = VALID_MAP.replace('description: Show the fee on the product page', 'description: "Check\\e[2J\\e]0;pwned\\aout"');
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('data formats printed on a terminal', () => {
  it.each([
    ['score', ['score', 'm.journey.yaml', '--format', 'csv']],
    ['score', ['score', 'm.journey.yaml', '--format', 'markdown']],
    ['report', ['report', 'm.journey.yaml']],
  ])('%s %j: raw in a pipe, made visible on a terminal', async (_name, argv) => {
    const cwd = workspace({ 'm.journey.yaml': HOSTILE });
    const piped = await runCli(argv, { cwd });
    const terminal = await runCli(argv, { cwd, tty: true });
    expect(terminal.code).toBe(0);
    expect(terminal.stdout).not.toMatch(RAW);
    if (argv.includes('csv')) {
      // The file format keeps the text; only the terminal view changes.
      expect(piped.stdout).toContain('Check\u001b[2J\u001b]0;pwned\u0007out');
      expect(terminal.stdout).toContain('Check␛[2J␛]0;pwned␇out');
      expect(terminal.stdout.split('\n')).toHaveLength(piped.stdout.split('\n').length);
    }
  });

  it('keeps the layout: line breaks, and CRLF inside a quoted CSV cell, stay as they are', async () => {
    const cwd = workspace({ 'm.journey.yaml': VALID_MAP.replace('description: Show the fee on the product page', 'description: "Check\\r\\nout"') });
    const piped = await runCli(['score', 'm.journey.yaml', '--format', 'csv'], { cwd });
    const terminal = await runCli(['score', 'm.journey.yaml', '--format', 'csv'], { cwd, tty: true });
    expect(piped.stdout).toContain('"Check\r\nout"');
    expect(terminal.stdout).toBe(piped.stdout);
  });
});

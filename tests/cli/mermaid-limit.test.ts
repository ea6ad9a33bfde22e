import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { largeMapYaml, LONG_TOUCHPOINTS } from '../large-map.js';
import { runCli, workspace } from './harness.js';

/**
 * Untrusted pull requests (issue 11): `journey render --view stages` of a large valid map wrote
 * 649k characters, and the HTML report showed Mermaid's error pictures. Every diagram now stays
 * within Mermaid's 500,000 characters and says what it left out.
 */

const LIMIT = 500_000;
const NOTE = /\d+ more touchpoints(?: and \d+ more stages)? not drawn as the diagram would be over the Mermaid size limit/;

describe('diagrams of a large map stay within the Mermaid limit', () => {
  it('a valid map of 2,000 long touchpoints: render --view stages and every diagram of the report fit, with a note', { timeout: 120_000 }, async () => {
    const yaml = largeMapYaml(LONG_TOUCHPOINTS);
    expect(Buffer.byteLength(yaml)).toBeLessThan(5 * 1024 * 1024);
    const cwd = workspace({ 'large.journey.yaml': yaml });
    const validate = await runCli(['validate', 'large.journey.yaml', '--quiet'], { cwd });
    expect(validate.code, validate.stdout).toBe(0);

    const render = await runCli(['render', 'large.journey.yaml', '--view', 'stages'], { cwd });
    expect(render.code, render.stderr).toBe(0);
    expect(render.stdout.startsWith('flowchart LR\n')).toBe(true);
    expect(render.stdout.length).toBeLessThanOrEqual(LIMIT);
    expect(render.stdout).toMatch(NOTE);

    const report = await runCli(['report', 'large.journey.yaml', '--output', 'report.md'], { cwd });
    expect(report.code, report.stderr).toBe(0);
    const text = readFileSync(path.join(cwd, 'report.md'), 'utf8');
    const diagrams = [...text.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
    expect(diagrams.length).toBe(5);
    for (const source of diagrams) expect(source.length).toBeLessThanOrEqual(LIMIT);
    // Every diagram but the emotion curve (whose labels are cut to fit) is over the limit whole, so says what it left out.
    expect(diagrams.filter((d) => NOTE.test(d)).length).toBe(4);
  });

  it('a map whose title alone is over the limit: exit 2 with the reason, nothing written', async () => {
    const yaml = `version: 1\nid: long-title\ntitle: "${'€'.repeat(100_000)}"\nstages:\n  - id: s\n    name: S\n    touchpoints:\n      - {id: t, name: T, channel: web}\n`;
    const cwd = workspace({ 'm.journey.yaml': yaml });
    const render = await runCli(['render', 'm.journey.yaml', '--view', 'journey'], { cwd });
    expect(render.code).toBe(2);
    expect(render.stdout).toBe('');
    expect(render.stderr).toMatch(/The journey diagram of map 'long-title' would be \d+ characters, over Mermaid's limit of 500000, even without its stages\./);
    expect(render.stderr).not.toMatch(/\n\s+at /);
  });
});

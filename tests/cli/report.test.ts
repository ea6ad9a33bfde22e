import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { generationDate } from '../../src/commands/report/run.js';
import { expectGolden } from '../golden.js';
import { REPO_ROOT, browserForTests, runCli, workspace } from './harness.js';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const MAP = 'retail/online-order.journey.yaml';
const SURVEY = 'surveys/online-order-survey.csv';
const HOSTILE = path.join(REPO_ROOT, 'tests', 'fixtures', 'mermaid', 'hostile.journey.yaml');
/** 2026-11-24T00:00:00Z */
const EPOCH = { SOURCE_DATE_EPOCH: '1795478400' };
const example = (...argv: string[]) => runCli(['report', MAP, '--config', 'journeykit.config.yaml', ...argv], { cwd: EXAMPLES, env: EPOCH });

describe('journey report (Markdown)', () => {
  it('writes the example report from the shipped map and survey (golden)', async () => {
    const result = await example('--survey', SURVEY);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('- **Generated:** 2026-11-24');
    for (const heading of [
      'Summary',
      'Contents',
      'Personas',
      'Journey diagram',
      'Stages and touchpoints',
      'Emotion curve',
      'Top priorities',
      'Backlog by owner',
      'Priority quadrant',
      'KPI status',
      'Segments',
      'Monthly trend',
      'Data quality',
      'Service blueprint',
    ]) {
      expect(result.stdout).toContain(`\n## ${heading}\n`);
    }
    // Segments by every canonical dimension the export has, and the monthly trend chart.
    expect(result.stdout).toContain('### By channel');
    expect(result.stdout).toContain('### By touchpoint');
    expect(result.stdout.match(/^```mermaid$/gm)).toHaveLength(6);
    expectGolden('report/cli-online-order-survey.md', result.stdout);
  });

  it('gives the same report from --metrics as from --survey', async () => {
    const cwd = workspace();
    const metrics = path.join(cwd, 'm.json');
    const written = await runCli(
      ['metrics', SURVEY, '--map', MAP, '--config', 'journeykit.config.yaml', '--by', 'channel,stage,touchpoint', '--period', 'month', '--format', 'json', '--output', metrics],
      { cwd: EXAMPLES },
    );
    expect(written.code).toBe(0);
    // The metrics file lies in a scratch directory, outside the examples' workspace.
    const fromMetrics = await example('--metrics', metrics, '--allow-outside');
    const fromSurvey = await example('--survey', SURVEY);
    expect(fromMetrics.code).toBe(0);
    expect(fromMetrics.stdout).toBe(fromSurvey.stdout);
  });

  it('without survey evidence, says so in each survey section', async () => {
    const result = await example('--top', '2');
    expect(result.code).toBe(0);
    expect(result.stdout.match(/No survey data given\./g)?.length).toBeGreaterThanOrEqual(3);
    const friction = result.stdout.slice(result.stdout.indexOf('## Top priorities'), result.stdout.indexOf('## Backlog by owner'));
    expect(friction.match(/^\| \d+ \| /gm)).toEqual(['| 1 | ', '| 2 | ']);
  });

  it('writes the report atomically to --output and never over an input', async () => {
    const cwd = workspace();
    const out = path.join(cwd, 'report.md');
    expect((await example('--output', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# Online grocery order, as-is\n/);
    expect(readdirSync(cwd)).toEqual(['report.md']);
    const refused = await example('--output', MAP);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("it is one of this command's input files");
  });

  it.each([
    [['--images', 'svg'], '--images svg writes image files beside the report, so it needs --output FILE'],
    [['--metrics', 'a.json', '--survey', 'b.csv'], 'cannot be used together'],
    [['--top', '0'], '--top must be a whole number'],
    [['--format', 'pdf'], "argument 'pdf' is invalid"],
    [['--output', 'no/such/dir/report.md'], "directory 'no/such/dir' does not exist"],
    [['--images', 'png', '--output', 'r.md', '--browser', '/no/such/chrome'], 'is not an executable file'],
  ])('%j: exit 2 with a one-line reason', async (argv, message) => {
    const result = await example(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('takes the date from SOURCE_DATE_EPOCH, and refuses a malformed one', async () => {
    expect(generationDate({ SOURCE_DATE_EPOCH: '0' })).toBe('1970-01-01');
    expect(generationDate({}, new Date(2026, 0, 2, 12))).toBe('2026-01-02');
    const result = await runCli(['report', MAP, '--config', 'journeykit.config.yaml'], { cwd: EXAMPLES, env: { SOURCE_DATE_EPOCH: 'yesterday' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SOURCE_DATE_EPOCH must be whole seconds');
  });

  it('reports an invalid map with its findings and exit 1', async () => {
    const cwd = workspace({ 'bad.journey.yaml': 'version: 1\nid: x\n' });
    const result = await runCli(['report', 'bad.journey.yaml'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.journey\.yaml/);
    expect(result.stdout).toBe('');
  });
});

describe('journey report --format html (Mermaid runtime embedded)', () => {
  it('writes one self-contained page without needing a browser', async () => {
    const result = await example('--survey', SURVEY, '--format', 'html', '--browser', '/no/such/chrome');
    expect(result.code).toBe(0);
    const page = result.stdout;
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page.match(/<pre class="mermaid">/g)).toHaveLength(6);
    // The runtime is inline and no resource is loaded from anywhere.
    expect(page).toContain('mermaid.run(');
    // The page draws with the renderer's configuration: strict security, the raised text limit.
    expect(page).toMatch(/mermaid\.initialize\(\{[^}]*"securityLevel":"strict"[^}]*"maxTextSize":500000/);
    expect(page.match(/<\/script>/g)).toHaveLength(1);
    const markup = page.slice(0, page.indexOf('<script>'));
    expect(markup).not.toMatch(/<(script|link|img)\b/i);
    expect(page).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\';');
  });
});

const browser = await browserForTests('report images and the HTML report in a browser');

/** Opens an HTML file in headless Chromium, waits for every figure to hold an SVG or image, and reports what the page saw. */
async function openInBrowser(file: string): Promise<{ figures: number; drawn: number; errorText: boolean; problems: string[] }> {
  const instance = await puppeteer.launch({ executablePath: browser!, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  try {
    const page = await instance.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warn') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) problems.push(`request: ${request.url()}`);
    });
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    const count = 'document.querySelectorAll("figure.diagram svg, figure.diagram img").length';
    await page.waitForFunction(`${count} === document.querySelectorAll("figure.diagram").length`, { timeout: 30_000 }).catch(() => undefined);
    const state = (await page.evaluate(
      `({ figures: document.querySelectorAll("figure.diagram").length, drawn: ${count}, errorText: /Syntax error|Parse error|Maximum text size/.test(document.body.innerText) })`,
    )) as { figures: number; drawn: number; errorText: boolean };
    return { ...state, problems };
  } finally {
    await instance.close();
  }
}

describe.skipIf(!browser)('journey report with a real browser', () => {
  const env = { ...EPOCH, JOURNEYKIT_BROWSER: browser ?? '' };

  it.each([['none'], ['svg'], ['png']])(
    'the HTML report with --images %s opens in Chromium with every diagram drawn and no console error',
    async (images) => {
      const cwd = workspace();
      const out = path.join(cwd, 'report.html');
      const result = await runCli(['report', MAP, '--config', 'journeykit.config.yaml', '--survey', SURVEY, '--format', 'html', '--images', images, '--output', out], {
        cwd: EXAMPLES,
        env,
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(readdirSync(cwd)).toEqual(['report.html']);
      const state = await openInBrowser(out);
      expect(state).toEqual({ figures: 6, drawn: 6, errorText: false, problems: [] });
    },
    90_000,
  );

  it('the hostile-text map: every diagram renders with its text intact, and nothing from the map runs', async () => {
    const cwd = workspace();
    const out = path.join(cwd, 'hostile.html');
    const result = await runCli(['report', HOSTILE, '--format', 'html', '--images', 'svg', '--output', out], { cwd: REPO_ROOT, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const page = readFileSync(out, 'utf8');
    expect(page).not.toMatch(/<script|<img|<iframe/i);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('中文');
    // Each SVG carries its own id, so the styles of one diagram do not restyle another.
    expect(new Set([...page.matchAll(/<svg[^>]* id="([^"]+)"/g)].map((m) => m[1])).size).toBe(5);
    const state = await openInBrowser(out);
    expect(state).toEqual({ figures: 5, drawn: 5, errorText: false, problems: [] });
  }, 90_000);

  it('a Markdown report with --images svg writes the canvas and one image per diagram beside it and links them', async () => {
    const cwd = workspace();
    const out = path.join(cwd, 'online order (Q3).md');
    const result = await runCli(['report', MAP, '--config', 'journeykit.config.yaml', '--survey', SURVEY, '--images', 'svg', '--output', out], { cwd: EXAMPLES, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = readFileSync(out, 'utf8');
    expect(report).not.toContain('```mermaid');
    const links = [...report.matchAll(/^!\[([^\]]+)\]\(([^)]+)\)$/gm)].map((m) => m[2]!);
    expect(links).toEqual(['canvas', 'journey', 'stages', 'emotion', 'priority', 'trend', 'blueprint'].map((id) => `online%20order%20%28Q3%29.${id}.svg`));
    for (const link of links) {
      const file = path.join(cwd, decodeURIComponent(link));
      expect(existsSync(file)).toBe(true);
      // The canvas is journeykit's own SVG (its HTML in a foreignObject); the diagrams are Mermaid's.
      expect(readFileSync(file, 'utf8')).toMatch(link.includes('.canvas.') ? /<foreignObject[\s\S]*data-stage="awareness"/ : /^<svg[^>]+id="journeykit-/);
    }
  }, 90_000);
});

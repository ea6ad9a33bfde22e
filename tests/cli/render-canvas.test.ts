import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, browserForTests, runCli, workspace } from './harness.js';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const RETAIL = readFileSync(path.join(EXAMPLES, 'retail', 'online-order.journey.yaml'), 'utf8');
const CONFIG = readFileSync(path.join(EXAMPLES, 'journeykit.config.yaml'), 'utf8');

function retail(extra: Record<string, string> = {}): string {
  return workspace({ 'm.journey.yaml': RETAIL, 'journeykit.config.yaml': CONFIG, ...extra });
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(data: Buffer): [number, number] {
  expect(data.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

describe('journey render --view canvas (HTML, no browser needed)', () => {
  it('writes a self-contained HTML page by default, with every stage in order', async () => {
    const cwd = retail();
    const result = await runCli(['render', 'm.journey.yaml', '--view', 'canvas'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^<!DOCTYPE html>/);
    const stages = [...result.stdout.matchAll(/<th class="jk-stage"[^>]*data-stage="([^"]+)"/g)].map((m) => m[1]);
    expect(stages).toEqual(['awareness', 'consideration', 'purchase', 'delivery', 'support', 'advocacy']);
    expect(result.stdout).not.toMatch(/<script/);
  });

  it('--persona, --lanes and --css shape the page', async () => {
    const cwd = retail({ 'brand.css': '.jk-canvas { --jk-stage-bg: #3b0764; font-family: "Brand Sans"; }' });
    const result = await runCli(
      ['render', 'm.journey.yaml', '--view', 'canvas', '--persona', 'first-time-digital', '--lanes', 'emotion,pain-points', '--css', 'brand.css', '--output', 'map.html'],
      { cwd },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const html = readFileSync(path.join(cwd, 'map.html'), 'utf8');
    expect([...html.matchAll(/data-lane="([^"]+)"/g)].map((m) => m[1])).toEqual(['emotion', 'pain-points']);
    expect([...html.matchAll(/<section class="jk-card jk-card--persona" data-persona="([^"]+)"/g)].map((m) => m[1])).toEqual(['first-time-digital']);
    expect(html).toContain('<style class="jk-user-css">.jk-canvas { --jk-stage-bg: #3b0764;');
  });

  it.each([
    [['--view', 'canvas', '--format', 'mmd'], 'The canvas is not a Mermaid diagram'],
    [['--view', 'journey', '--format', 'html'], 'The journey view is a Mermaid diagram'],
    [['--view', 'journey', '--lanes', 'emotion'], '--lanes applies to --view canvas only'],
    [['--view', 'canvas', '--lanes', 'emotion,moods'], "Unknown lane 'moods'"],
    [['--view', 'canvas', '--persona', 'nobody'], "The map has no persona 'nobody'"],
    [['--view', 'canvas', '--stages', 'purchase,checkout'], "The map has no stage 'checkout'"],
    [['--view', 'blueprint', '--stages', 'purchase'], '--stages applies to --view canvas only'],
    [['--view', 'canvas', '--theme', 'forest'], "The canvas has no 'forest' theme"],
    [['--view', 'canvas', '--width', '2000'], '--width and --scale N size a PNG'],
    [['--view', 'canvas', '--format', 'png', '--width', '20', '--output', 'x.png'], '--width must be a whole number of pixels from 100 to 16384'],
    [['--view', 'canvas', '--format', 'png', '--scale', '99', '--output', 'x.png'], '--scale must be an image scale from 0.25 to 8'],
    [['--view', 'canvas', '--format', 'png', '--scale', '2', '--width', '900', '--output', 'x.png'], 'Pass --width or --scale, not both'],
    [['--view', 'canvas', '--format', 'svg', '--page', 'a4', '--output', 'x.svg'], '--page sets the paper'],
    [['--view', 'canvas', '--css', 'missing.css'], "Stylesheet 'missing.css'"],
  ])('%j: one line, exit 2', async (argv, message) => {
    const cwd = retail();
    const result = await runCli(['render', 'm.journey.yaml', ...argv], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a stylesheet linked from outside the workspace, or a directory, without reading it', async () => {
    const outside = workspace({ 'secret.css': '.jk-canvas { --secret: "TOKEN-1234"; }' });
    const cwd = retail();
    symlinkSync(path.join(outside, 'secret.css'), path.join(cwd, 'linked.css'));
    mkdirSync(path.join(cwd, 'dir.css'));
    for (const css of ['linked.css', 'dir.css']) {
      const result = await runCli(['render', 'm.journey.yaml', '--view', 'canvas', '--css', css, '--output', 'out.html'], {
        cwd,
        env: { GIT_CEILING_DIRECTORIES: path.dirname(cwd) },
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`Stylesheet '${css}'`);
      expect(result.stdout + result.stderr).not.toContain('TOKEN-1234');
      expect(existsSync(path.join(cwd, 'out.html'))).toBe(false);
    }
  });

  it('--stages draws part of the journey, in journey order whatever the order given', async () => {
    const cwd = retail();
    const result = await runCli(['render', 'm.journey.yaml', '--view', 'canvas', '--stages', 'delivery,purchase'], { cwd });
    expect(result.code).toBe(0);
    expect([...result.stdout.matchAll(/<th class="jk-stage"[^>]*data-stage="([^"]+)"/g)].map((m) => m[1])).toEqual(['purchase', 'delivery']);
    expect([...result.stdout.matchAll(/<th class="jk-touchpoint"[^>]*data-touchpoint="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'checkout',
      'order-confirmation',
      'substitution-notice',
      'doorstep-delivery',
    ]);
  });

  it('refuses a stylesheet that is not UTF-8, and leaves no output', async () => {
    const cwd = retail();
    writeFileSync(path.join(cwd, 'bad.css'), Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    const result = await runCli(['render', 'm.journey.yaml', '--view', 'canvas', '--css', 'bad.css', '--output', 'out.html'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Stylesheet 'bad.css' is not UTF-8 text");
    expect(() => readFileSync(path.join(cwd, 'out.html'))).toThrow();
  });
});

const browser = await browserForTests('canvas images');

describe.skipIf(!browser)('journey render --view canvas images in a real browser', () => {
  const env = { JOURNEYKIT_BROWSER: browser! };

  it('PNG: twice the natural size by default, or the --width asked for', async () => {
    const cwd = retail();
    const a = await runCli(['render', 'm.journey.yaml', '--view', 'canvas', '--format', 'png', '--output', 'a.png'], { cwd, env });
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const b = await runCli(['render', 'm.journey.yaml', '--view', 'canvas', '--format', 'png', '--scale', '1', '--output', 'b.png'], { cwd, env });
    expect(b.code).toBe(0);
    const c = await runCli(['render', 'm.journey.yaml', '--view', 'canvas', '--format', 'png', '--width', '3000', '--output', 'c.png'], { cwd, env });
    expect(c.code).toBe(0);
    const [w2, h2] = pngSize(readFileSync(path.join(cwd, 'a.png')));
    const [w1, h1] = pngSize(readFileSync(path.join(cwd, 'b.png')));
    const [w3] = pngSize(readFileSync(path.join(cwd, 'c.png')));
    expect(w2).toBe(2 * w1);
    expect(h2).toBe(2 * h1);
    // 12 touchpoints of 160 px, the 120 px lane headings and 16 px padding either side.
    expect(w1).toBe(12 * 160 + 120 + 32);
    expect(w3).toBe(3000);
    // Squeezed into a slide's width, the text would be too small to read: said on stderr, image still written.
    const d = await runCli(['render', 'm.journey.yaml', '--view', 'canvas', '--format', 'png', '--width', '800', '--output', 'd.png'], { cwd, env });
    expect(d.code).toBe(0);
    expect(d.stderr).toMatch(/^At 800 pixels wide the canvas' text is 5\.0 pixels high, too small to read at that size: draw fewer stages \(--stages\), or a wider PNG\.\n$/);
  }, 60_000);

  it('PDF: A3 landscape by default, A4 with --page a4, more pages on the smaller paper', async () => {
    const cwd = retail();
    const a3 = await runCli(['render', 'm.journey.yaml', '--view', 'canvas', '--format', 'pdf', '--output', 'a3.pdf'], { cwd, env });
    expect(a3.code).toBe(0);
    const a4 = await runCli(['render', 'm.journey.yaml', '--view', 'canvas', '--format', 'pdf', '--page', 'a4', '--output', 'a4.pdf'], { cwd, env });
    expect(a4.code).toBe(0);
    const pdf3 = readFileSync(path.join(cwd, 'a3.pdf'), 'latin1');
    const pdf4 = readFileSync(path.join(cwd, 'a4.pdf'), 'latin1');
    // MediaBox in points: A3 landscape 1190.55 x 841.89, A4 landscape 841.89 x 595.28.
    expect(pdf3).toMatch(/\/MediaBox \[0 0 119[01]\.\d+ 841\.\d+\]/);
    expect(pdf4).toMatch(/\/MediaBox \[0 0 84[12]\.\d+ 59[45]\.\d+\]/);
    const pages = (pdf: string) => pdf.match(/\/Type \/Page\b/g)!.length;
    expect(pages(pdf4)).toBeGreaterThan(pages(pdf3));
  }, 60_000);

  it('a Mermaid view in images: the priority legend names the numbered points, in the theme asked for', async () => {
    const cwd = retail();
    const result = await runCli(['render', 'm.journey.yaml', '--view', 'priority', '--theme', 'dark', '-o', 'p.svg', '-o', 'p.png'], { cwd, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const svg = readFileSync(path.join(cwd, 'p.svg'), 'utf8');
    expect(svg).toContain('<g class="journeykit-legend">');
    expect(svg).toMatch(/>1\. Quick win \(impact 3, effort 2\): Add a synonym and misspelling dictionary/);
    expect(svg).toMatch(/background-color: (?:#333333|rgb\(51, 51, 51\))/);
    const [, viewHeight] = /viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"/.exec(svg)!.slice(1).map(Number) as [number, number];
    const [width, height] = pngSize(readFileSync(path.join(cwd, 'p.png')));
    // The PNG holds the legend too: it is as tall, relative to its width, as the SVG with its legend.
    expect(height / width).toBeGreaterThan(viewHeight / (width / 2) - 0.05);
  }, 60_000);

  it('SVG: the canvas as text in a foreignObject, sized to what was drawn', async () => {
    const cwd = retail();
    const result = await runCli(['render', 'm.journey.yaml', '--view', 'canvas', '--format', 'svg', '--output', 'map.svg'], { cwd, env });
    expect(result.code).toBe(0);
    const svg = readFileSync(path.join(cwd, 'map.svg'), 'utf8');
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="(\d+)" height="(\d+)"/);
    expect(svg).toContain('<foreignObject');
    expect(svg).toContain('Paid social advert');
    const [, width] = /width="(\d+)"/.exec(svg)!;
    expect(Number(width)).toBe(12 * 160 + 120 + 32 + 4);
  }, 60_000);
});

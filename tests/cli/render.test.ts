import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { views } from '../../src/core/mermaid/index.js';
import { findBrowser, noBrowserError } from '../../src/io/browser.js';
import { REPO_ROOT, browserForTests, runCli, workspace } from './harness.js';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const HOSTILE = path.join(REPO_ROOT, 'tests', 'fixtures', 'mermaid', 'hostile.journey.yaml');

describe('journey render --format mmd', () => {
  it.each(views.map((v) => v.id))('writes the %s view of an example as Mermaid source', async (view) => {
    const result = await runCli(['render', 'retail/online-order.journey.yaml', '--config', 'journeykit.config.yaml', '--view', view], { cwd: EXAMPLES });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(path.join(REPO_ROOT, 'tests', 'golden', 'mermaid', `online-order.${view}.mmd`), 'utf8'));
  });

  it.each([
    [['render', 'm.journey.yaml'], '--view is required'],
    [['render', 'm.journey.yaml', '--view', 'swimlanes'], "'swimlanes'"],
    [['render', 'm.journey.yaml', '--view', 'journey', '--format', 'png', '--browser', '/no/such/chrome', '--output', 'x.png'], 'is not an executable file'],
    [['render', 'm.journey.yaml', '--view', 'journey', '--metrics', 'a.json', '--survey', 'b.csv'], 'cannot be used together'],
  ])('%j: exit 2', async (argv, message) => {
    const cwd = workspace({ 'm.journey.yaml': readFileSync(path.join(EXAMPLES, 'saas', 'trial-onboarding.journey.yaml'), 'utf8') });
    const result = await runCli(argv, { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('refuses to write an image to a terminal', async () => {
    const cwd = workspace({ 'm.journey.yaml': readFileSync(path.join(EXAMPLES, 'saas', 'trial-onboarding.journey.yaml'), 'utf8') });
    const result = await runCli(['render', 'm.journey.yaml', '--view', 'journey', '--format', 'svg'], { cwd, tty: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--output');
  });

  it('without a browser, says how to install one', async () => {
    expect(await findBrowser(undefined, {}, [])).toBeUndefined();
    expect(noBrowserError().hint).toContain('apt-get install -y chromium');
  });
});

const browser = await browserForTests('image rendering');

describe.skipIf(!browser)('journey render images through mermaid-cli and a real browser', () => {
  it.each(views.map((v) => v.id))(
    'renders the hostile-text map as %s SVG without an error diagram, text intact',
    async (view) => {
      const cwd = workspace();
      const out = path.join(cwd, `${view}.svg`);
      const result = await runCli(['render', HOSTILE, '--view', view, '--format', 'svg', '--output', out], { cwd: REPO_ROOT, env: { JOURNEYKIT_BROWSER: browser! } });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const svg = readFileSync(out, 'utf8');
      expect(svg).toContain('<svg');
      expect(svg).not.toMatch(/Syntax error|Parse error/);
      expect(svg).not.toMatch(/<script|<img/i);
      if (view !== 'priority') {
        // The hostile names come through as text, escaped for SVG, not as markup or syntax.
        // (The emotion chart cuts long names to what fits beside its plot, the script tag's end too.)
        expect(svg).toContain(view === 'emotion' ? '&lt;script&gt;alert(1…' : '&lt;script&gt;alert(1)&lt;/script&gt;');
        expect(svg).toContain('中文');
      }
    },
    60_000,
  );

  it('writes PNG and PDF files', async () => {
    const cwd = workspace();
    for (const format of ['png', 'pdf']) {
      const out = path.join(cwd, `stages.${format}`);
      const result = await runCli(['render', path.join(EXAMPLES, 'saas', 'trial-onboarding.journey.yaml'), '--view', 'stages', '--format', format, '--output', out], {
        cwd: REPO_ROOT,
        env: { JOURNEYKIT_BROWSER: browser! },
      });
      expect(result.code).toBe(0);
      const head = readFileSync(out).subarray(0, 4);
      expect(head.toString('latin1')).toBe(format === 'png' ? '\x89PNG' : '%PDF');
    }
  }, 60_000);
});

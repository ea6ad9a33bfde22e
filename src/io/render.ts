import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderMermaid } from '@mermaid-js/mermaid-cli';
// 'puppeteer' is puppeteer-core under an npm alias (package.json): no install script, so installing
// journeykit never downloads a browser; it always drives the system's Chrome (browser.ts).
import puppeteer from 'puppeteer';
import type { Browser, Page } from 'puppeteer';
import { InputError } from '../core/errors.js';
import { svgWithLegend } from '../core/mermaid/legend.js';
import type { LegendEntry } from '../core/mermaid/types.js';
import { onInterrupt } from './interrupt.js';
import { MERMAID_CONFIG, mermaidRuntimePath } from './mermaid-runtime.js';
import { PACKAGE_ROOT } from './package.js';

export type ImageFormat = 'svg' | 'png' | 'pdf';

export interface RenderOptions {
  /** The SVG root's id, which Mermaid also prefixes to the ids and CSS inside: unique per page. */
  svgId?: string;
  /** PNG: device pixels per CSS pixel (default 1). */
  scale?: number;
  /** PNG: the image's width in pixels, whatever the diagram's natural width (overrides `scale`). */
  width?: number;
  /** What the diagram's marks stand for, written under it (shared page only). */
  legend?: readonly LegendEntry[];
  /** The page colour behind the diagram (default white) and the legend's text colour on it. */
  background?: string;
  legendText?: string;
}

/** Mermaid's configuration (theme, fonts), as passed to `mermaid.initialize`. */
export type MermaidConfig = Readonly<Record<string, unknown>>;

export type Renderer = (definition: string, format: ImageFormat, options?: RenderOptions) => Promise<Uint8Array>;

/**
 * - `per-diagram`: mermaid-cli's `renderMermaid`, which opens a page and loads Mermaid for each
 *   diagram (0.5-0.9 s each). Used for one diagram, where it costs the same as a shared page.
 * - `shared-page`: one page with Mermaid loaded once, every diagram rendered in it (10-300 ms
 *   each, MERMAID.md), for runs with several diagrams such as reports. Same Mermaid build and
 *   configuration; calls are serialised, since Mermaid renders one diagram at a time.
 */
export type RenderEngine = 'per-diagram' | 'shared-page';

const BUG_HINT = 'This is a bug in the diagram journeykit generated; please report it with the map.';

/**
 * One headless browser for a whole run (MERMAID.md: launching costs more than rendering), with
 * networking blocked so that no map can make the renderer fetch anything.
 */
export async function withBrowser<T>(browserPath: string, work: (browser: Browser) => Promise<T>): Promise<T> {
  let browser: Browser;
  // Our own profile directory and signal handling (puppeteer's would exit the process before the
  // temporary output files are removed): Ctrl-C kills the browser and removes the profile. The
  // cleanup is registered before the profile exists, so no signal can come between the two.
  const started: { profile?: string; child?: ReturnType<Browser['process']> } = {};
  const done = onInterrupt(() => {
    const { profile, child } = started;
    if (profile === undefined) return;
    // Ctrl-C can come while puppeteer is still launching, before it hands over the process.
    killBrowserGroup(child?.pid !== undefined ? [child.pid] : browserPidsByProfile(profile));
    removeProfileOfKilledBrowser(profile);
  });
  let profile: string;
  try {
    profile = mkdtempSync(path.join(tmpdir(), 'journeykit-chrome-'));
  } catch (error) {
    done();
    throw new InputError(
      `Cannot create the browser's profile directory in '${tmpdir()}' (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      'Point TMPDIR at a writable directory.',
    );
  }
  started.profile = profile;
  const removeProfile = () => rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  try {
    browser = await puppeteer.launch({
      executablePath: browserPath,
      headless: true,
      userDataDir: profile,
      // DevTools over the browser's stdio instead of a socket: when journeykit dies, even by
      // SIGKILL, the pipe closes and the browser ends rather than running on orphaned.
      pipe: true,
      env: browserEnvironment(profile),
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: [
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        '--disable-gpu',
        '--host-resolver-rules=MAP * ~NOTFOUND',
        '--proxy-server=127.0.0.1:9',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // Chromium starts two chrome_crashpad_handler processes whatever the switches (puppeteer's
        // --disable-crash-reporter and --disable-breakpad do not stop them; the one that does,
        // --disable-crashpad-for-testing, makes every navigation fail). They leave the browser's
        // process group but end on their own once the browser has ended; their database goes
        // inside the profile (browserEnvironment).
      ],
    });
  } catch (error) {
    done();
    removeProfile();
    throw new InputError(
      `The browser '${browserPath}' did not start: ${(error as Error).message.split('\n')[0]}`,
      'Check the browser (run it with --version), or use --format mmd.',
    );
  }
  started.child = browser.process();
  try {
    return await work(browser);
  } finally {
    await browser.close();
    done();
    removeProfile();
  }
}

/**
 * Mermaid diagrams drawn in one headless browser for a whole run (withBrowser).
 */
export async function withRenderer<T>(
  browserPath: string,
  work: (render: Renderer) => Promise<T>,
  engine: RenderEngine = 'per-diagram',
  config: MermaidConfig = MERMAID_CONFIG,
): Promise<T> {
  return withBrowser(browserPath, async (browser) => work(await mermaidRenderer(browser, engine, config)));
}

/** A Mermaid renderer in a running browser (withBrowser), for runs that draw other pictures too. */
export async function mermaidRenderer(browser: Browser, engine: RenderEngine = 'per-diagram', config: MermaidConfig = MERMAID_CONFIG): Promise<Renderer> {
  const render = engine === 'shared-page' ? await sharedPageRenderer(browser, config) : perDiagramRenderer(browser, config);
  return async (definition, format, options = {}) => {
    const data = await render(definition, format, options);
    // Mermaid draws some failures as a picture of the error: treat those as errors too.
    if (format === 'svg') {
      const svg = Buffer.from(data).toString('utf8');
      if (!svg.includes('<svg') || /Syntax error in text|Maximum text size in diagram exceeded/.test(svg)) {
        throw new InputError('Mermaid rendered an error diagram instead of the map.', BUG_HINT);
      }
    }
    return data;
  };
}

/**
 * The size of a Unix socket address's path (sun_path), terminating NUL included: 108 bytes on
 * Linux, 104 on macOS and the BSDs. Chromium does not start when its socket's path is longer
 * (measured: 107 bytes starts, 108 does not).
 */
const SOCKET_PATH_SIZE = process.platform === 'linux' ? 108 : 104;
/** What Chromium creates in its temporary directory: the profile lock's socket, in a directory of its own. */
const SINGLETON_SOCKET = path.join('org.chromium.Chromium.XXXXXX', 'SingletonSocket');

/**
 * The browser's environment. Its temporary directory (TMPDIR: the profile lock's socket, shared
 * memory files under --disable-dev-shm-usage) and its configuration home (CHROME_CONFIG_HOME: the
 * crash handler's database, else ~/.config/chromium/Crash Reports) inside the profile, so that
 * removing the profile removes them too, even after an interrupted run. Where the temporary
 * directory would make the socket's path too long (a TMPDIR over 33 bytes on Linux, such as
 * macOS's /var/folders/...), the browser keeps journeykit's TMPDIR, as before.
 */
function browserEnvironment(profile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHROME_CONFIG_HOME: path.join(profile, 'config') };
  const browserTmp = path.join(profile, 'tmp');
  if (Buffer.byteLength(path.join(browserTmp, SINGLETON_SOCKET)) < SOCKET_PATH_SIZE) {
    mkdirSync(browserTmp, { mode: 0o700 });
    env.TMPDIR = browserTmp;
  }
  return env;
}

/**
 * The browser started with `profile` (Linux: found in /proc by its --user-data-dir argument; where
 * there is no /proc, none is found, and the browser ends when our end of its pipe closes).
 */
function browserPidsByProfile(profile: string): number[] {
  const flag = `--user-data-dir=${profile}`;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(flag)) pids.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return pids;
}

/** Puppeteer starts the browser as a process group leader: killing the group ends its helpers too. */
function killBrowserGroup(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

/**
 * Removes the profile once the killed browser can no longer write to it: SIGKILL lands within
 * milliseconds, but a process that was mid-write can still recreate a directory just removed. This
 * runs in the exit path, so it waits synchronously, a few hundred milliseconds at most.
 */
function removeProfileOfKilledBrowser(profile: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; attempt < 5; attempt++) {
    Atomics.wait(pause, 0, 0, 50);
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    Atomics.wait(pause, 0, 0, 50);
    if (!existsSync(profile)) return;
  }
}

function renderFailed(error: unknown): InputError {
  return new InputError(`Mermaid could not render the diagram: ${String((error as Error)?.message ?? error).split('\n')[0]}`, BUG_HINT);
}

function perDiagramRenderer(browser: Browser, config: MermaidConfig): Renderer {
  return async (definition, format, options = {}) => {
    try {
      const { data } = await renderMermaid(browser, definition, format, {
        mermaidConfig: config,
        backgroundColor: options.background ?? 'white',
        pdfFit: true,
        ...(format === 'png' && options.scale !== undefined ? { viewport: { ...VIEWPORT, deviceScaleFactor: options.scale } } : {}),
        ...(options.svgId !== undefined ? { svgId: options.svgId } : {}),
      });
      return data;
    } catch (error) {
      throw renderFailed(error);
    }
  };
}

const VIEWPORT = { width: 800, height: 600, deviceScaleFactor: 1 };
const MEASURING_VIEWPORT = { width: 8192, height: 600, deviceScaleFactor: 1 };

/** The parts of the page's globals the shared-page renderer touches. */
interface PageElement {
  innerHTML: string;
  style: { backgroundColor: string };
  querySelector(selector: string): PageElement | null;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
}
interface PageGlobals {
  document: { getElementById(id: string): PageElement | null; fonts: { ready: Promise<unknown> } };
  XMLSerializer: new () => { serializeToString(node: PageElement): string };
  mermaid: { initialize(config: unknown): void; render(id: string, text: string, container: PageElement): Promise<{ svg: string }> };
}

interface Drawn {
  error?: string;
  svg?: string;
  clip?: { x: number; y: number; width: number; height: number };
}

async function sharedPageRenderer(browser: Browser, config: MermaidConfig): Promise<Renderer> {
  const page: Page = await browser.newPage();
  await page.setViewport(VIEWPORT);
  await page.goto(pathToFileURL(path.join(PACKAGE_ROOT, 'assets', 'render-page.html')).href);
  await page.addScriptTag({ url: pathToFileURL(mermaidRuntimePath()).href });
  await page.evaluate((config) => {
    (globalThis as unknown as PageGlobals).mermaid.initialize(config);
  }, config);
  let queue: Promise<unknown> = Promise.resolve();
  const draw = async (definition: string, format: ImageFormat, options: RenderOptions): Promise<Uint8Array> => {
    // The same starting viewport for every diagram, so each renders as it would alone; a wide one,
    // so that a diagram sized to its container (Mermaid's useMaxWidth) is drawn at its natural width.
    await page.setViewport(MEASURING_VIEWPORT);
    const rendered: Drawn = await page.evaluate(
      async (definition, id) => {
        // Runs in the page; the project's TypeScript has no DOM types, so the few used are declared.
        const page = globalThis as unknown as PageGlobals;
        const container = page.document.getElementById('container')!;
        container.innerHTML = '';
        try {
          const { svg } = await page.mermaid.render(id, definition, container);
          return { svg };
        } catch (error) {
          return { error: String((error as Error)?.message ?? error) };
        }
      },
      definition,
      options.svgId ?? 'journeykit-diagram',
    );
    if (rendered.error !== undefined || rendered.svg === undefined) throw renderFailed(rendered.error);
    // The legend (what numbered marks stand for) is written into the SVG, so every format has it.
    const background = options.background ?? 'white';
    const svgText = options.legend !== undefined ? svgWithLegend(rendered.svg, options.legend, { background, text: options.legendText ?? '#1f2328' }) : rendered.svg;
    const drawn: Drawn = await page.evaluate(
      async (svgText, background) => {
        const page = globalThis as unknown as PageGlobals;
        const container = page.document.getElementById('container')!;
        container.innerHTML = svgText;
        await page.document.fonts.ready;
        const svg = container.querySelector('svg');
        if (!svg) return { error: 'no SVG element was produced' };
        svg.style.backgroundColor = background;
        const box = svg.getBoundingClientRect();
        return {
          svg: new page.XMLSerializer().serializeToString(svg),
          clip: { x: Math.floor(box.left), y: Math.floor(box.top), width: Math.ceil(box.width), height: Math.ceil(box.height) },
        };
      },
      svgText,
      background,
    );
    if (drawn.error !== undefined || drawn.svg === undefined || drawn.clip === undefined) throw renderFailed(drawn.error);
    const { clip } = drawn;
    if (format === 'svg') return new TextEncoder().encode(drawn.svg);
    if (format === 'png') {
      const scale = pngScale(clip.width, options, clip.height);
      await page.setViewport({ ...VIEWPORT, width: clip.x + clip.width, height: clip.y + clip.height, deviceScaleFactor: scale });
      return page.screenshot({ clip });
    }
    return page.pdf({ width: `${clip.width + clip.x * 2}px`, height: `${clip.height + clip.y * 2}px`, pageRanges: '1-1' });
  };
  return (definition, format, options = {}) => {
    const result = queue.then(() => draw(definition, format, options));
    queue = result.catch(() => undefined);
    return result;
  };
}

/** Chromium draws no bitmap wider or taller than this many device pixels. */
export const MAX_BITMAP_SIDE = 16_384;

/**
 * Device pixels per CSS pixel for a PNG `cssWidth` wide: `width / cssWidth` when a width is asked
 * for, else `scale` (default 1).
 */
export function pngScale(cssWidth: number, options: Pick<RenderOptions, 'scale' | 'width'>, cssHeight = 0): number {
  const wanted = options.width !== undefined ? options.width / cssWidth : (options.scale ?? 1);
  return Math.min(wanted, MAX_BITMAP_SIDE / Math.max(cssWidth, cssHeight, 1));
}

import type { CommandContext } from '../context.js';
import { canvasDocument, canvasFragment, canvasStyle, checkPersona, checkStages, styleText } from '../../core/canvas/html.js';
import { LANE_NAMES } from '../../core/canvas/lanes.js';
import type { CanvasTheme } from '../../core/canvas/style.js';
import type { MermaidTheme } from '../../io/mermaid-runtime.js';
import { CANVAS_THEME_NAMES } from '../../core/canvas/style.js';
import { InputError, UsageError } from '../../core/errors.js';
import { VIEW_NAMES, findView } from '../../core/mermaid/index.js';
import type { View } from '../../core/mermaid/types.js';
import { scoreJourney } from '../../core/score/model.js';
import { scoringSettings } from '../../core/score/settings.js';
import { findBrowser, noBrowserError } from '../../io/browser.js';
import { packageVersion } from '../../io/package.js';
import { readNamedInput } from '../../io/read.js';
import type { FileLimit } from '../../io/read.js';
import { STDOUT_NAMES, checkTarget, writeAtomicAll } from '../../io/write.js';
import type { EvidenceFlags } from '../../io/evidence.js';
import { checkEvidenceFlags, evidenceFiles, loadEvidence } from '../../io/evidence.js';
import { loadWorkspaceConfig } from '../../io/config.js';
import { inputPaths } from '../../io/paths.js';
import { loadMap } from '../../io/map.js';
import type { PAGE_SIZES } from './choices.js';
import { CANVAS_VIEW } from './choices.js';

const RENDER_VIEWS: readonly string[] = [CANVAS_VIEW, ...VIEW_NAMES];
const CANVAS_FORMATS = ['html', 'svg', 'png', 'pdf'];
const MERMAID_FORMATS = ['mmd', 'svg', 'png', 'pdf'];
type PageSize = (typeof PAGE_SIZES)[number];

/** Printable width of a landscape page with 8 mm margins, in CSS pixels (96 per inch), less the canvas' padding. */
const PAGE_WIDTH_PX: Readonly<Record<PageSize, number>> = {
  a3: Math.floor(((420 - 16) / 25.4) * 96) - 32,
  a4: Math.floor(((297 - 16) / 25.4) * 96) - 32,
};

const CSS_LIMIT: FileLimit = { maxBytes: 1024 * 1024, what: 'a stylesheet', hint: 'Keep the stylesheet under 1 MB; embed fonts only as you need them.' };

export interface RenderFlags extends EvidenceFlags {
  view?: string;
  format?: string;
  output?: string[];
  browser?: string;
  config?: string;
  width?: string;
  theme?: string;
  page?: string;
  css?: string;
  lanes?: string;
  persona?: string;
  stages?: string;
}

interface ImageSize {
  width?: number;
  scale?: number;
}

/**
 * `--scale` is shared with the survey options: a plain number (`--scale 3`) sizes a PNG, a
 * `metric=min-max` value sets a survey scale. The numbers are taken out of `flags.scale`.
 */
function imageSize(flags: RenderFlags, format: string): ImageSize {
  const numbers = (flags.scale ?? []).filter((s) => !s.includes('='));
  flags.scale = (flags.scale ?? []).filter((s) => s.includes('='));
  if (flags.width === undefined && numbers.length === 0) return {};
  if (format !== 'png') throw new UsageError(`--width and --scale N size a PNG; --format ${format} does not take them.`, 'Pass --format png, or leave them out.');
  if (numbers.length > 1) throw new UsageError(`--scale ${numbers[1]}: pass one image scale.`);
  if (flags.width !== undefined && numbers.length > 0) throw new UsageError('Pass --width or --scale, not both.');
  if (flags.width !== undefined) {
    const width = Number(flags.width);
    if (!/^\d+$/.test(flags.width) || width < 100 || width > 16_384) throw new UsageError(`--width must be a whole number of pixels from 100 to 16384, not '${flags.width}'.`);
    return { width };
  }
  const text = numbers[0]!;
  const scale = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || scale < 0.25 || scale > 8) {
    throw new UsageError(`--scale must be an image scale from 0.25 to 8, or a survey scale such as ces=1-7, not '${text}'.`);
  }
  return { scale };
}

/** The format a file name asks for by its extension, if it is one of `formats`. */
function formatOfName(target: string, formats: readonly string[]): string | undefined {
  const extension = /\.([a-z]+)$/i.exec(target)?.[1]?.toLowerCase();
  const format = extension === 'htm' ? 'html' : extension;
  return format !== undefined && formats.includes(format) ? format : undefined;
}

interface Job {
  /** A file, or undefined for stdout. */
  target?: string;
  format: string;
}

/** What to draw and where: the view, and one job per --output file (or stdout), each in its format. */
interface RenderPlan {
  canvas: boolean;
  view: View | undefined;
  jobs: Job[];
  /** The files named by --output. */
  files: string[];
  wanted: Set<string>;
}

function renderPlan(flags: RenderFlags): RenderPlan {
  if (flags.view === undefined) throw new UsageError('--view is required.', `Use one of: ${RENDER_VIEWS.join(', ')}.`);
  const canvas = flags.view === CANVAS_VIEW;
  // --view is one of the choices: a diagram view is there when it is not the canvas.
  const view = canvas ? undefined : findView(flags.view);
  const formats = canvas ? CANVAS_FORMATS : MERMAID_FORMATS;
  const fallback = canvas ? 'html' : 'mmd';
  // Several --output files are drawn in one run, each in the format of its extension (unless --format is given).
  const targets = flags.output ?? [];
  const files = targets.filter((t) => !STDOUT_NAMES.includes(t));
  const jobs: Job[] = files.map((target) => ({ target, format: flags.format ?? formatOfName(target, formats) ?? fallback }));
  if (files.length < targets.length || targets.length === 0) jobs.push({ format: flags.format ?? fallback });
  for (const { format } of jobs) {
    if (!formats.includes(format)) {
      throw new UsageError(
        canvas ? `The canvas is not a Mermaid diagram: --format ${format} does not apply.` : `The ${flags.view} view is a Mermaid diagram: --format ${format} does not apply.`,
        `Use one of: ${formats.join(', ')}.`,
      );
    }
  }
  return { canvas, view, jobs, files, wanted: new Set(jobs.map((j) => j.format)) };
}

interface DrawOptions {
  size: ImageSize;
  theme: CanvasTheme;
  lanes: string[] | undefined;
}

/** The flags that depend on the view and the formats: canvas-only flags, --page, the image size, the theme, the lanes. */
function drawOptions(flags: RenderFlags, plan: RenderPlan): DrawOptions {
  const { canvas, wanted } = plan;
  if (!canvas) {
    const canvasOnly = (['lanes', 'persona', 'stages', 'css', 'page'] as const).find((f) => flags[f] !== undefined);
    if (canvasOnly !== undefined) throw new UsageError(`--${canvasOnly} applies to --view canvas only.`);
  }
  if (flags.page !== undefined && !wanted.has('pdf') && !wanted.has('html')) {
    throw new UsageError(`--page sets the paper of a PDF (or an HTML page's print); --format ${[...wanted].join(', ')} has no pages.`);
  }
  const size = imageSize(flags, wanted.has('png') ? 'png' : [...wanted][0]!);
  const theme = (flags.theme ?? 'default') as CanvasTheme;
  if (canvas && !(CANVAS_THEME_NAMES as readonly string[]).includes(theme)) {
    throw new UsageError(`The canvas has no '${theme}' theme.`, `Use one of: ${CANVAS_THEME_NAMES.join(', ')} (forest is a Mermaid theme).`);
  }
  const lanes = flags.lanes
    ?.split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lanes !== undefined) {
    const unknown = lanes.find((l) => !LANE_NAMES.includes(l));
    if (unknown !== undefined) throw new UsageError(`Unknown lane '${unknown}'.`, `Use one or more of: ${LANE_NAMES.join(', ')}.`);
    if (lanes.length === 0) throw new UsageError('--lanes needs at least one lane.', `Use one or more of: ${LANE_NAMES.join(', ')}.`);
  }
  return { size, theme, lanes };
}

const isImage = (format: string) => format !== 'mmd' && format !== 'html';

/** The browser images are drawn in, found before any work so a missing one fails fast; none without images. */
async function imageBrowser(flags: RenderFlags, jobs: readonly Job[], context: CommandContext): Promise<string | undefined> {
  const terminal = jobs.find((j) => j.target === undefined && isImage(j.format));
  if (terminal !== undefined && context.stdout.isTTY) {
    throw new UsageError(`A ${terminal.format.toUpperCase()} image would be written to the terminal.`, 'Pass --output FILE, or redirect stdout to a file.');
  }
  if (!jobs.some((j) => isImage(j.format))) return undefined;
  const browser = await findBrowser(flags.browser, context.env);
  if (browser === undefined) throw noBrowserError();
  return browser;
}

type DrawInput = Parameters<typeof canvasDocument>[0];
type Drawn = Map<string, string | Uint8Array>;

/** The canvas in every wanted format: HTML as it is, images printed from it in the browser. */
async function drawCanvas(
  input: DrawInput,
  flags: RenderFlags,
  options: DrawOptions,
  userCss: string | undefined,
  wanted: ReadonlySet<string>,
  browser: string | undefined,
  context: CommandContext,
): Promise<Drawn> {
  const drawn: Drawn = new Map();
  checkPersona(input, flags.persona);
  const stages = flags.stages
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  checkStages(input, stages);
  const { lanes, theme, size } = options;
  const canvasOptions = {
    ...(lanes ? { lanes } : {}),
    ...(flags.persona !== undefined ? { persona: flags.persona } : {}),
    ...(stages !== undefined && stages.length > 0 ? { stages } : {}),
  };
  const documentFor = (page: PageSize | undefined) =>
    canvasDocument(input, {
      ...canvasOptions,
      theme,
      generator: `journeykit ${packageVersion()}`,
      ...(userCss !== undefined ? { css: userCss } : {}),
      ...(page !== undefined ? { page: `${page.toUpperCase()} landscape`, pageWidth: PAGE_WIDTH_PX[page] } : {}),
    });
  const page = flags.page as PageSize | undefined;
  if (wanted.has('html')) drawn.set('html', documentFor(page));
  if (browser === undefined) return drawn;
  const style = canvasStyle(theme) + (userCss !== undefined ? `\n${styleText(userCss)}` : '');
  const { withBrowser } = await import('../../io/render.js');
  const { renderCanvasImage } = await import('../../io/canvas.js');
  await withBrowser(browser, async (b) => {
    // Each format in a page of its own, at the same time: the browser prints, rasterises and
    // encodes them in parallel (a PNG and a PDF of a large canvas take about as long as the longer).
    const formats = (['svg', 'png', 'pdf'] as const).filter((format) => wanted.has(format));
    const results = await Promise.all(
      formats.map((format) =>
        renderCanvasImage(b, format === 'pdf' ? documentFor(page ?? 'a3') : documentFor(undefined), format, {
          ...size,
          svg: { style, fragment: canvasFragment(input, canvasOptions) },
        }),
      ),
    );
    formats.forEach((format, i) => {
      for (const note of results[i]!.notes) context.stderr.write(`${note}\n`);
      drawn.set(format, results[i]!.data);
    });
  });
  return drawn;
}

/** A Mermaid diagram: its source, and the wanted images drawn in the browser. */
async function drawDiagram(input: DrawInput, view: View, options: DrawOptions, wanted: ReadonlySet<string>, browser: string | undefined): Promise<Drawn> {
  const drawn: Drawn = new Map();
  const definition = view.render(input);
  drawn.set('mmd', definition);
  if (browser === undefined) return drawn;
  const { withBrowser, mermaidRenderer } = await import('../../io/render.js');
  const { mermaidConfig, THEME_BACKGROUNDS } = await import('../../io/mermaid-runtime.js');
  const mermaidTheme = options.theme as MermaidTheme;
  const legend = view.legend?.(input);
  await withBrowser(browser, async (b) => {
    // One page with Mermaid loaded once: it measures each drawing (for --width) and writes the legend under it.
    const render = await mermaidRenderer(b, 'shared-page', mermaidConfig(mermaidTheme));
    for (const format of ['svg', 'png', 'pdf'] as const) {
      if (!wanted.has(format)) continue;
      drawn.set(
        format,
        await render(definition, format, {
          scale: 2,
          ...options.size,
          background: THEME_BACKGROUNDS[mermaidTheme],
          legendText: mermaidTheme === 'dark' ? '#f0f0f0' : '#1f2328',
          ...(legend !== undefined && legend.length > 0 ? { legend } : {}),
        }),
      );
    }
  });
  return drawn;
}

export async function renderCommand(mapFile: string, flags: RenderFlags, context: CommandContext): Promise<number> {
  const plan = renderPlan(flags);
  const options = drawOptions(flags, plan);
  checkEvidenceFlags(flags);
  const browser = await imageBrowser(flags, plan.jobs, context);

  const { config, absolute: configPath } = await loadWorkspaceConfig(context, flags.config);
  const inputs = inputPaths(context.cwd, [mapFile, ...evidenceFiles(flags), configPath, flags.css]);
  for (const target of plan.files) await checkTarget(target, inputs, context.cwd);

  const userCss = flags.css !== undefined ? await readStylesheet(context, flags.css) : undefined;
  const map = await loadMap(context, mapFile, config);
  const { metrics } = await loadEvidence(flags, context, map, config);
  const score = scoreJourney(map, scoringSettings(config), metrics ? { report: metrics, config } : undefined);
  const input = { map, score, ...(metrics ? { metrics } : {}) };

  const drawn = plan.canvas ? await drawCanvas(input, flags, options, userCss, plan.wanted, browser, context) : await drawDiagram(input, plan.view!, options, plan.wanted, browser);
  const written = plan.jobs.filter((j): j is Required<Job> => j.target !== undefined);
  if (written.length > 0)
    await writeAtomicAll(
      written.map((j) => ({ target: j.target, content: drawn.get(j.format)! })),
      inputs,
      context.cwd,
    );
  for (const job of plan.jobs) if (job.target === undefined) context.stdout.write(drawn.get(job.format)!);
  return 0;
}

/** A `--css` stylesheet: a regular UTF-8 file inside the workspace, at most 1 MB. */
async function readStylesheet(context: CommandContext, file: string): Promise<string> {
  const read = await readNamedInput(context, file, 'Stylesheet', CSS_LIMIT);
  if ('diagnostic' in read) throw new InputError(`Stylesheet '${read.file}': ${read.diagnostic.message}`, read.diagnostic.hint);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(read.bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new InputError(`Stylesheet '${read.file}' is not UTF-8 text.`, 'Save the stylesheet as UTF-8.');
  }
}

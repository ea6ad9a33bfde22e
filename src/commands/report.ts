import path from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { canvasDocument, canvasFragment, canvasStyle } from '../core/canvas/html.js';
import { UsageError } from '../core/errors.js';
import { escapeTerminal } from '../core/escape/terminal.js';
import { mermaidRuntimeScript, mermaidSourceFigure, renderHtmlReport } from '../core/report/html.js';
import type { ReportDiagram } from '../core/report/markdown.js';
import { renderMarkdownReport } from '../core/report/markdown.js';
import { scoreJourney } from '../core/score/model.js';
import { scoringSettings } from '../core/score/settings.js';
import type { Period } from '../core/survey/types.js';
import { findBrowser, noBrowserError } from '../io/browser.js';
import { MERMAID_CONFIG, readMermaidRuntime } from '../io/mermaid-runtime.js';
import { packageVersion } from '../io/package.js';
import type { Renderer } from '../io/render.js';
import { checkTarget, writeAtomicAll } from '../io/write.js';
import type { EvidenceFlags } from './shared/evidence.js';
import { checkEvidenceFlags, evidenceFiles, loadEvidence } from './shared/evidence.js';
import { loadWorkspaceConfig } from './shared/config.js';
import { inputPaths } from './shared/inputs.js';
import { printResult } from './shared/print.js';
import { countProgress } from './shared/progress.js';
import { loadMap } from './shared/map.js';

export const REPORT_FORMATS = ['markdown', 'html'] as const;
export const REPORT_IMAGES = ['none', 'svg', 'png'] as const;
type ImageChoice = (typeof REPORT_IMAGES)[number];

export interface ReportFlags extends EvidenceFlags {
  format: string;
  images: string;
  output?: string;
  browser?: string;
  config?: string;
  top?: string;
}

/** The survey is summarised by every canonical dimension it has, and by month when it has dates. */
const REPORT_SEGMENTS = ['channel', 'stage', 'touchpoint'];
const REPORT_PERIOD: Period = 'month';

export async function reportCommand(mapFile: string, flags: ReportFlags, context: CommandContext): Promise<number> {
  if (!(REPORT_FORMATS as readonly string[]).includes(flags.format)) {
    throw new UsageError(`Unknown format '${flags.format}'.`, `Use one of: ${REPORT_FORMATS.join(', ')}.`);
  }
  if (!(REPORT_IMAGES as readonly string[]).includes(flags.images)) {
    throw new UsageError(`Unknown --images '${flags.images}'.`, `Use one of: ${REPORT_IMAGES.join(', ')}.`);
  }
  const images = flags.images as ImageChoice;
  if (images !== 'none' && flags.format === 'markdown' && flags.output === undefined) {
    throw new UsageError(`--images ${images} writes image files beside the report, so it needs --output FILE.`, 'Pass --output report.md, or leave --images out to keep the diagrams as ```mermaid blocks.');
  }
  checkEvidenceFlags(flags);
  let topN: number | undefined;
  if (flags.top !== undefined) {
    topN = Number(flags.top);
    if (!Number.isInteger(topN) || topN < 1) throw new UsageError(`--top must be a whole number of 1 or more, not '${flags.top}'.`);
  }
  const generated = generationDate(context.env);
  // Find the browser before any work, so a missing one fails fast.
  const browser = images !== 'none' ? await findBrowser(flags.browser, context.env) : undefined;
  if (images !== 'none' && browser === undefined) throw noBrowserError();

  const { config, absolute: configPath } = await loadWorkspaceConfig(context, flags.config);
  // Without --survey or --metrics, the export the workspace config names (survey.export), if any.
  const configured = config.survey?.export;
  if (flags.survey === undefined && flags.metrics === undefined && configured !== undefined && configPath !== undefined) {
    flags.survey = path.relative(context.cwd, path.resolve(path.dirname(configPath), configured)) || '.';
    context.stderr.write(`${escapeTerminal(`journey: survey figures from '${flags.survey}', the export ${path.basename(configPath)} names (survey.export)`)}\n`);
  }
  const inputs = inputPaths(context.cwd, [mapFile, ...evidenceFiles(flags), configPath]);
  // A report that cannot be written fails before the survey is read and the diagrams are drawn.
  if (flags.output !== undefined) await checkTarget(flags.output, inputs, context.cwd);

  const map = await loadMap(context, mapFile, config);
  const { metrics } = await loadEvidence(flags, context, map, config, { optionalBy: REPORT_SEGMENTS, optionalPeriod: REPORT_PERIOD });
  const score = scoreJourney(map, scoringSettings(config), metrics ? { report: metrics, config } : undefined);
  const input = { map, score, ...(metrics ? { metrics } : {}), generated, ...(topN !== undefined ? { topN } : {}) };

  // The diagrams the report holds, collected by a first pass (the generator is pure and cheap).
  const diagrams: ReportDiagram[] = [];
  renderMarkdownReport({ ...input, diagram: (d) => (diagrams.push(d), []) });
  const rendered = new Map<string, Uint8Array>();
  // The canvas: inline HTML in the HTML report; an image beside a Markdown report with --images.
  // (A Markdown report without images has no canvas: nothing is drawn for it.)
  const canvasHtml = flags.format === 'html' || images !== 'none' ? canvasFragment(input, { header: flags.format === 'markdown' }) : '';
  let canvasImage: Uint8Array | undefined;
  if (images !== 'none') {
    const { withBrowser, mermaidRenderer } = await import('../io/render.js');
    const { renderCanvasImage } = await import('../io/canvas.js');
    await withBrowser(browser!, async (b) => {
      await renderAll(diagrams, images, await mermaidRenderer(b, 'shared-page'), context);
      if (flags.format === 'markdown') {
        const generator = `journeykit ${packageVersion()}`;
        const drawn = await renderCanvasImage(b, canvasDocument(input, { generator }), images, { svg: { style: canvasStyle('default'), fragment: canvasHtml } });
        for (const note of drawn.notes) context.stderr.write(`${note}\n`);
        canvasImage = drawn.data;
      }
    });
  }

  const files: { target: string; content: string | Uint8Array }[] = [];
  let report: string;
  if (flags.format === 'html') {
    report = renderHtmlReport({
      ...input,
      generator: `journeykit ${packageVersion()}`,
      canvas: canvasHtml,
      figure: images === 'none' ? mermaidSourceFigure : (d) => imageFigure(d, images, rendered.get(d.id)!),
      ...(images === 'none' ? { script: mermaidRuntimeScript(await readMermaidRuntime(), MERMAID_CONFIG) } : {}),
    });
  } else if (images === 'none') {
    report = renderMarkdownReport(input);
  } else {
    const target = path.resolve(context.cwd, flags.output!);
    const stem = path.basename(target).replace(/\.(md|markdown)$/i, '');
    report = renderMarkdownReport({
      ...input,
      canvas: () => {
        const name = `${stem}.canvas.${images}`;
        files.push({ target: path.join(path.dirname(target), name), content: canvasImage! });
        return [`![Journey map: stages as columns, lanes as rows](${linkTarget(name)})`];
      },
      diagram: (d) => {
        const name = `${stem}.${d.id}.${images}`;
        files.push({ target: path.join(path.dirname(target), name), content: rendered.get(d.id)! });
        return [`![${d.title}](${linkTarget(name)})`];
      },
    });
  }

  if (flags.output !== undefined) {
    // All or nothing, the report renamed into place last: a report never links an image that is
    // not there, and a full disk or Ctrl-C leaves no half set of images.
    await writeAtomicAll([...files, { target: path.resolve(context.cwd, flags.output), content: report }], inputs, context.cwd);
  } else {
    printResult(context, report, { human: false });
  }
  return 0;

  async function renderAll(list: ReportDiagram[], format: 'svg' | 'png', render: Renderer, ctx: CommandContext): Promise<void> {
    const progress = countProgress(ctx.stderr, 'rendered', 'diagrams', list.length, 1);
    await Promise.all(
      list.map(async (d) => {
        rendered.set(d.id, await render(d.source, format, { svgId: `journeykit-${d.id}`, scale: 2 }));
        progress.step();
      }),
    );
    progress.done();
  }
}

/** An image inside the self-contained HTML: the SVG inline, a PNG as a data URI. */
function imageFigure(diagram: ReportDiagram, format: 'svg' | 'png', data: Uint8Array): string {
  if (format === 'png') {
    return `<img alt="${diagram.title}" src="data:image/png;base64,${Buffer.from(data).toString('base64')}">`;
  }
  return Buffer.from(data).toString('utf8').replace(/^<\?xml[^>]*\?>\s*/, '');
}

/** A file name as a Markdown link destination: percent-encoded, parentheses included. */
function linkTarget(name: string): string {
  return encodeURIComponent(name).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The report's date: SOURCE_DATE_EPOCH (seconds, the reproducible-builds convention) as a UTC
 * date when set, so a report can be regenerated byte for byte; else today's local date.
 */
export function generationDate(env: NodeJS.ProcessEnv, now: Date = new Date()): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d{1,12}$/.test(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not '${epoch}'.`);
    return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

import path from 'node:path';
import type { CommandContext } from '../context.js';
import type { ResolvedConfig } from '../../core/config.js';
import { canvasDocument, canvasFragment, canvasStyle } from '../../core/canvas/html.js';
import { UsageError } from '../../core/errors.js';
import { escapeTerminal } from '../../core/escape/terminal.js';
import { mermaidRuntimeScript, mermaidSourceFigure, renderHtmlReport } from '../../core/report/html.js';
import type { ReportDiagram } from '../../core/report/markdown.js';
import { renderMarkdownReport } from '../../core/report/markdown.js';
import { scoreJourney } from '../../core/score/model.js';
import { scoringSettings } from '../../core/score/settings.js';
import type { Period } from '../../core/survey/types.js';
import { findBrowser, noBrowserError } from '../../io/browser.js';
import { MERMAID_CONFIG, readMermaidRuntime } from '../../io/mermaid-runtime.js';
import { packageVersion } from '../../io/package.js';
import type { Renderer } from '../../io/render.js';
import { checkTarget, writeAtomicAll } from '../../io/write.js';
import type { EvidenceFlags } from '../../io/evidence.js';
import { checkEvidenceFlags, evidenceFiles, loadEvidence } from '../../io/evidence.js';
import { loadWorkspaceConfig } from '../../io/config.js';
import { inputPaths } from '../../io/paths.js';
import { printResult } from '../shared/print.js';
import { countProgress } from '../../io/progress.js';
import { loadMap } from '../../io/map.js';

import type { REPORT_FORMATS, REPORT_IMAGES } from './choices.js';
import { wholeNumber } from '../../core/whole-number.js';

type ImageChoice = (typeof REPORT_IMAGES)[number];

export interface ReportFlags extends EvidenceFlags {
  format: (typeof REPORT_FORMATS)[number];
  images: ImageChoice;
  output?: string;
  browser?: string;
  config?: string;
  top?: string;
}

/** The survey is summarised by every canonical dimension it has, and by month when it has dates. */
const REPORT_SEGMENTS = ['channel', 'stage', 'touchpoint'];
const REPORT_PERIOD: Period = 'month';

/** The flags checked before any file is read. */
function reportOptions(flags: ReportFlags): { images: ImageChoice; topN: number | undefined } {
  const images = flags.images;
  if (images !== 'none' && flags.format === 'markdown' && flags.output === undefined) {
    throw new UsageError(
      `--images ${images} writes image files beside the report, so it needs --output FILE.`,
      'Pass --output report.md, or leave --images out to keep the diagrams as ```mermaid blocks.',
    );
  }
  checkEvidenceFlags(flags);
  const topN = flags.top === undefined ? undefined : wholeNumber(flags.top, '--top', 1);
  return { images, topN };
}

/** Without --survey or --metrics, the export the workspace config names (survey.export), if any: said on stderr. */
function useConfiguredSurvey(flags: ReportFlags, config: ResolvedConfig, configPath: string | undefined, context: CommandContext): void {
  const configured = config.survey?.export;
  if (flags.survey === undefined && flags.metrics === undefined && configured !== undefined && configPath !== undefined) {
    flags.survey = path.relative(context.cwd, path.resolve(path.dirname(configPath), configured)) || '.';
    context.stderr.write(`${escapeTerminal(`journey: survey figures from '${flags.survey}', the export ${path.basename(configPath)} names (survey.export)`)}\n`);
  }
}

type ReportInput = Parameters<typeof renderMarkdownReport>[0];

interface Drawn {
  /** The diagrams' images by diagram id. */
  diagrams: Map<string, Uint8Array>;
  canvas?: Uint8Array;
}

/** The diagrams (and, beside a Markdown report, the canvas) drawn in the browser. */
async function drawImages(
  input: ReportInput,
  diagrams: ReportDiagram[],
  images: 'svg' | 'png',
  format: ReportFlags['format'],
  canvasHtml: string,
  browser: string,
  context: CommandContext,
): Promise<Drawn> {
  const drawn: Drawn = { diagrams: new Map() };
  const { withBrowser, mermaidRenderer } = await import('../../io/render.js');
  const { renderCanvasImage } = await import('../../io/canvas.js');
  await withBrowser(browser, async (b) => {
    await renderAll(diagrams, images, await mermaidRenderer(b, 'shared-page'), drawn.diagrams, context);
    if (format === 'markdown') {
      const generator = `journeykit ${packageVersion()}`;
      const canvas = await renderCanvasImage(b, canvasDocument(input, { generator }), images, { svg: { style: canvasStyle('default'), fragment: canvasHtml } });
      for (const note of canvas.notes) context.stderr.write(`${note}\n`);
      drawn.canvas = canvas.data;
    }
  });
  return drawn;
}

async function renderAll(list: ReportDiagram[], format: 'svg' | 'png', render: Renderer, rendered: Map<string, Uint8Array>, context: CommandContext): Promise<void> {
  const progress = countProgress(context.stderr, 'rendered', 'diagrams', list.length, 1);
  await Promise.all(
    list.map(async (d) => {
      rendered.set(d.id, await render(d.source, format, { svgId: `journeykit-${d.id}`, scale: 2 }));
      progress.step();
    }),
  );
  progress.done();
}

/** The report's text, and the image files a Markdown report links (written beside it). */
async function reportText(
  input: ReportInput,
  flags: ReportFlags,
  images: ImageChoice,
  canvasHtml: string,
  drawn: Drawn,
  context: CommandContext,
): Promise<{ report: string; files: { target: string; content: string | Uint8Array }[] }> {
  const files: { target: string; content: string | Uint8Array }[] = [];
  if (flags.format === 'html') {
    const report = renderHtmlReport({
      ...input,
      generator: `journeykit ${packageVersion()}`,
      canvas: canvasHtml,
      figure: images === 'none' ? mermaidSourceFigure : (d) => imageFigure(d, images, drawn.diagrams.get(d.id)!),
      ...(images === 'none' ? { script: mermaidRuntimeScript(await readMermaidRuntime(), MERMAID_CONFIG) } : {}),
    });
    return { report, files };
  }
  if (images === 'none') return { report: renderMarkdownReport(input), files };
  const target = path.resolve(context.cwd, flags.output!);
  const stem = path.basename(target).replace(/\.(md|markdown)$/i, '');
  const report = renderMarkdownReport({
    ...input,
    canvas: () => {
      const name = `${stem}.canvas.${images}`;
      files.push({ target: path.join(path.dirname(target), name), content: drawn.canvas! });
      return [`![Journey map: stages as columns, lanes as rows](${linkTarget(name)})`];
    },
    diagram: (d) => {
      const name = `${stem}.${d.id}.${images}`;
      files.push({ target: path.join(path.dirname(target), name), content: drawn.diagrams.get(d.id)! });
      return [`![${d.title}](${linkTarget(name)})`];
    },
  });
  return { report, files };
}

export async function reportCommand(mapFile: string, flags: ReportFlags, context: CommandContext): Promise<number> {
  const { images, topN } = reportOptions(flags);
  const generated = generationDate(context.env);
  // Find the browser before any work, so a missing one fails fast.
  const browser = images !== 'none' ? await findBrowser(flags.browser, context.env) : undefined;
  if (images !== 'none' && browser === undefined) throw noBrowserError();

  const { config, absolute: configPath } = await loadWorkspaceConfig(context, flags.config);
  useConfiguredSurvey(flags, config, configPath, context);
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
  // The canvas: inline HTML in the HTML report; an image beside a Markdown report with --images.
  // (A Markdown report without images has no canvas: nothing is drawn for it.)
  const canvasHtml = flags.format === 'html' || images !== 'none' ? canvasFragment(input, { header: flags.format === 'markdown' }) : '';
  const drawn = images !== 'none' ? await drawImages(input, diagrams, images, flags.format, canvasHtml, browser!, context) : { diagrams: new Map<string, Uint8Array>() };
  const { report, files } = await reportText(input, flags, images, canvasHtml, drawn, context);

  if (flags.output !== undefined) {
    // All or nothing, the report renamed into place last: a report never links an image that is
    // not there, and a full disk or Ctrl-C leaves no half set of images.
    await writeAtomicAll([...files, { target: path.resolve(context.cwd, flags.output), content: report }], inputs, context.cwd);
  } else {
    printResult(context, report, { human: false });
  }
  return 0;
}

/** An image inside the self-contained HTML: the SVG inline, a PNG as a data URI. */
function imageFigure(diagram: ReportDiagram, format: 'svg' | 'png', data: Uint8Array): string {
  if (format === 'png') {
    return `<img alt="${diagram.title}" src="data:image/png;base64,${Buffer.from(data).toString('base64')}">`;
  }
  return Buffer.from(data)
    .toString('utf8')
    .replace(/^<\?xml[^>]*\?>\s*/, '');
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

import type { CommandContext } from '../cli/context.js';
import { UsageError } from '../core/errors.js';
import { VIEW_NAMES, findView } from '../core/mermaid/index.js';
import { scoreJourney } from '../core/score/model.js';
import { scoringSettings } from '../core/score/settings.js';
import { findBrowser, noBrowserError } from '../io/browser.js';
import type { ImageFormat } from '../io/render.js';
import { checkTarget, writeAtomic } from '../io/write.js';
import type { EvidenceFlags } from './shared/evidence.js';
import { checkEvidenceFlags, evidenceFiles, loadEvidence } from './shared/evidence.js';
import { loadWorkspaceConfig } from './shared/config.js';
import { inputPaths } from './shared/inputs.js';
import { loadMap } from './shared/map.js';

export const RENDER_FORMATS = ['mmd', 'svg', 'png', 'pdf'] as const;

export interface RenderFlags extends EvidenceFlags {
  view?: string;
  format: string;
  output?: string;
  browser?: string;
  config?: string;
}

export async function renderCommand(mapFile: string, flags: RenderFlags, context: CommandContext): Promise<number> {
  if (flags.view === undefined) throw new UsageError('--view is required.', `Use one of: ${VIEW_NAMES.join(', ')}.`);
  const view = findView(flags.view);
  if (!view) throw new UsageError(`Unknown view '${flags.view}'.`, `Use one of: ${VIEW_NAMES.join(', ')}.`);
  if (!(RENDER_FORMATS as readonly string[]).includes(flags.format)) {
    throw new UsageError(`Unknown format '${flags.format}'.`, `Use one of: ${RENDER_FORMATS.join(', ')}.`);
  }
  checkEvidenceFlags(flags);
  const image = flags.format !== 'mmd';
  if (image && flags.output === undefined && context.stdout.isTTY) {
    throw new UsageError(`A ${flags.format.toUpperCase()} image would be written to the terminal.`, 'Pass --output FILE, or redirect stdout to a file.');
  }
  // Find the browser before any work, so a missing one fails fast.
  const browser = image ? await findBrowser(flags.browser, context.env) : undefined;
  if (image && browser === undefined) throw noBrowserError();

  const { config, absolute: configPath } = await loadWorkspaceConfig(context, flags.config);
  const inputs = inputPaths(context.cwd, [mapFile, ...evidenceFiles(flags), configPath]);
  if (flags.output !== undefined) await checkTarget(flags.output, inputs, context.cwd);

  const map = await loadMap(context, mapFile, config);
  const { metrics } = await loadEvidence(flags, context, map, config);
  const score = scoreJourney(map, scoringSettings(config), metrics ? { report: metrics, config } : undefined);
  const definition = view.render({ map, score, ...(metrics ? { metrics } : {}) });

  let output: string | Uint8Array = definition;
  if (image) {
    const { withRenderer } = await import('../io/render.js');
    output = await withRenderer(browser!, (render) => render(definition, flags.format as ImageFormat));
  }
  if (flags.output !== undefined) {
    await writeAtomic(flags.output, output, inputs, context.cwd);
  } else {
    context.stdout.write(output);
  }
  return 0;
}

import type { CommandContext } from '../context.js';
import { InputError } from '../../core/errors.js';
import type { ScoreFormatName } from '../../core/score/formatters/index.js';
import { scoreFormatters } from '../../core/score/formatters/index.js';
import { scoreJourney } from '../../core/score/model.js';
import { scoringSettings } from '../../core/score/settings.js';
import { fileResult, loadDocument } from '../../core/validate.js';
import { readSchema } from '../../io/package.js';
import type { FileLimit } from '../../io/read.js';
import type { ReadScope } from '../../io/read.js';
import { readNamedInput } from '../../io/read.js';
import { writeAtomic } from '../../io/write.js';
import type { EvidenceFlags } from '../../io/evidence.js';
import { checkEvidenceFlags, evidenceFiles, loadEvidence } from '../../io/evidence.js';
import { loadWorkspaceConfig } from '../../io/config.js';
import { inputPaths } from '../../io/paths.js';
import { printResult } from '../shared/print.js';
import { loadMap } from '../../io/map.js';
import { plural } from '../../core/output/plural.js';
import { wholeNumber } from '../../core/whole-number.js';

export interface ScoreFlags extends EvidenceFlags {
  weights?: string;
  top?: string;
  format: ScoreFormatName;
  output?: string;
  config?: string;
}

/** Scoring weights that do not fit the config schema's `scoring:`: printed with positions, exit 2. */
class WeightsError extends InputError {}

const WEIGHTS_FILE_LIMIT: FileLimit = {
  maxBytes: 1024 * 1024,
  what: 'a weights file',
  hint: "A weights file holds the keys of the config's `scoring:` (weights, moment_of_truth, quadrant); `journey schema --config` prints them.",
};

/** `--weights FILE`: the `scoring:` part of a workspace config, validated like the config. */
async function loadWeights(scope: ReadScope, file: string): Promise<unknown> {
  const input = await readNamedInput(scope, file, 'Weights file', WEIGHTS_FILE_LIMIT);
  const display = input.file;
  const config = readSchema('journeykit-config') as { $schema: string; properties: { scoring: object }; $defs?: object };
  // The ajv compiler loads only for --weights: the shipped schemas are compiled at build time.
  const { createSchemaValidator } = await import('../../core/schema/compile.js');
  const validator = createSchemaValidator({ $schema: config.$schema, ...config.properties.scoring, ...(config.$defs ? { $defs: config.$defs } : {}) });
  const document = loadDocument(input, validator, { emptyHint: WEIGHTS_FILE_LIMIT.hint });
  if (document.diagnostics.length > 0) {
    throw new WeightsError(
      `The weights file '${display}' does not fit the config's scoring: schema (${plural(document.diagnostics.length, 'problem')}).`,
      'It holds the keys of `scoring:` (weights, moment_of_truth, quadrant); `journey schema --config` prints them.',
      fileResult(document),
    );
  }
  return document.value;
}

export async function scoreCommand(mapFile: string, flags: ScoreFlags, context: CommandContext): Promise<number> {
  checkEvidenceFlags(flags);
  const top = flags.top === undefined ? undefined : wholeNumber(flags.top, '--top', 1);
  const { config, absolute: configPath } = await loadWorkspaceConfig(context, flags.config);
  const weights = flags.weights !== undefined ? await loadWeights(context, flags.weights) : undefined;
  const map = await loadMap(context, mapFile, config);
  const { metrics, source } = await loadEvidence(flags, context, map, config);
  const settings = scoringSettings(config, weights);
  const report = scoreJourney(map, settings, metrics ? { report: metrics, config } : undefined);
  if (source) report.evidence = { source, ...(report.evidence?.note ? { note: report.evidence.note } : {}) };
  const stageNames = Object.fromEntries(map.stages.map((stage) => [stage.id, stage.name]));
  const text = scoreFormatters[flags.format](report, { color: flags.output === undefined && context.color, ...(top ? { top } : {}), stageNames });
  if (flags.output !== undefined) {
    await writeAtomic(flags.output, text, inputPaths(context.cwd, [mapFile, ...evidenceFiles(flags), flags.weights, configPath]), context.cwd);
  } else {
    printResult(context, text, { human: flags.format === 'table' });
  }
  return 0;
}

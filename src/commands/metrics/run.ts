import type { MetricsFormatName } from '../../core/survey/formatters/index.js';
import { metricsFormatters } from '../../core/survey/formatters/index.js';
import type { SurveyOptions } from '../../core/survey/options.js';
import { checkSurveyOptions } from '../../core/survey/options.js';
import { loadWorkspaceConfig } from '../../io/config.js';
import { loadMap } from '../../io/map.js';
import { packageVersion } from '../../io/package.js';
import { inputPaths } from '../../io/paths.js';
import { computeMetrics } from '../../io/survey/metrics.js';
import { writeAtomic } from '../../io/write.js';
import type { CommandContext } from '../context.js';
import { printResult } from '../shared/print.js';

export interface MetricsFlags extends SurveyOptions {
  map?: string;
  check?: boolean;
  format: MetricsFormatName;
  output?: string;
  config?: string;
}

export async function metricsCommand(files: readonly string[], flags: MetricsFlags, context: CommandContext): Promise<number> {
  checkSurveyOptions(flags);
  const { config, absolute: configPath } = await loadWorkspaceConfig(context, flags.config);
  const map = flags.map !== undefined ? await loadMap(context, flags.map, config) : undefined;
  const report = await computeMetrics(files, flags, context, map, config);

  const text = metricsFormatters[flags.format](report, { color: flags.output === undefined && context.color, version: packageVersion() });
  if (flags.output !== undefined) {
    await writeAtomic(flags.output, text, inputPaths(context.cwd, [...files, flags.map, configPath]), context.cwd);
  } else {
    printResult(context, text, { human: flags.format === 'table' });
  }
  return flags.check && report.kpis.some((k) => k.status === 'breach') ? 1 : 0;
}

import type { Severity } from './diagnostics.js';
import type { KpiDirection, SurveyBinding, TimeUnit } from './model.js';

export type RuleSetting = Severity | 'off';

export interface KpiDefault {
  target: number;
  threshold?: number;
  direction?: KpiDirection;
  unit?: TimeUnit;
}

/** `journeykit.config.yaml` after schema validation (see schemas/journeykit-config.schema.json). */
export interface WorkspaceConfig {
  version?: 1;
  channels?: string[];
  owners?: string[];
  rules?: Record<string, RuleSetting>;
  ignore?: string[];
  scoring?: Record<string, unknown>;
  kpis?: Record<string, KpiDefault>;
  /** `export`: the survey export reports read by default, relative to the config file. */
  survey?: SurveyBinding & { export?: string };
}

export interface ResolvedConfig extends WorkspaceConfig {
  /** The config file, relative to the working directory; undefined when none was found. */
  file?: string;
  /** Where each `survey.columns` entry sits in the config file (1-based), for errors that come from it. */
  surveyColumnAt?: (key: string) => { line: number; column: number } | undefined;
}

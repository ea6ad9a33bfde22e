import { github as validateGithub } from '../../formatters/github.js';
import { warningsReport } from '../warnings.js';
import type { MetricsFormatter } from './types.js';

/** The survey warnings as GitHub Actions annotations on the export files; nothing else is printed. */
export const github: MetricsFormatter = (report, options) =>
  validateGithub(warningsReport(report.warnings, report.source.files), { color: false, version: options.version, rules: [] });

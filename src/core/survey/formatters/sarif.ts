import { sarif as validateSarif } from '../../formatters/sarif.js';
import { warningsReport } from '../warnings.js';
import type { MetricsFormatter } from './types.js';

/** The survey warnings as SARIF 2.1.0, located in the export files (code scanning). */
export const sarif: MetricsFormatter = (report, options) =>
  validateSarif(warningsReport(report.warnings, report.source.files), { color: false, version: options.version, rules: [] });

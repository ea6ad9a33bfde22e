/**
 * The plan of an export from its headers and first records only, as `readExport` makes it
 * (the same sample, layout and plan), without reading the rest: what `journey metrics
 * --emit-sql` needs, since the query does the scan where the data lives.
 */
import type { Layout } from '../../core/survey/layout.js';
import type { MetricsRequest, PlanResult } from '../../core/survey/plan/index.js';
import type { SurveyEncoding } from '../../core/survey/sniff.js';
import { planFromSample, withWindows1252Fallback } from './read.js';
import { sniff } from './sniff.js';

export interface PlannedExport {
  encoding: SurveyEncoding;
  delimiter: string;
  sepLine: boolean;
  layout: Layout;
  planned: PlanResult;
  notes: string[];
}

/** Sniffs the export and plans it from its first records (Windows-1252 when they are not UTF-8, as readExport does). */
export async function planExport(file: string, request: MetricsRequest, display: string, workspace: string | undefined): Promise<PlannedExport> {
  const facts = await sniff(file, display, workspace);
  const notes: string[] = [];
  return withWindows1252Fallback(facts.encoding, notes, async (encoding) => {
    const { layout, planned } = await planFromSample(file, encoding, facts, request, display);
    return { encoding, delimiter: facts.delimiter, sepLine: facts.sepLine, layout, planned, notes };
  });
}

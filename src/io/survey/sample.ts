/**
 * The plan of an export from its headers and first records only, as `readExport` makes it
 * (the same sample, layout and plan), without reading the rest: what `journey metrics
 * --emit-sql` needs, since the query does the scan where the data lives.
 */
import { InputError } from '../../core/errors.js';
import type { Layout } from '../../core/survey/layout.js';
import { detectLayout } from '../../core/survey/layout.js';
import type { MetricsRequest, PlanResult } from '../../core/survey/plan/index.js';
import { buildPlan } from '../../core/survey/plan/index.js';
import type { SurveyEncoding } from '../../core/survey/sniff.js';
import { readSample } from './read.js';
import { sniff } from './sniff.js';
import { NotUtf8Error } from './stream.js';

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
  let encoding = facts.encoding;
  let records: string[][];
  try {
    records = await readSample(file, encoding, facts.delimiter, facts.sepLine, display);
  } catch (error) {
    if (!(error instanceof NotUtf8Error) || encoding === 'windows-1252') throw error;
    notes.push(`Not valid UTF-8 (near byte ${error.offset}): read as Windows-1252, Excel's "CSV" encoding.`);
    encoding = 'windows-1252';
    records = await readSample(file, encoding, facts.delimiter, facts.sepLine, display);
  }
  if (records.length === 0) throw new InputError(`Survey export '${display}' holds no records.`, 'Export the responses again.');
  const layout = detectLayout(records.slice(0, 3), request.platform);
  const planned = buildPlan(layout, records.slice(layout.headerRows), request, facts.delimiter === ';');
  return { encoding, delimiter: facts.delimiter, sepLine: facts.sepLine, layout, planned, notes };
}

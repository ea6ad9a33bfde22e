/** Mermaid views: the shapes shared by the view generators and the CLI. */
import type { JourneyMap } from '../model.js';
import type { ScoreReport } from '../score/types.js';
import type { MetricsReport } from '../survey/types.js';

export interface ViewInput {
  map: JourneyMap;
  score?: ScoreReport;
  metrics?: MetricsReport;
  /**
   * Set when the map is a shortened copy (its start) because the whole map's diagram would be
   * over Mermaid's size limit (limit.ts): the view says visibly what was left out.
   */
  omitted?: Omitted;
}

/** What a shortened map left out. */
export interface Omitted {
  /** Touchpoints not drawn. */
  touchpoints: number;
  /** Stages not drawn at all. */
  stages: number;
  /** Touchpoints of the whole map. */
  touchpointsTotal: number;
}

/**
 * One line of a view's legend: what a mark drawn in the diagram stands for (`mark`, e.g. the
 * number of a point), or without a mark a note on the diagram (what it leaves out). Plain text,
 * not escaped: the caller escapes it for the format it writes.
 */
export interface LegendEntry {
  mark?: string;
  text: string;
}

export interface View {
  id: 'journey' | 'emotion' | 'blueprint' | 'priority' | 'stages';
  description: string;
  render(input: ViewInput): string;
  /**
   * Lines to show with the diagram (under it), for views whose diagram cannot carry all its text:
   * the priority quadrant numbers its points and names them here, the emotion curve says here
   * which touchpoints it leaves out. Absent or empty: the diagram says everything itself.
   */
  legend?(input: ViewInput): LegendEntry[];
}

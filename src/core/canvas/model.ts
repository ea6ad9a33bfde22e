/**
 * The journey-map canvas (`journey render --view canvas`, the first picture of a report): stages
 * as columns in journey order, each touchpoint a sub-column, lanes as rows. This module decides
 * what is drawn (columns, stages, lanes); html.ts draws it.
 */
import type { JourneyMap, Persona, Stage, Touchpoint } from '../model.js';
import { touchpointsOf } from '../model.js';
import type { ScoreReport } from '../score/types.js';
import type { MetricsReport } from '../survey/types.js';

export interface CanvasInput {
  map: JourneyMap;
  score: ScoreReport;
  metrics?: MetricsReport;
}

export interface CanvasOptions {
  /** Lane names to draw (in the canvas' own order); default every lane the map has something for. */
  lanes?: readonly string[];
  /** Draw the journey of this persona only: its card, and the touchpoints it takes part in. */
  persona?: string;
  /** Draw these stages only (ids), in journey order: part of a long journey, e.g. for a slide. */
  stages?: readonly string[];
}

/** One touchpoint column, or the single empty column of a stage without touchpoints. */
export interface Column {
  stage: Stage;
  stageIndex: number;
  touchpoint?: Touchpoint;
  /** 0-based position across the whole canvas. */
  index: number;
}

export interface StageSpan {
  stage: Stage;
  stageIndex: number;
  /** Index of its first column and number of columns. */
  first: number;
  count: number;
}

export interface CanvasModel {
  input: CanvasInput;
  personas: Persona[];
  columns: Column[];
  stages: StageSpan[];
}

/** The touchpoints a persona takes part in: those naming it, and those naming no persona (everyone's). */
export function takesPart(touchpoint: Touchpoint, persona: string | undefined): boolean {
  return persona === undefined || touchpoint.personas === undefined || touchpoint.personas.length === 0 || touchpoint.personas.includes(persona);
}

export function canvasModel(input: CanvasInput, options: CanvasOptions = {}): CanvasModel {
  const { map } = input;
  const persona = options.persona;
  const personas = (map.personas ?? []).filter((p) => persona === undefined || p.id === persona);
  const columns: Column[] = [];
  const stages: StageSpan[] = [];
  const byStage = new Map<number, Touchpoint[]>();
  for (const ref of touchpointsOf(map)) {
    if (!takesPart(ref.touchpoint, persona)) continue;
    const list = byStage.get(ref.stageIndex) ?? [];
    list.push(ref.touchpoint);
    byStage.set(ref.stageIndex, list);
  }
  map.stages.forEach((stage, stageIndex) => {
    if (options.stages !== undefined && !options.stages.includes(stage.id)) return;
    const touchpoints = byStage.get(stageIndex) ?? [];
    const first = columns.length;
    if (touchpoints.length === 0) columns.push({ stage, stageIndex, index: first });
    for (const touchpoint of touchpoints) columns.push({ stage, stageIndex, touchpoint, index: columns.length });
    stages.push({ stage, stageIndex, first, count: columns.length - first });
  });
  return { input, personas, columns, stages };
}

/** Consecutive columns of one stage, in order: a stage split across pages gives one run per page. */
export function stageRuns(columns: readonly Column[]): { stage: Stage; stageIndex: number; first: number; count: number }[] {
  const runs: { stage: Stage; stageIndex: number; first: number; count: number }[] = [];
  for (const column of columns) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.stageIndex === column.stageIndex) last.count++;
    else runs.push({ stage: column.stage, stageIndex: column.stageIndex, first: column.index, count: 1 });
  }
  return runs;
}

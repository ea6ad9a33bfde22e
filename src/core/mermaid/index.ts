import { view as blueprintView } from './blueprint.js';
import { emotionView } from './emotion.js';
import { journeyView } from './journey.js';
import { view as priorityView } from './priority.js';
import { stagesView } from './stages.js';
import { limited } from './limit.js';
import type { View } from './types.js';

/**
 * Every diagram view, in one explicit list (the order of `render --view` and of reports), each
 * kept within Mermaid's size limit (limit.ts).
 */
export const views: readonly View[] = [journeyView, emotionView, blueprintView, priorityView, stagesView].map(limited);

export const VIEW_NAMES = views.map((v) => v.id);

export function findView(id: string): View | undefined {
  return views.find((v) => v.id === id);
}

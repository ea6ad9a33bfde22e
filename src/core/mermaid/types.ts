/** Mermaid views (issue 5): the shapes shared by the view generators and the CLI. */
import type { JourneyMap } from '../model.js';
import type { ScoreReport } from '../score/types.js';
import type { MetricsReport } from '../survey/types.js';

export interface ViewInput {
  map: JourneyMap;
  score?: ScoreReport;
  metrics?: MetricsReport;
}

export interface View {
  id: 'journey' | 'emotion' | 'blueprint' | 'priority' | 'stages';
  description: string;
  render(input: ViewInput): string;
}

import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { view as blueprintView } from '../../../src/core/mermaid/blueprint.js';
import { emotionView } from '../../../src/core/mermaid/emotion.js';
import { findView, views } from '../../../src/core/mermaid/index.js';
import { journeyView } from '../../../src/core/mermaid/journey.js';
import { MERMAID_MAX_TEXT, renderWithinLimit, truncateMap } from '../../../src/core/mermaid/limit.js';
import { view as priorityView } from '../../../src/core/mermaid/priority.js';
import { stagesView } from '../../../src/core/mermaid/stages.js';
import type { View } from '../../../src/core/mermaid/types.js';
import type { JourneyMap } from '../../../src/core/model.js';
import { MAX_TEXT_SIZE } from '../../../src/io/mermaid-runtime.js';
import { LONG_TOUCHPOINTS, MANY_TOUCHPOINTS, largeMapYaml } from '../../large-map.js';
import { defaultScore } from './view-fixtures.js';

/**
 * Untrusted pull requests (issue 11): Mermaid refuses (and the HTML report showed an error
 * picture for) any diagram over its 500,000-character limit. No view returns a longer source: a
 * large map is drawn from its start, and the diagram says visibly how much was left out.
 */

const NOTE = /(\d+) more touchpoints?(?: and (\d+) more stages?)? not drawn as the diagram would be over the Mermaid size limit/;
const RAW: Record<View['id'], View> = { journey: journeyView, emotion: emotionView, blueprint: blueprintView, priority: priorityView, stages: stagesView };

const MAPS = {
  // With emotions (the emotion curve leaves out touchpoints without one), and more of them: the
  // curve's labels are cut to fit, so it takes 12,000 to go over the limit by number.
  'many short touchpoints': parse(largeMapYaml({ ...MANY_TOUCHPOINTS, touchpoints: 12_000, emotion: true })) as JourneyMap,
  '2,000 long touchpoints': parse(largeMapYaml(LONG_TOUCHPOINTS)) as JourneyMap,
};
const total = (map: JourneyMap): number => map.stages.reduce((n, s) => n + (s.touchpoints?.length ?? 0), 0);

/** The touchpoints a source draws, by view. */
function drawnTouchpoints(id: View['id'], source: string): number | undefined {
  switch (id) {
    case 'journey':
      return source.match(/^ {8}\S.*: [1-5](?:: |$)/gm)?.length ?? 0;
    case 'stages':
      return source.match(/^ {8}t\d+\["/gm)?.length ?? 0;
    case 'blueprint':
      return source.match(/ c\d+\["/g)?.length ?? 0;
    case 'emotion':
      return /^ {4}bar \[(.*)\]$/m.exec(source)![1]!.split(', ').length;
    default:
      return undefined;
  }
}

describe('every Mermaid view stays within the Mermaid size limit', () => {
  it('is the limit the renderers give Mermaid', () => {
    expect(MERMAID_MAX_TEXT).toBe(500_000);
    expect(MAX_TEXT_SIZE).toBe(MERMAID_MAX_TEXT);
  });

  it('the test maps are over the limit in every view when drawn whole (so the tests below bite)', () => {
    const over = new Set<string>();
    for (const map of Object.values(MAPS)) {
      for (const view of Object.values(RAW)) if (view.render({ map, score: defaultScore(map) }).length > MERMAID_MAX_TEXT) over.add(view.id);
    }
    expect([...over].sort()).toEqual(views.map((v) => v.id).sort());
  });

  for (const [name, map] of Object.entries(MAPS)) {
    for (const id of ['journey', 'emotion', 'blueprint', 'priority', 'stages'] as const) {
      it(`${id} view of ${name}: at most 500,000 characters, the first touchpoints, and a note on the rest`, () => {
        const input = { map, score: defaultScore(map) };
        const whole = RAW[id].render(input);
        const source = findView(id)!.render(input);
        expect(source.length).toBeLessThanOrEqual(MERMAID_MAX_TEXT);
        expect(source).not.toMatch(/NaN|Infinity|undefined/);
        if (whole.length <= MERMAID_MAX_TEXT) {
          expect(source).toBe(whole);
          return;
        }
        // Close to the limit: as much as fits is drawn.
        expect(source.length).toBeGreaterThan(MERMAID_MAX_TEXT * 0.9);
        const note = NOTE.exec(source);
        expect(note, 'the note on what was left out').not.toBeNull();
        const drawn = drawnTouchpoints(id, source);
        if (drawn !== undefined) {
          expect(drawn).toBeGreaterThan(0);
          expect(drawn + Number(note![1])).toBe(total(map));
        }
        // The diagram starts as the whole one does: same kind, same opening.
        expect(source.split('\n')[0]).toBe(whole.split('\n')[0]);
      });
    }
  }

  it('a shortened map keeps its start in journey order and counts what it left out', () => {
    const map = MAPS['2,000 long touchpoints'];
    const { map: start, omitted } = truncateMap(map, 103);
    // Stage 1 (1 entry) with its 100 touchpoints, then stage 2 with its first touchpoint.
    expect(start.stages.map((s) => s.touchpoints!.length)).toEqual([100, 1]);
    expect(omitted).toEqual({ touchpoints: 1_899, stages: 18, touchpointsTotal: 2_000 });
  });

  it('says why, as an input error (exit 2), when not even the title fits', () => {
    const map = { ...MAPS['2,000 long touchpoints'], title: '€'.repeat(100_000) };
    expect(() => renderWithinLimit(journeyView, { map })).toThrow(InputError);
    expect(() => renderWithinLimit(journeyView, { map })).toThrow(/journey diagram of map 'large-map' would be \d+ characters, over Mermaid's limit of 500000/);
  });
});

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mapSchemaValidator } from '../../../src/io/schemas.js';
import type { JourneyMap } from '../../../src/core/model.js';
import { pruneMap } from '../../../src/core/validate.js';
import { parseYaml } from '../../../src/core/yaml/parse.js';
import { VALID_MAP } from '../../cli/harness.js';

const MAP_SCHEMA = await mapSchemaValidator();

/** The schema's findings for `text`, then what pruning leaves of the map. */
function prune(text: string) {
  const parsed = parseYaml(text);
  const errors = MAP_SCHEMA.validate(parsed.value, parsed.sourceMap, text);
  return {
    errors,
    pruned: pruneMap(
      parsed.value,
      errors.map((e) => e.path ?? ''),
      MAP_SCHEMA,
      parsed.sourceMap,
      text,
    ),
  };
}

const TWO_TOUCHPOINTS = VALID_MAP.replace(
  '      - id: checkout\n',
  '      - id: basket\n        name: Basket\n        channel: web\n        emotion: lots\n      - id: checkout\n',
);

describe('pruneMap: what the rules see of a map the schema rejected in part', () => {
  it('leaves a rejected touchpoint out as a hole, so the next one keeps its index', () => {
    const { errors, pruned } = prune(TWO_TOUCHPOINTS);
    expect(errors.map((e) => e.path)).toEqual(['/stages/0/touchpoints/0/emotion']);
    const touchpoints = pruned!.map.stages[0]!.touchpoints!;
    expect(touchpoints.length).toBe(2);
    expect(0 in touchpoints).toBe(false);
    expect(touchpoints[1]!.id).toBe('checkout');
    expect([...pruned!.parts].sort()).toEqual(['kpis', 'opportunities', 'pain_points', 'touchpoints']);
  });

  it('leaves out a rejected top-level field, and nothing else', () => {
    const { pruned } = prune(VALID_MAP.replace('title: Online order\n', 'title: Online order\nupdated: someday\n'));
    expect(pruned!.map).toEqual(parse(VALID_MAP) as JourneyMap);
    expect([...pruned!.parts]).toEqual(['updated']);
  });

  it('gives up when a required top-level field or the top level itself is rejected', () => {
    expect(prune(VALID_MAP.replace('id: online-order', 'id: Online Order')).pruned).toBeUndefined();
    expect(prune(VALID_MAP.replace('version: 1', 'version: 2')).pruned).toBeUndefined();
    expect(prune(VALID_MAP + 'stages_typo: []\n').pruned).toBeDefined();
    expect(pruneMap(['a list'], [''], MAP_SCHEMA, parseYaml('- a list').sourceMap, '- a list')).toBeUndefined();
  });

  it('does not touch the parsed value', () => {
    const parsed = parseYaml(TWO_TOUCHPOINTS);
    const before = structuredClone(parsed.value);
    const errors = MAP_SCHEMA.validate(parsed.value, parsed.sourceMap, TWO_TOUCHPOINTS);
    pruneMap(
      parsed.value,
      errors.map((e) => e.path ?? ''),
      MAP_SCHEMA,
      parsed.sourceMap,
      TWO_TOUCHPOINTS,
    );
    expect(parsed.value).toEqual(before);
  });
});

import type { Rule } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'invalid-emotion-scale',
    severity: 'error',
    description: "The map's `scales.emotion` has a `min` that is not below its `max`.",
    docs: "`scales.emotion` declares the range of the touchpoints' `emotion` values; `min` is the most negative feeling and `max` the most positive, so `min` must be below `max`. A reversed or empty scale makes every emotion meaningless, so the rule reports it at `max` and emotion-out-of-scale skips the map until it is fixed. Swap the two values, or widen the scale (the default is -2 to 2).",
  },
  check({ map }) {
    const scale = map.scales?.emotion;
    if (scale === undefined || scale.min < scale.max) return [];
    return [
      {
        message:
          scale.min === scale.max
            ? `Emotion scale max ${scale.max} equals its min ${scale.min}, so the scale has no range.`
            : `Emotion scale max ${scale.max} is below its min ${scale.min}.`,
        path: ['scales', 'emotion', 'max'],
        hint:
          scale.min === scale.max
            ? 'Give the scale a range, e.g. `emotion: {min: -2, max: 2}` (the default).'
            : `Swap the values: \`emotion: {min: ${scale.max}, max: ${scale.min}}\`.`,
      },
    ];
  },
};

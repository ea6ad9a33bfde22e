import { emotionScale, touchpointsOf } from '../model.js';
import type { Rule, RuleFinding } from './rule.js';

export const rule: Rule = {
  meta: {
    id: 'emotion-out-of-scale',
    severity: 'error',
    description: "A touchpoint's emotion lies outside the map's emotion scale.",
    docs: "Emotion is a number on the map's emotion scale: `scales.emotion` (`min` and `max`, inclusive), by default -2 (very negative) to 2 (very positive). A value outside the scale cannot be drawn on the emotion curve and distorts averages; it usually comes from a map written on another scale (1 to 5, say) without declaring it. Bring the value into the scale, or declare the scale the map actually uses. When the scale itself is invalid, invalid-emotion-scale reports it and this rule stays silent.",
    needsComplete: ['scales'],
  },
  check({ map }) {
    const scale = emotionScale(map);
    if (!(scale.min < scale.max)) return [];
    const declared = map.scales?.emotion !== undefined;
    const findings: RuleFinding[] = [];
    for (const { touchpoint, path } of touchpointsOf(map)) {
      const emotion = touchpoint.emotion;
      if (emotion === undefined || (emotion >= scale.min && emotion <= scale.max)) continue;
      findings.push({
        message: `Touchpoint '${touchpoint.id}' has emotion ${emotion}, outside the map's emotion scale ${scale.min} to ${scale.max}.`,
        path: [...path, 'emotion'],
        hint: declared
          ? `Use a value from ${scale.min} to ${scale.max}, or widen \`scales.emotion\` if the map uses a larger scale.`
          : `Use a value from ${scale.min} to ${scale.max} (the default scale), or declare the scale the map uses, e.g. \`scales: {emotion: {min: 1, max: 5}}\`.`,
      });
    }
    return findings;
  },
};

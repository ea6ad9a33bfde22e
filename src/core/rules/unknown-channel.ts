import { STANDARD_CHANNELS, touchpointsOf } from '../model.js';
import { didYouMean } from '../suggest.js';
import type { Rule, RuleFinding } from './rule.js';
import { configFileName, sentences } from './shared.js';

export const rule: Rule = {
  meta: {
    id: 'unknown-channel',
    severity: 'warning',
    description: "A touchpoint's channel is neither a standard channel nor declared under `channels` in the workspace config.",
    docs: 'Channels are a shared vocabulary so that reports can group touchpoints across maps. The standard channels (web, mobile-app, store, phone, chat, email, social, sms, mail, self-service, in-person) are always known; a workspace adds its own under `channels:` in journeykit.config.yaml, which extends the standard list rather than replacing it. Any other channel is usually a typo (the hint suggests the closest known channel) or a channel that should be declared.',
  },
  check({ map, config }) {
    const known = [...STANDARD_CHANNELS, ...(config.channels ?? [])];
    const knownSet = new Set(known);
    const findings: RuleFinding[] = [];
    for (const { touchpoint, path } of touchpointsOf(map)) {
      const channel = touchpoint.channel;
      if (knownSet.has(channel)) continue;
      findings.push({
        message: `Touchpoint '${touchpoint.id}' uses channel '${channel}', which is neither a standard channel nor declared in the workspace config.`,
        path: [...path, 'channel'],
        hint: sentences(didYouMean(channel, known), `If '${channel}' is a channel of your own, declare it under \`channels:\` in ${configFileName(config)}.`),
      });
    }
    return findings;
  },
};

import { describe, expect, it } from 'vitest';
import { STANDARD_CHANNELS } from '../../../src/core/model.js';
import { rule } from '../../../src/core/rules/unknown-channel.js';
import type { RuleCase } from './helpers.js';
import { checkCase, mapWith, touchpoint } from './helpers.js';

const TP = ['stages', 0, 'touchpoints', 0];

describe('unknown-channel', () => {
  it.each<RuleCase>([
    {
      name: 'valid: every standard channel',
      map: mapWith(STANDARD_CHANNELS.map((channel) => touchpoint(`tp-${channel}`, { channel }))),
      expected: [],
    },
    {
      name: 'valid: a declared channel extends the standard list',
      map: mapWith([touchpoint('updates', { channel: 'whatsapp' }), touchpoint('checkout', { channel: 'web' })]),
      config: { channels: ['whatsapp'] },
      expected: [],
    },
    {
      name: 'invalid: a typo of a standard channel',
      map: mapWith([touchpoint('checkout', { channel: 'webb' })]),
      expected: [
        {
          path: [...TP, 'channel'],
          message: "Touchpoint 'checkout' uses channel 'webb', which is neither a standard channel nor declared in the workspace config.",
          hint: "Did you mean 'web'? If 'webb' is a channel of your own, declare it under `channels:` in journeykit.config.yaml.",
        },
      ],
    },
    {
      name: 'invalid: an undeclared channel, naming the config file in use',
      map: mapWith([touchpoint('checkout'), touchpoint('updates', { channel: 'whatsapp' })]),
      config: { file: 'config/journeykit.config.yaml', channels: ['kiosk'] },
      expected: [
        {
          path: ['stages', 0, 'touchpoints', 1, 'channel'],
          message: ["'updates'", "'whatsapp'"],
          hint: ['under `channels:` in config/journeykit.config.yaml'],
          notInHint: ['Did you mean'],
        },
      ],
    },
    {
      name: 'invalid: a typo of a declared channel',
      map: mapWith([touchpoint('updates', { channel: 'whatsap' })]),
      config: { channels: ['whatsapp'] },
      expected: [{ path: [...TP, 'channel'], message: ["'whatsap'"], hint: ["Did you mean 'whatsapp'?"] }],
    },
  ])('$name', (testCase) => {
    expect(checkCase(rule, testCase)).toHaveLength(testCase.expected.length);
  });
});

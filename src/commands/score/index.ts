import { Option } from 'commander';
import { choicesFrom, defineCommand } from '../command.js';
import { configOption, evidenceOptions, outputOption } from '../options.js';
import type { ScoreFlags } from './run.js';

export const score = defineCommand<[map: string], ScoreFlags>({
  name: 'score',
  description: 'rank touchpoints by friction and priority, and opportunities by value for effort',
  arguments: [{ syntax: '<map>', description: 'journey map' }],
  options: [
    new Option('--weights <file>', 'scoring weights (the keys of scoring: in journeykit.config.yaml)'),
    new Option('--top <n>', 'list only the first n touchpoints and opportunities'),
    choicesFrom(new Option('-f, --format <format>', 'output format').default('table'), async () => (await import('../../core/score/formatters/index.js')).SCORE_FORMAT_NAMES),
    configOption(),
    outputOption('the result'),
    ...evidenceOptions(),
  ],
  examples: [
    'journey score journeys/online-order.journey.yaml',
    'journey score journeys/online-order.journey.yaml --survey export.csv --top 5',
    'journey metrics export.csv --by touchpoint --format json --output m.json && journey score map.journey.yaml --metrics m.json --format json',
  ],
  load: async () => (await import('./run.js')).scoreCommand,
});

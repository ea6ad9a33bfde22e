import { Option } from 'commander';
import { choicesFrom, defineCommand } from '../command.js';
import { configOption, outputOption } from '../options.js';
import type { DiffFlags } from './run.js';

export const diff = defineCommand<[paths: string[]], DiffFlags>({
  name: 'diff',
  description: 'what changed for the customer between two versions of maps: items by id, friction and priority deltas',
  arguments: [{ syntax: '[paths...]', description: 'BASE HEAD map files; with --git, paths that limit the search (default: the whole repository)' }],
  options: [
    new Option('--git <rev>', 'compare every changed, added, removed or renamed map in the working tree against a git revision'),
    choicesFrom(new Option('-f, --format <format>', 'output format').default('text'), async () => (await import('../../core/diff/formatters/index.js')).DIFF_FORMAT_NAMES),
    new Option('--fail-on-increase <n>', "exit 1 when a touchpoint's friction rises by more than n points (0..100)"),
    configOption(),
    outputOption('the diff'),
  ],
  examples: [
    'journey diff old/online-order.journey.yaml journeys/online-order.journey.yaml',
    'journey diff --git origin/main',
    'journey diff --git origin/main journeys/ --format markdown --output diff.md',
    'journey diff --git HEAD~1 --fail-on-increase 10',
  ],
  load: async () => (await import('./run.js')).diffCommand,
});

import { Option } from 'commander';
import { choicesFrom, defineCommand } from '../command.js';
import { configOption, outputOption } from '../options.js';
import type { ValidateFlags } from './run.js';

export const FAIL_ON_LEVELS = ['error', 'warning'] as const;

export const validate = defineCommand<[paths: string[]], ValidateFlags>({
  name: 'validate',
  description: 'validate journey maps against the JSON Schema and the lint rules',
  arguments: [{ syntax: '[paths...]', description: 'files, directories or globs (default: every *.journey.yaml|yml below the working directory)' }],
  options: [
    choicesFrom(new Option('-f, --format <format>', 'output format').default('stylish'), async () => (await import('../../core/formatters/index.js')).FORMAT_NAMES),
    new Option('--fail-on <level>', 'lowest severity that fails the run').choices(FAIL_ON_LEVELS).default('error'),
    new Option('--max-warnings <n>', 'fail when there are more than n warnings'),
    new Option('-q, --quiet', 'report errors only'),
    configOption(),
    outputOption('the report'),
  ],
  examples: [
    'journey validate                                   every map below the working directory',
    'journey validate examples/retail --quiet           errors only',
    "journey validate 'maps/**/*.journey.yaml' --format sarif --output journeykit.sarif",
    'journey validate --format github --max-warnings 0  annotations in GitHub Actions',
  ],
  load: async () => (await import('./run.js')).validateCommand,
});

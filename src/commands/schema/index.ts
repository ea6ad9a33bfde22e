import { Option } from 'commander';
import { defineCommand } from '../command.js';
import { outputOption } from '../options.js';
import type { SchemaFlags } from './run.js';

export const schema = defineCommand<[], SchemaFlags>({
  name: 'schema',
  description: 'print the JSON Schema of journey maps (or of the workspace config, or of metrics JSON)',
  options: [
    new Option('--config', 'print the schema of journeykit.config.yaml instead').conflicts('metrics'),
    new Option('--metrics', 'print the schema of `journey metrics --format json` output (what --metrics FILE.json must fit)'),
    outputOption('the schema'),
  ],
  examples: ['journey schema > schemas/journey-map.schema.json', 'journey schema --config', 'journey schema --metrics'],
  load: async () => (await import('./run.js')).schemaCommand,
});

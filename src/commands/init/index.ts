import { Option } from 'commander';
import { TEMPLATE_NAMES } from '../../core/workspace-templates.js';
import { defineCommand } from '../command.js';
import type { InitFlags } from './run.js';

export const init = defineCommand<[dir: string], InitFlags>({
  name: 'init',
  description: 'scaffold a workspace: config, an example map, a .gitignore and a GitHub Actions workflow (overwrites nothing without --force)',
  arguments: [{ syntax: '[dir]', description: 'workspace directory', default: '.' }],
  options: [
    new Option('-t, --template <name>', 'industry template, or blank for an empty map').choices(TEMPLATE_NAMES).default('retail'),
    new Option('--force', 'replace the files init writes if they exist (a .gitignore is only added to)'),
  ],
  examples: ['journey init', 'journey init cx-maps --template healthcare', 'journey init --template blank --force'],
  load: async () => (await import('./run.js')).initCommand,
});

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, VALID_MAP, runCli, workspace } from './harness.js';

/**
 * `--output` never replaces a file the command read. The workspace config is one of them, whether
 * named with --config or found by walking up: `journey validate --output journeykit.config.yaml`
 * once replaced the config with the validation report.
 */
const CONFIG = 'channels: [kiosk]\n';
const SURVEY = readFileSync(path.join(REPO_ROOT, 'examples/surveys/online-order-survey.csv'));

const commands: [string, string[]][] = [
  ['validate', ['validate', 'm.journey.yaml']],
  ['score', ['score', 'm.journey.yaml']],
  ['render', ['render', 'm.journey.yaml', '--view', 'journey']],
  ['report', ['report', 'm.journey.yaml']],
  ['metrics', ['metrics', 'export.csv']],
  ['diff', ['diff', 'm.journey.yaml', 'm.journey.yaml']],
  ['diff --git', ['diff', '--git', 'HEAD']],
];

describe('--output refuses the workspace config', () => {
  it.each(commands)('%s: named with --config, or found by walking up', async (_name, argv) => {
    for (const [configFlag, configFile] of [
      [['--config', 'settings.yaml'], 'settings.yaml'],
      [[], 'journeykit.config.yaml'],
    ] as const) {
      const cwd = workspace({ 'm.journey.yaml': VALID_MAP, 'export.csv': SURVEY, [configFile]: CONFIG });
      const result = await runCli([...argv, ...configFlag, '--output', configFile], { cwd });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`journey: error: Refusing to write '${configFile}': it is one of this command's input files.`);
      expect(readFileSync(path.join(cwd, configFile), 'utf8')).toBe(CONFIG);
      expect(readdirSync(cwd).sort()).toEqual([configFile, 'export.csv', 'm.journey.yaml'].sort());
    }
  });
});

import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { UsageError, InputError } from '../core/errors.js';
import { PACKAGE_ROOT } from '../io/package.js';
import { displayPath } from '../io/paths.js';
import { writeNew } from '../io/write.js';
import { escapeTerminal } from '../core/escape/terminal.js';

/** One explicit list: each template is a shipped example map, so templates are always valid. */
export const TEMPLATES = {
  retail: 'examples/retail/online-order.journey.yaml',
  saas: 'examples/saas/trial-onboarding.journey.yaml',
  healthcare: 'examples/healthcare/appointment.journey.yaml',
  'financial-services': 'examples/financial-services/account-opening.journey.yaml',
} as const;

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

const SCHEMA_LINE = /^# yaml-language-server: \$schema=.*$/m;

/** Points the editor's schema line at the schema installed with journeykit in the workspace. */
function withSchemaLine(text: string, fromDir: string, workspace: string, schema: string): string {
  const target = path.join(workspace, 'node_modules', 'journeykit', 'schemas', schema);
  const relative = path.relative(fromDir, target).split(path.sep).join('/');
  const line = `# yaml-language-server: $schema=${relative}`;
  return SCHEMA_LINE.test(text) ? text.replace(SCHEMA_LINE, line) : `${line}\n${text}`;
}

export async function initCommand(dir: string | undefined, flags: { template: string }, context: CommandContext): Promise<number> {
  if (!(TEMPLATE_NAMES as string[]).includes(flags.template)) {
    throw new UsageError(`Unknown template '${flags.template}'.`, `Use one of: ${TEMPLATE_NAMES.join(', ')}.`);
  }
  const workspace = path.resolve(context.cwd, dir ?? '.');
  const example = path.join(PACKAGE_ROOT, TEMPLATES[flags.template as TemplateName]);
  const mapName = path.basename(example);
  const journeysDir = path.join(workspace, 'journeys');
  const workflowDir = path.join(workspace, '.github', 'workflows');

  const [mapText, configText, workflowText] = await Promise.all([
    readFile(example, 'utf8'),
    readFile(path.join(PACKAGE_ROOT, 'examples', 'journeykit.config.yaml'), 'utf8'),
    readFile(path.join(PACKAGE_ROOT, 'templates', 'github-workflow.yml'), 'utf8'),
  ]);
  const plan = [
    { file: path.join(workspace, 'journeykit.config.yaml'), text: withSchemaLine(configText, workspace, workspace, 'journeykit-config.schema.json') },
    { file: path.join(journeysDir, mapName), text: withSchemaLine(mapText, journeysDir, workspace, 'journey-map.schema.json') },
    { file: path.join(workflowDir, 'journeykit.yml'), text: workflowText },
  ];

  try {
    await mkdir(journeysDir, { recursive: true });
    await mkdir(workflowDir, { recursive: true });
  } catch (error) {
    throw new InputError(`Cannot create '${displayPath(context.cwd, workspace)}' (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, 'Check the path and its permissions.');
  }
  let created = 0;
  for (const { file, text } of plan) {
    // The directory is the user's own text: nothing in it may drive the terminal.
    const shown = escapeTerminal(displayPath(context.cwd, file));
    if (await writeNew(file, text)) {
      created++;
      context.stdout.write(`created  ${shown}\n`);
    } else {
      context.stdout.write(`skipped  ${shown} (exists; journeykit never overwrites a file)\n`);
    }
  }
  const where = escapeTerminal(displayPath(context.cwd, workspace));
  context.stdout.write(
    created > 0
      ? `\nNext: journey validate ${where === '.' ? '' : where}\n`.replace(/ \n$/, '\n')
      : '\nNothing to do: every file already exists.\n',
  );
  return 0;
}

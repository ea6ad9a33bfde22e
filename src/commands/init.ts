import { existsSync } from 'node:fs';
import { lstat, mkdir, readFile, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { UsageError, InputError } from '../core/errors.js';
import { mergeGitignore, renderConfig, surveyTarget, TEMPLATE_NAMES, WORKSPACE_TEMPLATES, type TemplateName, type WorkspaceTemplate } from '../core/workspace-templates.js';
import { PACKAGE_ROOT } from '../io/package.js';
import { displayPath } from '../io/paths.js';
import { fileKind } from '../io/read.js';
import { writeAtomicAll } from '../io/write.js';
import { escapeTerminal } from '../core/escape/terminal.js';

export { TEMPLATE_NAMES, WORKSPACE_TEMPLATES, type TemplateName } from '../core/workspace-templates.js';

const SCHEMA_LINE = /^# yaml-language-server: \$schema=.*$/m;

/** Points the editor's schema line at the schema installed with journeykit in the workspace. */
function withSchemaLine(text: string, fromDir: string, workspace: string, schema: string): string {
  const target = path.join(workspace, 'node_modules', 'journeykit', 'schemas', schema);
  const relative = path.relative(fromDir, target).split(path.sep).join('/');
  const line = `# yaml-language-server: $schema=${relative}`;
  return SCHEMA_LINE.test(text) ? text.replace(SCHEMA_LINE, line) : `${line}\n${text}`;
}

/** Whether anything (a file, a directory, a dangling link) is at `file`. */
async function occupied(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' || error.code === 'ENOTDIR' ? false : Promise.reject(error)),
  );
}

/** The directories `mkdir -p dir` would create. */
async function missingDirs(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let current = dir; !(await occupied(current)); current = path.dirname(current)) {
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  return missing;
}

async function readGitignore(file: string, shown: string): Promise<string | undefined> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' || error.code === 'ENOTDIR' ? undefined : Promise.reject(new InputError(`Cannot read '${shown}' (${error.code ?? 'error'}).`, 'Check its permissions.'))));
  if (info === undefined) return undefined;
  if (!info.isFile()) throw new InputError(`Cannot add to '${shown}': it is ${info.isDirectory() ? 'a directory' : fileKind(info)}, not a regular file.`, 'Move it away and run journey init again.');
  return readFile(file, 'utf8');
}

export async function initCommand(dir: string | undefined, flags: { template: string; force?: boolean }, context: CommandContext): Promise<number> {
  if (!(TEMPLATE_NAMES as string[]).includes(flags.template)) {
    throw new UsageError(`Unknown template '${flags.template}'.`, `Use one of: ${TEMPLATE_NAMES.join(', ')}.`);
  }
  const template: WorkspaceTemplate = WORKSPACE_TEMPLATES[flags.template as TemplateName];
  const workspace = path.resolve(context.cwd, dir ?? '.');
  // The directory is the user's own text: nothing in it may drive the terminal.
  const show = (file: string): string => escapeTerminal(displayPath(context.cwd, file));
  const mapName = path.basename(template.map);
  const journeysDir = path.join(workspace, 'journeys');
  const workflowDir = path.join(workspace, '.github', 'workflows');
  const survey = surveyTarget(template);

  const read = (file: string): Promise<string> => readFile(path.join(PACKAGE_ROOT, file), 'utf8');
  const [mapText, configSkeleton, workflowText, gitignoreText, surveyText] = await Promise.all([
    read(template.map),
    read('templates/init/journeykit.config.yaml'),
    read('templates/github-workflow.yml'),
    read('templates/init/gitignore'),
    template.survey === undefined ? undefined : read(template.survey.export),
  ]);
  const plan = [
    { file: path.join(workspace, 'journeykit.config.yaml'), text: withSchemaLine(renderConfig(configSkeleton, template), workspace, workspace, 'journeykit-config.schema.json') },
    { file: path.join(journeysDir, mapName), text: withSchemaLine(mapText, journeysDir, workspace, 'journey-map.schema.json') },
    ...(survey === undefined || surveyText === undefined ? [] : [{ file: path.join(workspace, survey), text: surveyText }]),
    { file: path.join(workflowDir, 'journeykit.yml'), text: workflowText },
  ];

  // Everything is checked before anything is written: a file in the way stops the whole run.
  const existing: string[] = [];
  for (const { file } of plan) {
    try {
      if (await occupied(file)) existing.push(file);
    } catch (error) {
      throw new InputError(`Cannot check '${show(file)}' (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, 'Check the path and its permissions.');
    }
  }
  if (existing.length > 0 && flags.force !== true) {
    const others = existing.length - 1;
    throw new InputError(
      `'${show(existing[0]!)}'${others > 0 ? ` and ${others} other file${others > 1 ? 's' : ''} this template writes` : ''} already exist${others > 0 ? '' : 's'}; journey init writes nothing over a file.`,
      'Run it in a new directory, or add --force to replace the files it writes (your changes to them are lost).',
    );
  }
  const gitignore = path.join(workspace, '.gitignore');
  const oldGitignore = await readGitignore(gitignore, show(gitignore));
  const newGitignore = oldGitignore === undefined ? gitignoreText : mergeGitignore(oldGitignore, gitignoreText);

  const dirs = [...new Set(plan.map(({ file }) => path.dirname(file)))];
  const created: string[] = [];
  const removeCreatedDirs = async (): Promise<void> => {
    // Deepest first; a directory something else has filled meanwhile stays.
    for (const made of [...created].sort((a, b) => b.length - a.length)) await rmdir(made).catch(() => undefined);
  };
  try {
    for (const needed of dirs) {
      const missing = await missingDirs(needed);
      await mkdir(needed, { recursive: true });
      created.push(...missing);
    }
  } catch (error) {
    await removeCreatedDirs();
    throw new InputError(`Cannot create '${show(workspace)}' (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, 'Check the path and its permissions.');
  }
  const files = [...plan, ...(newGitignore === undefined ? [] : [{ file: gitignore, text: newGitignore }])];
  try {
    await writeAtomicAll(files.map(({ file, text }) => ({ target: file, content: text })), [], context.cwd);
  } catch (error) {
    await removeCreatedDirs();
    throw error;
  }

  for (const { file } of plan) context.stdout.write(`${existing.includes(file) ? 'replaced' : 'created '} ${show(file)}\n`);
  if (oldGitignore === undefined) context.stdout.write(`created  ${show(gitignore)}\n`);
  else if (newGitignore !== undefined) context.stdout.write(`updated  ${show(gitignore)} (added journeykit's entries it lacked)\n`);

  const where = show(workspace);
  const inside = (file: string): string => displayPath(workspace, file);
  const next = [`journey validate${where === '.' ? '' : ` ${where}`}`];
  if (survey !== undefined) {
    const cd = where === '.' ? '' : `cd ${where} && `;
    next.push(`${cd}journey metrics ${survey} --map ${inside(plan[1]!.file)}`);
  }
  context.stdout.write(`\nNext:\n${next.map((line) => `  ${line}\n`).join('')}`);
  if (!existsSync(path.join(workspace, 'package.json'))) {
    // The workflow runs `npm ci` and the journeykit the repository pins.
    context.stdout.write(
      `\nThe CI workflow runs the journeykit this repository pins: install it as a dev dependency (README, Install) and commit package.json and package-lock.json.\n`,
    );
  }
  return 0;
}

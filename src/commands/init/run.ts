import { existsSync } from 'node:fs';
import { lstat, mkdir, readFile, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CommandContext } from '../context.js';
import { InputError } from '../../core/errors.js';
import { mergeGitignore, renderConfig, surveyTarget, WORKSPACE_TEMPLATES, type TemplateName, type WorkspaceTemplate } from '../../core/workspace-templates.js';
import { PACKAGE_ROOT } from '../../io/package.js';
import { displayPath } from '../../io/paths.js';
import { fileKind } from '../../io/read.js';
import { writeAtomicAll } from '../../io/write.js';
import { escapeTerminal } from '../../core/escape/terminal.js';

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
  const info = await stat(file).catch((error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT' || error.code === 'ENOTDIR'
      ? undefined
      : Promise.reject(new InputError(`Cannot read '${shown}' (${error.code ?? 'error'}).`, 'Check its permissions.')),
  );
  if (info === undefined) return undefined;
  if (!info.isFile())
    throw new InputError(`Cannot add to '${shown}': it is ${info.isDirectory() ? 'a directory' : fileKind(info)}, not a regular file.`, 'Move it away and run journey init again.');
  return readFile(file, 'utf8');
}

export interface InitFlags {
  template: TemplateName;
  force?: boolean;
}

interface PlannedFile {
  file: string;
  text: string;
}

/** The files the template writes (config, map, survey export, workflow), with their text. */
async function planFiles(template: WorkspaceTemplate, workspace: string): Promise<PlannedFile[]> {
  const journeysDir = path.join(workspace, 'journeys');
  const workflowDir = path.join(workspace, '.github', 'workflows');
  const survey = surveyTarget(template);
  const read = (file: string): Promise<string> => readFile(path.join(PACKAGE_ROOT, file), 'utf8');
  const [mapText, configSkeleton, workflowText, surveyText] = await Promise.all([
    read(template.map),
    read('templates/init/journeykit.config.yaml'),
    read('templates/github-workflow.yml'),
    template.survey === undefined ? undefined : read(template.survey.export),
  ]);
  return [
    { file: path.join(workspace, 'journeykit.config.yaml'), text: withSchemaLine(renderConfig(configSkeleton, template), workspace, workspace, 'journeykit-config.schema.json') },
    { file: path.join(journeysDir, path.basename(template.map)), text: withSchemaLine(mapText, journeysDir, workspace, 'journey-map.schema.json') },
    ...(survey === undefined || surveyText === undefined ? [] : [{ file: path.join(workspace, survey), text: surveyText }]),
    { file: path.join(workflowDir, 'journeykit.yml'), text: workflowText },
  ];
}

/** The planned files already there; without --force any of them stops the whole run, before anything is written. */
async function existingFiles(plan: readonly PlannedFile[], force: boolean, show: (file: string) => string): Promise<string[]> {
  const existing: string[] = [];
  for (const { file } of plan) {
    try {
      if (await occupied(file)) existing.push(file);
    } catch (error) {
      throw new InputError(`Cannot check '${show(file)}' (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, 'Check the path and its permissions.');
    }
  }
  if (existing.length > 0 && !force) {
    const others = existing.length - 1;
    throw new InputError(
      `'${show(existing[0]!)}'${others > 0 ? ` and ${others} other file${others > 1 ? 's' : ''} this template writes` : ''} already exist${others > 0 ? '' : 's'}; journey init writes nothing over a file.`,
      'Run it in a new directory, or add --force to replace the files it writes (your changes to them are lost).',
    );
  }
  return existing;
}

/** Creates the directories and writes the files, all or nothing: on failure the directories it made are removed. */
async function writeWorkspace(files: readonly PlannedFile[], workspace: string, context: CommandContext, show: (file: string) => string): Promise<void> {
  const dirs = [...new Set(files.map(({ file }) => path.dirname(file)))];
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
  try {
    await writeAtomicAll(
      files.map(({ file, text }) => ({ target: file, content: text })),
      [],
      context.cwd,
    );
  } catch (error) {
    await removeCreatedDirs();
    throw error;
  }
}

/** What was written, and the next commands to run. */
function printNext(context: CommandContext, template: WorkspaceTemplate, workspace: string, mapFile: string, show: (file: string) => string): void {
  const survey = surveyTarget(template);
  const where = show(workspace);
  const inside = (file: string): string => displayPath(workspace, file);
  const next = [`journey validate${where === '.' ? '' : ` ${where}`}`];
  if (survey !== undefined) {
    const cd = where === '.' ? '' : `cd ${where} && `;
    next.push(`${cd}journey metrics ${survey} --map ${inside(mapFile)}`);
  }
  context.stdout.write(`\nNext:\n${next.map((line) => `  ${line}\n`).join('')}`);
  if (!existsSync(path.join(workspace, 'package.json'))) {
    // The workflow runs `npm ci` and the journeykit the repository pins.
    context.stdout.write(
      `\nThe CI workflow runs the journeykit this repository pins: install it as a dev dependency (README, Install) and commit package.json and package-lock.json.\n`,
    );
  }
}

export async function initCommand(dir: string | undefined, flags: InitFlags, context: CommandContext): Promise<number> {
  const template: WorkspaceTemplate = WORKSPACE_TEMPLATES[flags.template];
  const workspace = path.resolve(context.cwd, dir ?? '.');
  // The directory is the user's own text: nothing in it may drive the terminal.
  const show = (file: string): string => escapeTerminal(displayPath(context.cwd, file));
  const [plan, gitignoreText] = await Promise.all([planFiles(template, workspace), readFile(path.join(PACKAGE_ROOT, 'templates/init/gitignore'), 'utf8')]);
  const existing = await existingFiles(plan, flags.force === true, show);
  const gitignore = path.join(workspace, '.gitignore');
  const oldGitignore = await readGitignore(gitignore, show(gitignore));
  const newGitignore = oldGitignore === undefined ? gitignoreText : mergeGitignore(oldGitignore, gitignoreText);
  await writeWorkspace([...plan, ...(newGitignore === undefined ? [] : [{ file: gitignore, text: newGitignore }])], workspace, context, show);

  for (const { file } of plan) context.stdout.write(`${existing.includes(file) ? 'replaced' : 'created '} ${show(file)}\n`);
  if (oldGitignore === undefined) context.stdout.write(`created  ${show(gitignore)}\n`);
  else if (newGitignore !== undefined) context.stdout.write(`updated  ${show(gitignore)} (added journeykit's entries it lacked)\n`);
  printNext(context, template, workspace, plan[1]!.file, show);
  return 0;
}

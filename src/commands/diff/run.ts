import { lstat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import type { CommandContext } from '../context.js';
import type { ResolvedConfig } from '../../core/config.js';
import type { DiffSide } from '../../core/diff/model.js';
import { buildDiffReport, diffFile } from '../../core/diff/model.js';
import type { DiffFormatName } from '../../core/diff/formatters/index.js';
import { diffFormatters } from '../../core/diff/formatters/index.js';
import type { FileDiff } from '../../core/diff/types.js';
import { UsageError } from '../../core/errors.js';
import { escapeTerminal } from '../../core/escape/terminal.js';
import { rules } from '../../core/rules/index.js';
import { scoringSettings } from '../../core/score/settings.js';
import type { InputFile } from '../../core/validate.js';
import { validateRun } from '../../core/validate.js';
import { changedFiles, gitToplevel, readAtRevision, verifyRevision } from '../../io/git.js';
import { displayPath } from '../../io/paths.js';
import { MAP_FILE_LIMIT, readInputFile, readNamedInput, symlinkNotRead } from '../../io/read.js';
import { checkTarget, writeAtomic } from '../../io/write.js';
import { loadWorkspaceConfig } from '../../io/config.js';
import { mapSchemaValidator } from '../../io/schemas.js';
import type { SchemaValidator } from '../../core/schema/validator.js';
import { inputPaths } from '../../io/paths.js';
import { printResult } from '../shared/print.js';
import { plural } from '../../core/output/plural.js';

export interface DiffFlags {
  git?: string;
  format: DiffFormatName;
  output?: string;
  failOnIncrease?: string;
  config?: string;
}

const MAP_FILE = /\.journey\.ya?ml$/;

/** One side of a comparison: compared when it passes the schema; otherwise its errors are the result. */
function toSide(input: InputFile, config: ResolvedConfig, schema: SchemaValidator): DiffSide {
  const { report, maps } = validateRun([input], { config, schema, rules });
  const map = maps[0]?.map;
  if (map) return { file: input.file, map };
  return { file: input.file, diagnostics: report.files[0]!.diagnostics.filter((d) => d.severity === 'error') };
}

/** A map in the working tree: a link (committed or not) is reported, never followed. */
async function readWorkingTreeFile(absolute: string, display: string, workspace: string | undefined): Promise<InputFile> {
  if ((await lstat(absolute).catch(() => undefined))?.isSymbolicLink()) return { file: display, diagnostic: symlinkNotRead() };
  return readInputFile(absolute, display, MAP_FILE_LIMIT, workspace);
}

export async function diffCommand(paths: readonly string[], flags: DiffFlags, context: CommandContext): Promise<number> {
  let failOnIncrease: number | undefined;
  if (flags.failOnIncrease !== undefined) {
    failOnIncrease = Number(flags.failOnIncrease);
    if (flags.failOnIncrease.trim() === '' || !Number.isFinite(failOnIncrease) || failOnIncrease < 0) {
      throw new UsageError(`--fail-on-increase must be a number of friction points of 0 or more, not '${flags.failOnIncrease}'.`);
    }
  }
  if (flags.git === undefined && paths.length !== 2) {
    throw new UsageError(
      `journey diff compares two files (BASE HEAD), or with --git REV the changed maps; got ${plural(paths.length, 'path')}.`,
      'Example: journey diff old.journey.yaml new.journey.yaml, or journey diff --git origin/main.',
    );
  }

  const { config, absolute: configPath } = await loadWorkspaceConfig(context, flags.config);
  const settings = scoringSettings(config);
  const schema = await mapSchemaValidator();
  let inputs: string[] = [];
  let report;
  if (flags.git === undefined) {
    const [baseInput, headInput] = await Promise.all([readNamedInput(context, paths[0]!, 'Base map'), readNamedInput(context, paths[1]!, 'Head map')]);
    inputs = inputPaths(context.cwd, [...paths, configPath]);
    if (flags.output !== undefined) await checkTarget(flags.output, inputs, context.cwd);
    report = buildDiffReport(baseInput.file, headInput.file, [diffFile(toSide(baseInput, config, schema), toSide(headInput, config, schema), settings)]);
  } else {
    inputs = inputPaths(context.cwd, [configPath]);
    if (flags.output !== undefined) await checkTarget(flags.output, inputs, context.cwd);
    const revision = flags.git;
    const top = await gitToplevel(context.cwd);
    await verifyRevision(top, revision);
    const specs = paths.map((p) => path.relative(top, path.resolve(context.cwd, p)).split(path.sep).join('/') || '.');
    const isIgnored = config.ignore?.length ? picomatch([...config.ignore], { dot: true }) : () => false;
    const ignoreBase = configPath !== undefined ? path.dirname(configPath) : context.cwd;
    const kept = (repoPath: string | undefined) =>
      repoPath !== undefined && MAP_FILE.test(repoPath) && !isIgnored(path.relative(ignoreBase, path.join(top, repoPath)).split(path.sep).join('/'));
    const changes = (await changedFiles(top, revision, specs)).filter((c) => kept(c.after) || kept(c.before));
    const shown = (repoPath: string) => displayPath(context.cwd, path.join(top, repoPath));
    const keys = new Map<FileDiff, string>();
    const files = await Promise.all(
      changes.map(async (c) => {
        const [base, head] = await Promise.all([
          c.before !== undefined && kept(c.before)
            ? c.beforeIsLink
              ? { file: `${revision}:${shown(c.before)}`, diagnostic: symlinkNotRead() }
              : readAtRevision(top, revision, c.before, `${revision}:${shown(c.before)}`)
            : undefined,
          c.after !== undefined && kept(c.after) ? readWorkingTreeFile(path.join(top, c.after), shown(c.after), context.workspace) : undefined,
        ]);
        if (c.after !== undefined) inputs.push(path.join(top, c.after));
        const diff = diffFile(base && toSide(base, config, schema), head && toSide(head, config, schema), settings, c.renamed && base !== undefined && head !== undefined);
        keys.set(diff, shown((c.after ?? c.before)!));
        return diff;
      }),
    );
    report = buildDiffReport(revision, 'working tree', files, (f) => keys.get(f) ?? '');
  }

  const text = diffFormatters[flags.format](report, { color: flags.output === undefined && context.color });
  if (flags.output !== undefined) await writeAtomic(flags.output, text, inputs, context.cwd);
  else printResult(context, text, { human: flags.format === 'text' });

  let code = 0;
  const invalidHeads = report.files.filter((f) => f.diagnostics?.head !== undefined);
  if (invalidHeads.length > 0) {
    // File names are user text: nothing in them may drive the terminal.
    context.stderr.write(
      `${escapeTerminal(`journey: ${invalidHeads.length} head map${invalidHeads.length === 1 ? ' is' : 's are'} not valid and could not be compared: ${invalidHeads.map((f) => f.head).join(', ')}`)}\n`,
    );
    code = 1;
  }
  const rise = report.summary.maxFrictionIncrease;
  if (failOnIncrease !== undefined && rise !== null && rise.delta > failOnIncrease) {
    const name = report.files.find((f) => (f.head ?? f.base) === rise.file)?.scores.find((s) => s.touchpoint === rise.touchpoint)?.name;
    const shown = name !== undefined ? `“${name}” (${rise.touchpoint})` : `'${rise.touchpoint}'`;
    context.stderr.write(`${escapeTerminal(`journey: friction of ${shown} in ${rise.file} rose by ${rise.delta} points, more than --fail-on-increase ${failOnIncrease}.`)}\n`);
    code = 1;
  }
  return code;
}

import { Command, CommanderError } from 'commander';
import type { AnyCommandSpec } from '../commands/command.js';
import { helpAfter, loadChoices } from '../commands/command.js';
import type { CommandContext, RunParams } from '../commands/context.js';
import { colorFor } from '../commands/context.js';
import { diff } from '../commands/diff/index.js';
import { init } from '../commands/init/index.js';
import { metrics } from '../commands/metrics/index.js';
import { render } from '../commands/render/index.js';
import { report } from '../commands/report/index.js';
import { schema } from '../commands/schema/index.js';
import { score } from '../commands/score/index.js';
import { validate } from '../commands/validate/index.js';
import { packageVersion } from '../io/package.js';
import { findWorkspace } from '../io/workspace.js';
import { STDOUT_NAMES } from '../io/write.js';
import { EXIT_ERROR, reportError } from './exit.js';

/** Every command, in the order `journey --help` lists them. */
const COMMANDS: readonly AnyCommandSpec[] = [validate, metrics, score, render, report, diff, schema, init];

const PROGRAM_HELP = `
Examples:
  $ journey init my-maps --template retail
  $ journey validate
  $ journey validate maps/ --format github
  $ journey report maps/online-order.journey.yaml --survey export.csv --output report.md
  $ journey diff --git origin/main --format markdown
  $ journey schema > journey-map.schema.json

Exit codes: 0 success, 1 findings at or above the failure level, 2 usage or input error.`;

/** What a command runs with: the streams, the workspace and the global flags. */
function commandContext(params: RunParams, command: Command): CommandContext {
  const globals = command.optsWithGlobals<{ color?: boolean; verbose?: boolean; allowOutside?: boolean }>();
  return {
    ...params,
    workspace: globals.allowOutside === true ? undefined : findWorkspace(params.cwd),
    color: colorFor(params.stdout, params.env, globals.color),
    verbose: globals.verbose === true,
  };
}

/** The `journey` program with its global flags, writing to the injected streams. */
function createProgram(params: RunParams): Command {
  return (
    new Command('journey')
      .description('Customer journey maps as YAML in git: validate, measure, score, render, report and diff them.')
      .version(packageVersion(), '-V, --version', 'print the version')
      .option('--color', 'force coloured output')
      .option('--no-color', 'disable coloured output (NO_COLOR and FORCE_COLOR are honoured too)')
      .option('--verbose', 'print stack traces of internal errors')
      .option('--allow-outside', 'read inputs outside the workspace (the git repository, else the working directory), links included')
      .exitOverride()
      // `--output -` and `--output /dev/stdout` mean standard output: no file is written.
      .hook('preAction', (_program, action) => {
        const output: unknown = action.getOptionValue('output');
        if (typeof output === 'string' && STDOUT_NAMES.includes(output)) action.setOptionValue('output', undefined);
      })
      .showHelpAfterError('(run with --help for usage)')
      .configureOutput({
        writeOut: (text) => params.stdout.write(text),
        writeErr: (text) => params.stderr.write(text),
      })
      .addHelpText('after', PROGRAM_HELP)
  );
}

/** Adds a command from its spec; its implementation is loaded when it runs, and sets the exit code. */
function register(program: Command, spec: AnyCommandSpec, params: RunParams, done: (code: number) => void): void {
  const command = program.command(spec.name).description(spec.description);
  for (const argument of spec.arguments ?? []) command.argument(argument.syntax, argument.description, argument.default);
  for (const option of spec.options) command.addOption(option);
  command.addHelpText('after', helpAfter(spec));
  command.action(async (...args: unknown[]) => {
    const invoked = args[args.length - 1] as Command;
    const run = await spec.load();
    done(await (run as (...all: unknown[]) => Promise<number>)(...args.slice(0, -1), commandContext(params, invoked)));
  });
}

/**
 * The whole CLI as a function: arguments and streams in, exit code out. The bin only wires
 * process.argv and stdio into it; tests call it in-process.
 */
export async function run(params: RunParams): Promise<number> {
  let exitCode = 0;
  const program = createProgram(params);
  for (const spec of COMMANDS) register(program, spec, params, (code) => (exitCode = code));
  try {
    // The choices kept with heavy modules (formatters, views) are loaded for the commands named only.
    await Promise.all(COMMANDS.filter((spec) => params.argv.includes(spec.name)).map((spec) => loadChoices(spec)));
    await program.parseAsync([...params.argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help asked for exits 0; help shown because no command was given is a usage error.
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) return error.exitCode === 0 ? 0 : EXIT_ERROR;
      return EXIT_ERROR;
    }
    return await reportError(error, { stderr: params.stderr, env: params.env, verbose: params.argv.includes('--verbose') });
  }
}

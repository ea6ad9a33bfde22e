import { Chalk } from 'chalk';
import { InvalidInputError, JourneyError } from '../core/errors.js';
import { escapeTerminal } from '../core/escape/terminal.js';
import type { CommandContext } from '../commands/context.js';
import { colorFor } from '../commands/context.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** The one place that turns a thrown error into a message on stderr and an exit code. */
export async function reportError(error: unknown, context: Pick<CommandContext, 'stderr' | 'env' | 'verbose'>): Promise<number> {
  const c = new Chalk({ level: colorFor(context.stderr, context.env, undefined) ? 1 : 0 });
  if (error instanceof JourneyError && error.result) {
    // Loaded only when needed: start-up time matters for every command.
    const { formatters } = await import('../core/formatters/index.js');
    context.stderr.write(
      formatters.stylish(
        { files: [error.result], summary: { files: 1, errors: error.result.diagnostics.length, warnings: 0, infos: 0 } },
        { color: c.level > 0, version: '', rules: [] },
      ),
    );
  }
  if (error instanceof JourneyError) {
    // Messages quote user text (file names, column names): no control character reaches the terminal.
    context.stderr.write(`${c.red('journey: error:')} ${escapeTerminal(error.message)}\n`);
    if (error.hint) context.stderr.write(`  ${c.dim('hint:')} ${escapeTerminal(error.hint)}\n`);
    return error instanceof InvalidInputError ? EXIT_FINDINGS : EXIT_ERROR;
  }
  const message = error instanceof Error ? error.message : String(error);
  context.stderr.write(`${c.red('journey: internal error:')} ${escapeTerminal(message)}\n`);
  if (context.verbose && error instanceof Error && error.stack) context.stderr.write(`${error.stack}\n`);
  else context.stderr.write('  hint: this is a bug in journeykit; run again with --verbose for the stack trace and report it.\n');
  return EXIT_ERROR;
}

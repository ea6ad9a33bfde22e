import { escapeTerminalLines } from '../../core/escape/terminal.js';
import type { CommandContext } from '../context.js';

/**
 * Writes a command's result to stdout. A data format (JSON, CSV, Markdown, SARIF, ...) carries user
 * text as written, which is right in a file or a pipe; on a terminal its control characters would
 * move the cursor or recolour the screen, so there they are shown as symbols (`␛`), as `ls` does
 * with odd file names. Human formats escape their text themselves, around their own colours.
 */
export function printResult(context: CommandContext, text: string, format: { human: boolean }): void {
  context.stdout.write(!format.human && context.stdout.isTTY === true ? escapeTerminalLines(text) : text);
}

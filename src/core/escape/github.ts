import { escapeTerminal } from './terminal.js';

/**
 * Escaping for GitHub Actions workflow commands (`::error file=...::message`), following
 * actions/toolkit's `escapeData` and `escapeProperty`. Without it a newline in a message could
 * end the command and start another one (`::add-mask::`, `::stop-commands::`) on the runner.
 * The commands are also printed in the job log, which draws ANSI sequences: every other control
 * character is made visible as on a terminal.
 */

/** The message part, after the last `::`. `%` goes first so nothing is escaped twice. */
export function escapeCommandData(text: string): string {
  return escapeTerminal(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A property value (`file=...`, `title=...`): `:` and `,` would end the value. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

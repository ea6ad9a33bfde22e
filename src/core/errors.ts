import type { FileResult } from './diagnostics.js';

/**
 * User errors that stop a command before it can report findings. The CLI maps each class to an
 * exit code in one place (src/cli/exit.ts); anything else that escapes is an internal error.
 */
export class JourneyError extends Error {
  /** Located findings to print before the message (an invalid config or map). */
  result?: FileResult;

  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that is readable but invalid, such as a journey map a command needs (exit 1, like findings). */
export class InvalidInputError extends JourneyError {}

/** Bad flags or arguments (exit 2). */
export class UsageError extends JourneyError {}

/** Input that cannot be read at all: a missing path, an unreadable or invalid config (exit 2). */
export class InputError extends JourneyError {}

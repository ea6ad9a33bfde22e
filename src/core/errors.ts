import type { FileResult } from './diagnostics.js';

/**
 * The base of every error journeykit throws on purpose: named after its class. Those below that
 * are not JourneyErrors are caught inside journeykit (the survey reader's NotUtf8Error and
 * CsvLineError, the YAML conversion's StopConversion); one that escaped would be an internal error.
 */
export class JourneyBaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * User errors that stop a command before it can report findings. The CLI maps each class to an
 * exit code in one place (src/cli/exit.ts); anything else that escapes is an internal error.
 */
export class JourneyError extends JourneyBaseError {
  constructor(
    message: string,
    readonly hint?: string,
    /** Located findings to print before the message (an invalid config or map). */
    readonly result?: FileResult,
  ) {
    super(message);
  }
}

/** Input that is readable but invalid, such as a journey map a command needs (exit 1, like findings). */
export class InvalidInputError extends JourneyError {}

/** Bad flags or arguments (exit 2). */
export class UsageError extends JourneyError {}

/** Input that cannot be read at all: a missing path, an unreadable or invalid config (exit 2). */
export class InputError extends JourneyError {}

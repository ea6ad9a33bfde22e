#!/usr/bin/env node
import { run } from '../dist/cli/main.js';
import { handleInterrupts } from '../dist/io/interrupt.js';

// `journey ... | head` closes the pipe early: that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// Ctrl-C, a CI runner's SIGTERM, a closed terminal: while there are temporary files or a rendering
// browser, they are removed first; the process ends by the signal either way (a shell reports 130
// for Ctrl-C, 128 + the signal's number otherwise), at once when there is nothing to remove.
handleInterrupts();

run({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
}).then((code) => {
  process.exitCode = code;
});

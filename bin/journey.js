#!/usr/bin/env node
import { constants } from 'node:os';
import { run } from '../dist/cli/main.js';
import { runInterruptCleanups } from '../dist/io/interrupt.js';

// `journey ... | head` closes the pipe early: that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// Ctrl-C, a CI runner's SIGTERM, a closed terminal: remove temporary files, stop the rendering
// browser, exit with the shell's code for the signal (130 for Ctrl-C). No partial output remains.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    runInterruptCleanups();
    process.stderr.write(`\njourney: interrupted (${signal}).\n`);
    process.exit(128 + constants.signals[signal]);
  });
}

run({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
}).then((code) => {
  process.exitCode = code;
});

#!/usr/bin/env node
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Node 22.1+ keeps the compiled code of the CLI between runs (Node 20 has no such cache). The
// cache sits beside the code it caches, in node_modules/.cache/journeykit (the nearest
// node_modules above the package's real path, as find-cache-dir does), or, where that cannot be
// written (a global install), in the user's cache directory ($XDG_CACHE_HOME or ~/.cache, or
// %LOCALAPPDATA% on Windows). Never in the temporary directory: a run leaves nothing in TMPDIR,
// and no other user can write into the cache. Failing both, it runs without one.
// NODE_COMPILE_CACHE picks another directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
if (module.enableCompileCache && process.env.NODE_COMPILE_CACHE === undefined) {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const parts = root.split(path.sep);
  const above = parts.lastIndexOf('node_modules');
  const modules = above > 0 ? parts.slice(0, above + 1).join(path.sep) : path.join(root, 'node_modules');
  const { status } = module.enableCompileCache(path.join(modules, '.cache', 'journeykit'));
  const { env } = process;
  const userCache = env.XDG_CACHE_HOME || (process.platform === 'win32' ? env.LOCALAPPDATA : env.HOME && path.join(env.HOME, '.cache'));
  if (status === module.constants.compileCacheStatus.FAILED && userCache) module.enableCompileCache(path.join(userCache, 'journeykit'));
}

// The CLI bundled at build time (scripts/bundle.mjs): a few files to read instead of ~300
// modules. Imported after the cache is enabled, so that it applies to the bundle.
// A checkout that was pulled but not built has no bundle: say so in one line, not a stack trace.
const { run, handleInterrupts } = await import('../dist/bundle/journey.mjs').catch((error) => {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.url ?? error.message).includes('dist/bundle/journey.mjs')) throw error;
  process.stderr.write('journey: error: journeykit is not built (dist/bundle/journey.mjs is missing).\n  hint: Run `npm run build` (npm ci and npm install run it).\n');
  process.exit(2);
});

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

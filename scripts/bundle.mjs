// Build step (`npm run build`, after tsc): bundles the CLI into dist/bundle/, so a cold `journey`
// resolves and reads a handful of files instead of ~300 modules. journey.mjs holds what every
// invocation needs (commander, the command specs, the workspace lookup); each command's
// implementation, the formatters and the other modules loaded with `import()` are chunks of the
// same directory, loaded when they are needed. The pure-JS dependencies are bundled; the browser
// stack (puppeteer, mermaid) stays external, and so does what the code loads with createRequire
// (iconv-lite, string-width).
// Every output file sits two levels below the package root, as the tsc output in dist/<dir>/ does:
// src/io/package.ts finds the root from its own URL.
// BUNDLE_META=FILE writes esbuild's metafile (what each chunk holds, byte by byte) to FILE.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The shipped schemas' validators, precompiled by scripts/precompile-schemas.mjs (run just
// before this): the bundle imports them in place of src/io/schema-code.ts, which checks each
// against its schema's hash and compiles it with ajv when stale. One build makes both, so the
// bundle needs neither the check nor the compiler. Each validator is a chunk of its own, loaded
// by the first run that needs that schema.
const SCHEMAS = ['journey-map', 'journeykit-config', 'metrics-report'];
const shippedSchemas = {
  name: 'shipped-schemas',
  setup(plugin) {
    plugin.onLoad({ filter: /[\\/]src[\\/]io[\\/]schema-code\.ts$/ }, () => {
      // A validator made from an older schema (the schema edited, precompile not run) would check
      // maps against the old rules without a word: the build stops instead.
      for (const name of SCHEMAS) {
        const text = readFileSync(path.join(ROOT, 'schemas', `${name}.schema.json`), 'utf8');
        const code = readFileSync(path.join(ROOT, 'dist', 'schemas', `${name}.validate.cjs`), 'utf8');
        if (!code.includes(JSON.stringify(createHash('sha256').update(text).digest('hex')))) {
          throw new Error(
            `dist/schemas/${name}.validate.cjs was not made from schemas/${name}.schema.json as it is now: run node scripts/precompile-schemas.mjs (npm run build does).`,
          );
        }
      }
      return {
        loader: 'js',
        resolveDir: path.join(ROOT, 'src', 'io'),
        contents: [
          "import { schemaValidatorFrom } from '../core/schema/validator.js';",
          'const LOADERS = {',
          ...SCHEMAS.map((name) => `  ${JSON.stringify(name)}: () => import(${JSON.stringify(`../../dist/schemas/${name}.validate.cjs`)}),`),
          '};',
          'export async function shippedSchemaValidator(name) {',
          '  return schemaValidatorFrom((await LOADERS[name]()).default);',
          '}',
        ].join('\n'),
      };
    });
  },
};

const OUT = path.join(ROOT, 'dist', 'bundle');
// The chunks' names carry a hash of their content: those of an earlier build would pile up.
rmSync(OUT, { recursive: true, force: true });

const result = await build({
  absWorkingDir: ROOT,
  stdin: {
    contents: "export { run } from './cli/main.ts';\nexport { handleInterrupts } from './io/interrupt.ts';\n",
    resolveDir: path.join(ROOT, 'src'),
    sourcefile: 'journey.ts',
    loader: 'ts',
  },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Node 20 has all of these; esbuild's table turns such literals into `new RegExp(...)`, which is
  // compiled at once, where a literal waits for its first use (string-width's \p{RGI_Emoji}: 13 ms).
  supported: {
    'regexp-set-notation': true,
    'regexp-unicode-property-escapes': true,
    'regexp-lookbehind-assertions': true,
    'regexp-named-capture-groups': true,
    'regexp-dot-all-flag': true,
    'regexp-match-indices': true,
    'regexp-sticky-and-unicode-flags': true,
  },
  outdir: OUT,
  entryNames: 'journey',
  chunkNames: '[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  external: ['puppeteer', 'puppeteer-core', 'mermaid', '@mermaid-js/mermaid-cli'],
  // Bundled CommonJS dependencies (yaml, ajv) call require() for their own files only; Node's
  // built-ins they require are loaded through this.
  banner: { js: "import { createRequire as __journeyRequire } from 'node:module';\nconst require = __journeyRequire(import.meta.url);" },
  legalComments: 'none',
  plugins: [shippedSchemas],
  logLevel: 'warning',
  metafile: process.env.BUNDLE_META !== undefined,
});
if (process.env.BUNDLE_META) (await import('node:fs')).writeFileSync(process.env.BUNDLE_META, JSON.stringify(result.metafile));

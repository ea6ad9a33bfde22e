// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layering: a thin CLI (src/cli) over one module per command (src/commands), over a pure core
 * (src/core, no IO) and the IO at the edges (src/io). `no-restricted-imports` patterns (gitignore
 * syntax, on the import specifier: the layer directories have unique names) for what `layer` may
 * not import.
 */
const forbidLayers = (layer, ...forbidden) => ({
  files: [`src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((other) => ({
          group: [`**/${other}`, `**/${other}/**`],
          message: `src/${layer} may not import src/${other} (layers: cli -> commands -> core, io; core does no IO).`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/', 'dist-check/', 'node_modules/', 'coverage/', 'tests/fixtures/', 'tests/golden/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.js', '.puppeteerrc.cjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The CLI layer and the bin are the only places that may talk to the console.
    files: ['src/cli/**', 'bin/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false }] },
  },
  forbidLayers('core', 'io', 'commands', 'cli'),
  forbidLayers('io', 'commands', 'cli'),
  forbidLayers('commands', 'cli'),
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', performance: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
  },
  {
    files: ['.puppeteerrc.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
);

import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Run } from './cli/processes.js';
import { exec } from './cli/processes.js';
import { REPO_ROOT, runCli, workspace } from './cli/harness.js';

/**
 * The CI recipes shipped in templates/ and the pre-commit manifest, checked as a user would meet
 * them: their shell really runs, in a throw-away git repository with a base and a head commit.
 * The repository pins journeykit in its package.json and package-lock.json as a user's does; the
 * pin is a `file:` link to a stand-in package whose bin runs this checkout's built bin, so the
 * templates' own `npm ci` and `npx journey` run unchanged, with npm kept off the network.
 */

const BIN = path.join(REPO_ROOT, 'bin', 'journey.js');
const WORKFLOW_FILE = path.join(REPO_ROOT, 'templates', 'github-workflow.yml');
const GITLAB_FILE = path.join(REPO_ROOT, 'templates', 'gitlab-ci.yml');
const HOOKS_FILE = path.join(REPO_ROOT, '.pre-commit-hooks.yaml');
const MARKER = '<!-- journeykit-diff -->';
const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const BASE_MAP = readFileSync(path.join(REPO_ROOT, 'examples', 'retail', 'online-order.journey.yaml'), 'utf8');
const OTHER_MAP = readFileSync(path.join(REPO_ROOT, 'examples', 'saas', 'trial-onboarding.journey.yaml'), 'utf8');
const CONFIG = readFileSync(path.join(REPO_ROOT, 'examples', 'journeykit.config.yaml'), 'utf8');
const SURVEY = readFileSync(path.join(REPO_ROOT, 'examples', 'surveys', 'online-order-survey.csv'), 'utf8');
/** The checkout gets harder: friction rises. */
const CHANGED_MAP = replaceOnce(BASE_MAP, '        emotion: -1\n        effort: 4\n        reach: 0.78', '        emotion: -2\n        effort: 5\n        reach: 0.78');
const INVALID_MAP = replaceOnce(BASE_MAP, '        name: Checkout\n        channel: web', '        name: Checkout\n        channel: 42');

function replaceOnce(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * An environment free of the developer's git config, shell and npm settings. npm works offline
 * with its cache in the scratch home, so `npm ci` can only succeed from the lockfile's link.
 * No `journey` is on PATH: the templates must find the pinned one through `npx`.
 */
function baseEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: [path.dirname(process.execPath), process.env.PATH ?? '/usr/bin:/bin'].join(path.delimiter),
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    CI: 'true',
    npm_config_cache: path.join(home, '.npm-cache'),
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_userconfig: path.join(home, '.npmrc'),
    ...extra,
  };
}

/** baseEnv plus a `journey` on PATH, as pre-commit's node environment provides it. */
function envWithJourney(home: string): NodeJS.ProcessEnv {
  const shims = path.join(home, 'shims');
  mkdirSync(shims, { recursive: true });
  const journey = path.join(shims, 'journey');
  writeFileSync(journey, `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(BIN)} "$@"\n`);
  chmodSync(journey, 0o755);
  const env = baseEnv(home);
  return { ...env, PATH: [shims, env.PATH].join(path.delimiter) };
}

/** git for setting up scenarios: any failure is a broken test, so it throws. */
async function git(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
  const result = await exec('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd, env });
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

async function commitAll(cwd: string, env: NodeJS.ProcessEnv, message: string): Promise<void> {
  await git(cwd, env, 'add', '--all');
  await git(cwd, env, 'commit', '--quiet', '-m', message);
}

/** Running a job's steps (npm ci, several journey runs) takes seconds, more on a busy machine. */
const JOB_TIMEOUT = 90_000;

function nonEmpty(file: string): boolean {
  return existsSync(file) && statSync(file).size > 0;
}

/**
 * The stand-in for journeykit at `home/journeykit` (a package named journeykit whose bin runs
 * this checkout's), and the files a user's repository pins it with: package.json with the
 * dependency, the package-lock.json npm writes for it, and a .gitignore for node_modules.
 */
function pinnedJourneykit(home: string): Record<string, string> {
  const pkg = path.join(home, 'journeykit');
  write(pkg, {
    'package.json': JSON.stringify({ name: 'journeykit', version: VERSION, type: 'module', bin: { journey: 'bin/journey.js' } }, null, 2),
    'bin/journey.js': `#!/usr/bin/env node\nimport ${JSON.stringify(pathToFileURL(BIN).href)};\n`,
  });
  chmodSync(path.join(pkg, 'bin', 'journey.js'), 0o755);
  const dependency = 'file:../journeykit';
  const lock = {
    name: 'cx-maps',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'cx-maps', devDependencies: { journeykit: dependency } },
      '../journeykit': { name: 'journeykit', version: VERSION, dev: true, bin: { journey: 'bin/journey.js' } },
      'node_modules/journeykit': { resolved: '../journeykit', link: true },
    },
  };
  return {
    'package.json': `${JSON.stringify({ name: 'cx-maps', private: true, devDependencies: { journeykit: dependency } }, null, 2)}\n`,
    'package-lock.json': `${JSON.stringify(lock, null, 2)}\n`,
    '.gitignore': 'node_modules/\n.npm/\n',
  };
}

// ---------------------------------------------------------------------------------------------
// GitHub Actions expressions

/** The contexts an `if:` reads. */
interface ExpressionContext {
  github: Record<string, unknown>;
  steps?: Record<string, { outcome: Outcome; conclusion: Outcome }>;
  /** Whether an earlier step of the job failed (for success() and failure()). */
  jobFailed?: boolean;
}
type Outcome = 'success' | 'failure' | 'skipped';

/**
 * GitHub's expression language, as much as the templates use: literals in single quotes, context
 * paths (names may hold `-`), `==` and `!=` (strings compared ignoring case, as GitHub does), `!`,
 * `&&`, `||`, parentheses, format() and the status functions. Anything else throws, so a template
 * change the tests cannot judge fails loudly.
 */
function evaluate(expression: string, context: ExpressionContext): unknown {
  const tokens = expression.match(/\s*('(?:[^']|'')*'|==|!=|&&|\|\||[!(),]|[A-Za-z_][\w.-]*)/gy);
  if (tokens === null || tokens.join('').length !== expression.length) throw new Error(`Cannot read the expression: ${expression}`);
  const list = tokens.map((t) => t.trim());
  let at = 0;
  const peek = (): string | undefined => list[at];
  const take = (expected?: string): string => {
    const token = list[at++];
    if (token === undefined || (expected !== undefined && token !== expected)) throw new Error(`Expected ${expected ?? 'more'} in: ${expression}`);
    return token;
  };
  const truthy = (v: unknown): boolean => v !== null && v !== undefined && v !== false && v !== '' && v !== 0;
  const equal = (a: unknown, b: unknown): boolean => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : (a ?? null) === (b ?? null));
  const functions: Record<string, (...args: unknown[]) => unknown> = {
    format: (template, ...args) =>
      String(template).replace(/\{(\d+)\}/g, (_, i: string) => {
        const arg = args[Number(i)];
        return typeof arg === 'string' ? arg : JSON.stringify(arg ?? '');
      }),
    always: () => true,
    cancelled: () => false,
    success: () => !context.jobFailed,
    failure: () => context.jobFailed === true,
  };
  const lookup = (name: string): unknown =>
    name.split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), context);
  const primary = (): unknown => {
    const token = take();
    if (token === '!') return !truthy(primary());
    if (token === '(') {
      const value = or();
      take(')');
      return value;
    }
    if (token.startsWith("'")) return token.slice(1, -1).replaceAll("''", "'");
    if (peek() === '(') {
      take('(');
      const args: unknown[] = [];
      while (peek() !== ')') {
        args.push(or());
        if (peek() === ',') take(',');
      }
      take(')');
      const fn = functions[token];
      if (!fn) throw new Error(`Unknown function ${token}() in: ${expression}`);
      return fn(...args);
    }
    return lookup(token);
  };
  const comparison = (): unknown => {
    const left = primary();
    if (peek() === '==' || peek() === '!=') {
      const op = take();
      const right = primary();
      return op === '==' ? equal(left, right) : !equal(left, right);
    }
    return left;
  };
  const and = (): unknown => {
    let value = comparison();
    while (peek() === '&&') {
      take();
      const right = comparison();
      value = truthy(value) ? right : value;
    }
    return value;
  };
  function or(): unknown {
    let value = and();
    while (peek() === '||') {
      take();
      const right = and();
      value = truthy(value) ? value : right;
    }
    return value;
  }
  const value = or();
  if (at !== list.length) throw new Error(`Unexpected '${list[at]}' in: ${expression}`);
  return truthy(value);
}

/** A step's `if:`: without a status function it means `success() && (...)`, as on GitHub. */
function stepRuns(condition: string | undefined, context: ExpressionContext): boolean {
  const expression = condition ?? 'success()';
  const withStatus = /\b(always|cancelled|success|failure)\(/.test(expression) ? expression : `success() && (${expression})`;
  return evaluate(withStatus, context) === true;
}

// ---------------------------------------------------------------------------------------------
// GitHub Actions

interface Step {
  id?: string;
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  'continue-on-error'?: boolean;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { pull_request?: { paths?: string[] }; push?: { branches?: string[]; paths?: string[] } };
  permissions?: Record<string, string>;
  defaults?: { run?: { shell?: string } };
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflowText = (): string => readFileSync(WORKFLOW_FILE, 'utf8');
const workflow = (): Workflow => parse(workflowText()) as Workflow;

/** The `github` context of a pull request's run (from the same repository, or from a fork). */
function pullRequestEvent(options: { fork?: boolean; defaultBranch?: string } = {}): Record<string, unknown> {
  return {
    event_name: 'pull_request',
    ref: 'refs/pull/12/merge',
    base_ref: 'main',
    repository: 'acme/maps',
    event: {
      repository: { default_branch: options.defaultBranch ?? 'main' },
      pull_request: { number: 12, head: { repo: { full_name: options.fork ? 'someone/maps' : 'acme/maps' } } },
    },
  };
}

/** The `github` context of a push of `ref` to a repository whose default branch is `defaultBranch`. */
function pushEvent(ref: string, defaultBranch: string): Record<string, unknown> {
  return { event_name: 'push', ref, base_ref: '', repository: 'acme/maps', event: { repository: { default_branch: defaultBranch } } };
}

interface StepRun extends Run {
  name: string;
  outcome: Outcome;
}

/** What a `uses:` step does in these tests: the action's outcome, given the checkout. */
type ActionStandIn = (step: Step, cwd: string) => Promise<Outcome> | Outcome;

/** Fails a test when an artefact step would upload nothing. */
const uploadArtifact: ActionStandIn = (step, cwd) => {
  expect(existsSync(path.join(cwd, String(step.with?.path))), `${step.name}: ${step.with?.path}`).toBe(true);
  return 'success';
};

/** Code scanning: takes a well-formed SARIF file, or refuses it as a private repository without code scanning does. */
const uploadSarif =
  (accepted: boolean): ActionStandIn =>
  (step, cwd) => {
    const sarif = JSON.parse(readFileSync(path.join(cwd, String(step.with?.sarif_file)), 'utf8')) as { version: string };
    expect(sarif.version).toBe('2.1.0');
    return accepted ? 'success' : 'failure';
  };

interface JobRun {
  steps: StepRun[];
  summary: string;
  failed: boolean;
}

/**
 * Runs one job in `cwd` (the checkout) as the runner would: each step's `if:` decides whether it
 * runs, `run:` steps go through the workflow's shell with the workflow/job/step env, GITHUB_* and a
 * step summary file, and `uses:` steps are stand-ins (`actions`, by the action's name before `@`;
 * checkout and setup-node have nothing to do here, the checkout being made already).
 */
async function runGitHubJob(
  jobName: string,
  cwd: string,
  home: string,
  options: { github?: Record<string, unknown>; actions?: Record<string, ActionStandIn> } = {},
): Promise<JobRun> {
  const wf = workflow();
  const job = wf.jobs[jobName]!;
  expect(wf.defaults?.run?.shell).toBe('bash');
  const github = options.github ?? pullRequestEvent();
  const summary = path.join(home, 'step-summary.md');
  writeFileSync(summary, '');
  const env = baseEnv(home, {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: String(github.event_name),
    GITHUB_REF: String(github.ref),
    GITHUB_BASE_REF: String(github.base_ref),
    GITHUB_WORKSPACE: cwd,
    GITHUB_STEP_SUMMARY: summary,
    ...wf.env,
    ...job.env,
  });
  const actions: Record<string, ActionStandIn> = {
    'actions/checkout': () => 'success',
    'actions/setup-node': () => 'success',
    'actions/upload-artifact': uploadArtifact,
    ...options.actions,
  };
  const steps: StepRun[] = [];
  const outcomes: NonNullable<ExpressionContext['steps']> = {};
  let jobFailed = false;
  for (const step of job.steps) {
    const name = step.name ?? step.uses ?? '';
    let result: Run = { code: 0, stdout: '', stderr: '' };
    let outcome: Outcome = 'skipped';
    if (stepRuns(step.if, { github, steps: outcomes, jobFailed })) {
      if (step.run !== undefined) {
        // `shell: bash` on GitHub's runners is `bash --noprofile --norc -eo pipefail {0}`.
        result = await exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd, env: { ...env, ...step.env } });
        outcome = result.code === 0 ? 'success' : 'failure';
      } else {
        const action = actions[step.uses!.split('@')[0]!];
        if (!action) throw new Error(`No stand-in for the action ${step.uses}`);
        outcome = await action(step, cwd);
      }
    }
    const conclusion = outcome === 'failure' && step['continue-on-error'] === true ? 'success' : outcome;
    if (conclusion === 'failure') jobFailed = true;
    if (step.id !== undefined) outcomes[step.id] = { outcome, conclusion };
    steps.push({ name, outcome, ...result });
  }
  return { steps, summary: readFileSync(summary, 'utf8'), failed: jobFailed };
}

/**
 * A pull request's checkout: the base branch (journeykit pinned, the config, a map) committed and
 * known as origin/main, then the pull request's commit on top (the merge commit GitHub checks out
 * has the same tree).
 */
async function pullRequestCheckout(change: Record<string, string>): Promise<{ cwd: string; home: string }> {
  const home = workspace();
  const cwd = path.join(home, 'repo');
  mkdirSync(cwd);
  const env = baseEnv(home);
  await git(cwd, env, 'init', '--quiet');
  write(cwd, { ...pinnedJourneykit(home), 'journeykit.config.yaml': CONFIG, 'journeys/online-order.journey.yaml': BASE_MAP });
  await commitAll(cwd, env, 'base');
  await git(cwd, env, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  await git(cwd, env, 'checkout', '--quiet', '-b', 'feature');
  write(cwd, change);
  await commitAll(cwd, env, 'change');
  return { cwd, home };
}

const stepNamed = (steps: StepRun[], name: string): StepRun => {
  const step = steps.find((s) => s.name === name);
  expect(step, name).toBeDefined();
  return step!;
};

/** Name -> outcome of every step, for one readable assertion. */
const outcomes = (run: JobRun): Record<string, Outcome> => Object.fromEntries(run.steps.map((s) => [s.name, s.outcome]));

/** Each step that ran and failed, with its output: the message of a failed expectation. */
const failures = (run: JobRun): string =>
  run.steps
    .filter((s) => s.outcome === 'failure')
    .map((s) => `${s.name} (${s.code}):\n${s.stdout}\n${s.stderr}`)
    .join('\n');

interface Comment {
  id: number;
  user: { type: string; login: string };
  body: string;
}
type Call = [method: string, params: Record<string, unknown>];

/** Runs the github-script step's code as the action does, in `dir`, with a recording stand-in for the API. */
async function postComment(dir: string, existing: Comment[]): Promise<Call[]> {
  const script = workflow().jobs.diff!.steps.find((s) => s.uses === 'actions/github-script@v8')!.with!.script as string;
  const calls: Call[] = [];
  const record = (method: string) => (params: Record<string, unknown>) => {
    calls.push([method, params]);
    return Promise.resolve({ data: method === 'listComments' ? existing : {} });
  };
  const github = {
    rest: { issues: { listComments: record('listComments'), createComment: record('createComment'), updateComment: record('updateComment') } },
    paginate: async (method: (p: Record<string, unknown>) => Promise<{ data: unknown }>, params: Record<string, unknown>) => (await method(params)).data,
  };
  const context = { repo: { owner: 'acme', repo: 'maps' }, payload: { pull_request: { number: 12 } } };
  // The action's `require` resolves relative paths against the workspace.
  const requireInWorkspace = (id: string): unknown => {
    if (id !== 'fs') throw new Error(`unexpected require('${id}')`);
    return { readFileSync: (file: string, encoding: BufferEncoding) => readFileSync(path.resolve(dir, file), encoding) };
  };
  // github-script runs its `script` input as the body of an async function.
  const AsyncFunction = (async () => {}).constructor as unknown as new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;
  await new AsyncFunction('require', 'github', 'context', script)(requireInWorkspace, github, context);
  return calls.filter(([method]) => method !== 'listComments');
}

describe('GitHub Actions workflow (templates/github-workflow.yml)', () => {
  it('has the validate, diff and report jobs, each with only the permissions it needs, and the pinned journeykit', () => {
    const wf = workflow();
    expect(Object.keys(wf.jobs).sort()).toEqual(['diff', 'report', 'validate']);
    for (const trigger of [wf.on.pull_request, wf.on.push]) {
      expect(trigger?.paths).toEqual(expect.arrayContaining(['**/*.journey.yaml', '**/*.journey.yml', '**/*.survey.csv', 'journeykit.config.yaml', 'package-lock.json']));
    }
    // Every branch (no tags): the jobs' `if:` picks the default branch.
    expect(wf.on.push?.branches).toEqual(['**']);
    // Nothing granted to every job; each job asks for its own.
    expect(Object.values(wf.permissions ?? {}).filter((p) => p !== 'none')).toEqual([]);
    const writes = Object.fromEntries(
      Object.entries(wf.jobs).map(([name, job]) => [
        name,
        Object.entries(job.permissions ?? {})
          .filter(([, p]) => p === 'write')
          .map(([scope]) => scope),
      ]),
    );
    expect(writes).toEqual({ validate: ['security-events'], diff: ['pull-requests'], report: [] });
    // npx never downloads a package that happens to be called `journey`.
    expect(wf.env?.npm_config_yes).toBe('false');
    for (const [name, job] of Object.entries(wf.jobs)) {
      expect(job.permissions?.contents).toBe('read');
      expect(job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toEqual({ 'node-version': 22, cache: 'npm' });
      const runs = job.steps.flatMap((s) => (s.run === undefined ? [] : [s.run]));
      // journeykit from the repository's lockfile, before anything runs it; never a global install.
      expect(runs[0], name).toBe('npm ci --no-audit --no-fund');
      expect(runs.join('\n'), name).not.toMatch(/npm (install|i) |--global|(^\s*|[;&|]\s*)journey\s/m);
      expect(
        runs
          .slice(1)
          .filter((r) => r.includes('journey '))
          .every((r) => r.includes('npx journey ')),
        name,
      ).toBe(true);
    }

    const validate = wf.jobs.validate!;
    const upload = validate.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with?.sarif_file).toBe('journeykit.sarif');
    // A refused upload (a private repository without code scanning) does not fail the job.
    expect(upload?.['continue-on-error']).toBe(true);

    const diff = wf.jobs.diff;
    expect(diff?.steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth']).toBe(0);
    expect(diff?.steps.find((s) => s.name === 'Diff journey maps against the base branch')?.run).toBe(
      'npx journey diff --git "origin/$GITHUB_BASE_REF" --format markdown --output journeykit-diff.md',
    );
    const comment = diff?.steps.find((s) => s.uses?.startsWith('actions/github-script@'));
    expect(comment?.uses).toBe('actions/github-script@v8');
    expect(diff?.concurrency?.group).toContain('github.event.pull_request.number');

    const report = wf.jobs.report!;
    expect(report.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))?.with?.path).toBe('reports/');
  });

  it('runs on pull requests and on pushes to the default branch, whatever it is named; the diff only on pull requests', () => {
    const wf = workflow();
    const running = (github: Record<string, unknown>): string[] =>
      Object.entries(wf.jobs)
        .filter(([, job]) => stepRuns(job.if, { github }))
        .map(([name]) => name)
        .sort();
    expect(running(pullRequestEvent())).toEqual(['diff', 'report', 'validate']);
    expect(running(pullRequestEvent({ fork: true, defaultBranch: 'trunk' }))).toEqual(['diff', 'report', 'validate']);
    for (const branch of ['main', 'master', 'trunk', 'develop']) {
      expect(running(pushEvent(`refs/heads/${branch}`, branch)), branch).toEqual(['report', 'validate']);
      expect(running(pushEvent('refs/heads/feature/x', branch)), branch).toEqual([]);
      // A tag that shares the default branch's name is not the branch.
      expect(running(pushEvent(`refs/tags/${branch}`, branch)), branch).toEqual([]);
    }
    expect(running(pushEvent('refs/heads/main', 'trunk'))).toEqual([]);
  });

  it(
    'validate: npm ci, annotations, SARIF uploaded to code scanning, a job summary',
    async () => {
      const { cwd, home } = await pullRequestCheckout({ 'journeys/online-order.journey.yaml': CHANGED_MAP });
      const run = await runGitHubJob('validate', cwd, home, { actions: { 'github/codeql-action/upload-sarif': uploadSarif(true) } });
      expect(run.failed, failures(run)).toBe(false);
      expect(outcomes(run)).toEqual({
        'actions/checkout@v6': 'success',
        'actions/setup-node@v6': 'success',
        'Install journeykit': 'success',
        'Validate journey maps (pull-request annotations)': 'success',
        'Validate journey maps (SARIF for code scanning)': 'success',
        'Upload SARIF to code scanning': 'success',
        'Annotations instead of code scanning': 'skipped',
        'Keep the SARIF as an artefact': 'skipped',
        'Job summary': 'success',
      });
      // The journey that ran is the pinned one, linked by npm ci.
      expect(existsSync(path.join(cwd, 'node_modules', '.bin', 'journey'))).toBe(true);
      expect(stepNamed(run.steps, 'Validate journey maps (pull-request annotations)').stdout).not.toContain('::error');
      const sarif = JSON.parse(readFileSync(path.join(cwd, 'journeykit.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.runs[0]!.results).toEqual([]);
      expect(run.summary.trim()).not.toBe('');
    },
    JOB_TIMEOUT,
  );

  it(
    'validate: a broken map fails the job, with its annotation, SARIF and summary',
    async () => {
      const { cwd, home } = await pullRequestCheckout({ 'journeys/online-order.journey.yaml': INVALID_MAP });
      const run = await runGitHubJob('validate', cwd, home, { actions: { 'github/codeql-action/upload-sarif': uploadSarif(true) } });
      expect(run.failed).toBe(true);
      const annotations = stepNamed(run.steps, 'Validate journey maps (pull-request annotations)');
      expect(annotations.code).toBe(1);
      expect(annotations.stdout).toMatch(/^::error file=journeys\/online-order\.journey\.yaml,line=145,col=18,/m);
      // The steps after it still run, succeed and report the same finding.
      expect(stepNamed(run.steps, 'Validate journey maps (SARIF for code scanning)').outcome).toBe('success');
      expect(stepNamed(run.steps, 'Upload SARIF to code scanning').outcome).toBe('success');
      const sarif = JSON.parse(readFileSync(path.join(cwd, 'journeykit.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
      expect(sarif.runs[0]!.results).toHaveLength(1);
      expect(stepNamed(run.steps, 'Job summary').outcome).toBe('success');
      expect(run.summary).toContain('online-order.journey.yaml');
    },
    JOB_TIMEOUT,
  );

  it(
    'validate: where code scanning refuses the SARIF (a private repository without it), the job passes on annotations and keeps the SARIF',
    async () => {
      const { cwd, home } = await pullRequestCheckout({ 'journeys/online-order.journey.yaml': INVALID_MAP });
      const run = await runGitHubJob('validate', cwd, home, { actions: { 'github/codeql-action/upload-sarif': uploadSarif(false) } });
      expect(stepNamed(run.steps, 'Upload SARIF to code scanning').outcome).toBe('failure');
      const note = stepNamed(run.steps, 'Annotations instead of code scanning');
      expect(note.outcome).toBe('success');
      expect(note.stdout).toMatch(/^::notice title=journeykit::Code scanning did not accept journeykit\.sarif \(a private repository needs GitHub Code Security enabled for it\)/m);
      expect(stepNamed(run.steps, 'Keep the SARIF as an artefact').outcome).toBe('success');
      // The findings are still annotations on the lines.
      expect(stepNamed(run.steps, 'Validate journey maps (pull-request annotations)').stdout).toMatch(/^::error file=journeys\/online-order\.journey\.yaml,line=145/m);

      // A clean map: the refused upload alone does not fail the job.
      const clean = await pullRequestCheckout({ 'journeys/online-order.journey.yaml': CHANGED_MAP });
      const cleanRun = await runGitHubJob('validate', clean.cwd, clean.home, { actions: { 'github/codeql-action/upload-sarif': uploadSarif(false) } });
      expect(cleanRun.failed, failures(cleanRun)).toBe(false);
      expect(stepNamed(cleanRun.steps, 'Annotations instead of code scanning').outcome).toBe('success');
    },
    JOB_TIMEOUT,
  );

  it(
    "validate: a fork's pull request skips the upload its read-only token cannot do and keeps the SARIF as an artefact",
    async () => {
      const { cwd, home } = await pullRequestCheckout({ 'journeys/online-order.journey.yaml': CHANGED_MAP });
      const refuse: ActionStandIn = () => {
        throw new Error('a fork must not upload');
      };
      const run = await runGitHubJob('validate', cwd, home, { github: pullRequestEvent({ fork: true }), actions: { 'github/codeql-action/upload-sarif': refuse } });
      expect(run.failed, failures(run)).toBe(false);
      expect(outcomes(run)).toMatchObject({
        'Upload SARIF to code scanning': 'skipped',
        'Annotations instead of code scanning': 'skipped',
        'Keep the SARIF as an artefact': 'success',
      });
    },
    JOB_TIMEOUT,
  );

  it(
    'validate: without journeykit in the lockfile the job fails at the install, and nothing else runs journey',
    async () => {
      const { cwd, home } = await pullRequestCheckout({ 'journeys/online-order.journey.yaml': CHANGED_MAP });
      rmSync(path.join(cwd, 'package-lock.json'));
      const run = await runGitHubJob('validate', cwd, home);
      expect(run.failed).toBe(true);
      expect(stepNamed(run.steps, 'Install journeykit').outcome).toBe('failure');
      expect(stepNamed(run.steps, 'Install journeykit').stderr).toContain('package-lock.json');
      expect(run.steps.filter((s) => s.outcome !== 'skipped').map((s) => s.name)).toEqual(['actions/checkout@v6', 'actions/setup-node@v6', 'Install journeykit']);
    },
    JOB_TIMEOUT,
  );

  it(
    'diff: writes the Markdown diff against the base branch, in the summary, an artefact and the pull-request comment',
    async () => {
      const { cwd, home } = await pullRequestCheckout({ 'journeys/online-order.journey.yaml': CHANGED_MAP });
      let calls: Call[] = [];
      const run = await runGitHubJob('diff', cwd, home, {
        actions: {
          'actions/github-script': async (): Promise<Outcome> => {
            calls = await postComment(cwd, [{ id: 5, user: { type: 'Bot', login: 'github-actions[bot]' }, body: `${MARKER}\nold diff` }]);
            return 'success';
          },
        },
      });
      expect(run.failed, failures(run)).toBe(false);
      expect(outcomes(run)).toEqual({
        'actions/checkout@v6': 'success',
        'actions/setup-node@v6': 'success',
        'Install journeykit': 'success',
        'Diff journey maps against the base branch': 'success',
        'Job summary': 'success',
        'Keep the diff as an artefact': 'success',
        'Post or update the pull-request comment': 'success',
      });
      const diff = readFileSync(path.join(cwd, 'journeykit-diff.md'), 'utf8');
      expect(diff.split('\n')[0]).toBe(MARKER);
      expect(diff).toContain('journeys/online-order.journey.yaml');
      expect(diff).toContain('checkout');
      expect(run.summary).toContain(MARKER);
      // The comment the previous push left is updated with this diff.
      expect(calls).toEqual([['updateComment', { owner: 'acme', repo: 'maps', comment_id: 5, body: diff }]]);
    },
    JOB_TIMEOUT,
  );

  it(
    "diff: a fork's pull request keeps the diff in the summary and the artefact, and posts no comment",
    async () => {
      const { cwd, home } = await pullRequestCheckout({ 'journeys/online-order.journey.yaml': CHANGED_MAP });
      const refuse: ActionStandIn = () => {
        throw new Error('a fork must not comment');
      };
      const run = await runGitHubJob('diff', cwd, home, { github: pullRequestEvent({ fork: true }), actions: { 'actions/github-script': refuse } });
      expect(run.failed, failures(run)).toBe(false);
      expect(outcomes(run)).toMatchObject({ 'Keep the diff as an artefact': 'success', 'Post or update the pull-request comment': 'skipped' });
      expect(run.summary).toContain('journeys/online-order.journey.yaml');
    },
    JOB_TIMEOUT,
  );

  describe('diff: the pull-request comment script', () => {
    const diffText = `${MARKER}\n## Journey map changes\n\n- checkout: friction +12.5\n`;
    const post = (text: string, existing: Comment[]): Promise<Call[]> => postComment(workspace({ 'journeykit-diff.md': text }), existing);

    it('creates the comment when the pull request has none from it', async () => {
      const calls = await post(diffText, [
        { id: 1, user: { type: 'User', login: 'ana' }, body: `Quoting the bot:\n${MARKER}` },
        { id: 2, user: { type: 'Bot', login: 'other[bot]' }, body: 'Coverage: 91%' },
        { id: 3, user: { type: 'Bot', login: 'review[bot]' }, body: `> ${MARKER}\n> quoted from the diff comment` },
      ]);
      expect(calls).toEqual([['createComment', { owner: 'acme', repo: 'maps', issue_number: 12, body: diffText }]]);
    });

    it('updates its earlier comment instead of adding one', async () => {
      const calls = await post(diffText, [
        { id: 1, user: { type: 'User', login: 'ana' }, body: `${MARKER}\nI pasted this` },
        { id: 5, user: { type: 'Bot', login: 'github-actions[bot]' }, body: `${MARKER}\nold diff` },
      ]);
      expect(calls).toEqual([['updateComment', { owner: 'acme', repo: 'maps', comment_id: 5, body: diffText }]]);
    });

    it('shortens a diff longer than a GitHub comment may be, keeping the marker', async () => {
      const calls = await post(`${MARKER}\n${'- a change\n'.repeat(10_000)}`, []);
      const body = calls[0]![1].body as string;
      expect(body.length).toBeLessThanOrEqual(65_536);
      expect(body.startsWith(`${MARKER}\n`)).toBe(true);
      expect(body).toContain('`journeykit-diff` artefact');
    });
  });

  it(
    'report: one Markdown report per tracked map, named after its path, with the survey export beside it; a broken map is left out with a warning',
    async () => {
      const { cwd, home } = await pullRequestCheckout({
        'journeys/online-order.journey.yaml': CHANGED_MAP,
        'journeys/online-order.survey.csv': SURVEY,
        // Same file name in another folder, no survey: its report must not overwrite the first one.
        'archive/online-order.journey.yml': BASE_MAP,
        'drafts/broken.journey.yaml': INVALID_MAP,
      });
      const run = await runGitHubJob('report', cwd, home);
      expect(run.failed, failures(run)).toBe(false);
      const step = stepNamed(run.steps, 'Write a report for every map');
      expect(step.code).toBe(0);
      expect(step.stdout).toMatch(/^::warning file=drafts\/broken\.journey\.yaml::/m);
      expect(stepNamed(run.steps, 'Keep the reports as an artefact').outcome).toBe('success');
      const withSurvey = readFileSync(path.join(cwd, 'reports/journeys/online-order.md'), 'utf8');
      expect(withSurvey).toMatch(/\*\*KPIs:\*\* ❌ \d+ breach/);
      expect(withSurvey).not.toContain('no survey data given');
      const without = readFileSync(path.join(cwd, 'reports/archive/online-order.md'), 'utf8');
      expect(without).toContain('**KPIs:** no survey data given');
      expect(existsSync(path.join(cwd, 'reports/drafts/broken.md'))).toBe(false);
    },
    JOB_TIMEOUT,
  );

  it(
    'report: runs on a push to the default branch too',
    async () => {
      const { cwd, home } = await pullRequestCheckout({ 'journeys/online-order.survey.csv': SURVEY });
      const run = await runGitHubJob('report', cwd, home, { github: pushEvent('refs/heads/trunk', 'trunk') });
      expect(run.failed, failures(run)).toBe(false);
      expect(readFileSync(path.join(cwd, 'reports/journeys/online-order.md'), 'utf8')).toMatch(/\*\*KPIs:\*\* ❌/);
    },
    JOB_TIMEOUT,
  );

  it('`journey init` writes this workflow unchanged', async () => {
    const cwd = workspace();
    expect((await runCli(['init'], { cwd })).code).toBe(0);
    expect(readFileSync(path.join(cwd, '.github/workflows/journeykit.yml'), 'utf8')).toBe(workflowText());
  });
});

// ---------------------------------------------------------------------------------------------
// GitLab CI

interface GitLabRule {
  if?: string;
  changes?: string[];
}
interface GitLabJob {
  extends?: string;
  stage?: string;
  image?: string;
  rules?: GitLabRule[];
  variables?: Record<string, string>;
  cache?: { key?: { files?: string[] }; paths?: string[] };
  before_script?: string[];
  script?: string[];
  artifacts?: { when?: string; paths?: string[]; reports?: { junit?: string } };
}

const gitlabFile = (): Record<string, GitLabJob> => parse(readFileSync(GITLAB_FILE, 'utf8')) as Record<string, GitLabJob>;

/** A job with its `extends:` applied as GitLab does: mappings merged key by key, anything else replaced. */
function gitlabJob(name: string): GitLabJob {
  const file = gitlabFile();
  const merge = (base: unknown, over: unknown): unknown => {
    if (base === null || over === null || typeof base !== 'object' || typeof over !== 'object' || Array.isArray(base) || Array.isArray(over)) return over;
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [key, value] of Object.entries(over as Record<string, unknown>)) out[key] = key in out ? merge(out[key], value) : value;
    return out;
  };
  const resolve = (job: GitLabJob): GitLabJob => {
    if (job.extends === undefined) return job;
    const parent = file[job.extends];
    expect(parent, job.extends).toBeDefined();
    const own: GitLabJob = { ...job };
    delete own.extends;
    return merge(resolve(parent!), own) as GitLabJob;
  };
  const job = file[name];
  expect(job, name).toBeDefined();
  return resolve(job!);
}

const GITLAB_JOBS = ['journey-diff', 'journey-report', 'journey-validate'];

/**
 * Whether a rule's `if:` holds for `variables`: the forms the template uses (`$A == "text"`,
 * `$A == $B`, joined by `&&`); anything else throws. An undefined variable is null, equal to nothing.
 */
function gitlabIf(expression: string, variables: Record<string, string>): boolean {
  return expression.split(' && ').every((part) => {
    const match = /^\s*(\$\w+|"[^"]*")\s*(==|!=)\s*(\$\w+|"[^"]*")\s*$/.exec(part);
    if (!match) throw new Error(`Cannot read the rule: ${expression}`);
    const value = (side: string): string | null => (side.startsWith('$') ? (variables[side.slice(1)] ?? null) : side.slice(1, -1));
    const same = value(match[1]!) === value(match[3]!);
    return match[2] === '==' ? same : !same;
  });
}

/** The jobs a pipeline with `variables` gets (a rule's `changes:` taken as matched). */
const gitlabJobsFor = (variables: Record<string, string>): string[] =>
  GITLAB_JOBS.filter((name) => (gitlabJob(name).rules ?? []).some((rule) => rule.if === undefined || gitlabIf(rule.if, variables)));

interface Note {
  id: number;
  system: boolean;
  body: string;
}

interface NotesApi {
  url: string;
  notes: Note[];
  requests: { method: string; url: string; token: string | undefined }[];
  close: () => Promise<void>;
}

/**
 * A stand-in for GitLab's notes API of one merge request on 127.0.0.1: lists, creates and
 * updates `notes` (everything on one page) and records every request.
 */
async function notesApi(notes: Note[]): Promise<NotesApi> {
  const requests: NotesApi['requests'] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      const { method = '', url = '' } = request;
      requests.push({ method, url, token: request.headers['private-token'] as string | undefined });
      const body = text === '' ? '' : (JSON.parse(text) as { body: string }).body;
      const id = Number(/\/notes\/(\d+)$/.exec(url)?.[1]);
      let reply: unknown = notes;
      if (method === 'POST') {
        const note: Note = { id: 100 + notes.length, system: false, body };
        notes.push(note);
        reply = note;
      }
      if (method === 'PUT') reply = Object.assign(notes.find((n) => n.id === id) ?? {}, { body });
      response.setHeader('content-type', 'application/json');
      response.statusCode = method === 'POST' ? 201 : 200;
      response.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/v4`, notes, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * A merge-request pipeline's clone: the merge request's commit checked out detached, and the
 * target branch unknown locally (GitLab fetches only the merge request's branch). The target
 * branch gained a map of its own after the merge request branched off. `defaultBranch` names the
 * target (the default) branch.
 */
async function mergeRequestClone(featureFiles: Record<string, string>, defaultBranch = 'main'): Promise<{ cwd: string; home: string }> {
  const home = workspace();
  const env = baseEnv(home);
  const seed = path.join(home, 'seed');
  const origin = path.join(home, 'origin.git');
  const cwd = path.join(home, 'build');
  mkdirSync(seed);
  await git(seed, env, 'init', '--quiet', `--initial-branch=${defaultBranch}`);
  write(seed, { ...pinnedJourneykit(home), 'journeykit.config.yaml': CONFIG, 'journeys/online-order.journey.yaml': BASE_MAP });
  await commitAll(seed, env, 'base');
  await git(home, env, 'clone', '--quiet', '--bare', seed, origin);
  await git(home, env, 'clone', '--quiet', origin, cwd);
  await git(cwd, env, 'checkout', '--quiet', '-b', 'feature');
  write(cwd, featureFiles);
  await commitAll(cwd, env, 'change');
  write(seed, { 'journeys/trial-onboarding.journey.yaml': OTHER_MAP });
  await commitAll(seed, env, 'target moves on');
  await git(seed, env, 'push', '--quiet', origin, defaultBranch);
  await git(cwd, env, 'update-ref', '-d', `refs/remotes/origin/${defaultBranch}`);
  await git(cwd, env, 'checkout', '--quiet', '--detach');
  return { cwd, home };
}

/** The predefined variables of a merge-request pipeline into `main`. */
const MERGE_REQUEST: Record<string, string> = {
  CI_PIPELINE_SOURCE: 'merge_request_event',
  CI_DEFAULT_BRANCH: 'main',
  CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
  CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature',
  CI_MERGE_REQUEST_IID: '7',
  CI_PROJECT_ID: '42',
};

/** Runs a job's before_script and script as the runner does: one bash with errexit and pipefail. */
async function runGitLabJob(name: string, cwd: string, home: string, variables: Record<string, string> = MERGE_REQUEST): Promise<Run> {
  const job = gitlabJob(name);
  const env = baseEnv(home, { GITLAB_CI: 'true', CI_PROJECT_DIR: cwd, ...variables, ...job.variables });
  return exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', [...(job.before_script ?? []), ...(job.script ?? [])].join('\n')], { cwd, env });
}

/** Runs only the diff job's note step (the one line that reads JOURNEYKIT_GITLAB_TOKEN), in `cwd`. */
async function runNoteStep(cwd: string, home: string, variables: Record<string, string>): Promise<Run> {
  const step = (gitlabJob('journey-diff').script ?? []).filter((line) => line.includes('JOURNEYKIT_GITLAB_TOKEN'));
  expect(step).toHaveLength(1);
  const env = baseEnv(home, { ...MERGE_REQUEST, ...variables });
  return exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step[0]!], { cwd, env });
}

describe('GitLab CI (templates/gitlab-ci.yml)', () => {
  it('three jobs in node:22 that install the pinned journeykit and keep the JUnit report, the diff and the reports', () => {
    expect(
      Object.keys(gitlabFile())
        .filter((name) => !name.startsWith('.'))
        .sort(),
    ).toEqual(GITLAB_JOBS);
    for (const name of GITLAB_JOBS) {
      const job = gitlabJob(name);
      expect(job.image, name).toBe('node:22');
      expect(job.before_script, name).toEqual(['npm ci --cache .npm --prefer-offline --no-audit --no-fund']);
      expect(job.variables?.npm_config_yes, name).toBe('false');
      expect(job.cache?.key?.files, name).toEqual(['package-lock.json']);
      expect(job.artifacts?.when, name).toBe('always');
      const script = (job.script ?? []).join('\n');
      expect(script, name).not.toMatch(/npm (install|i) |--global|(^\s*|[;&|]\s*)journey\s/m);
      for (const rule of job.rules ?? [])
        expect(rule.changes, name).toEqual(expect.arrayContaining(['**/*.journey.yaml', '**/*.journey.yml', '**/*.survey.csv', 'package-lock.json']));
    }
    expect(gitlabJob('journey-validate').artifacts?.reports?.junit).toBe('journeykit-junit.xml');
    expect(gitlabJob('journey-diff').artifacts?.paths).toEqual(['journeykit-diff.md']);
    expect(gitlabJob('journey-report').artifacts?.paths).toEqual(['reports/']);
  });

  it('runs on merge requests and on pushes to the default branch, whatever it is named; the diff only on merge requests', () => {
    expect(gitlabJobsFor(MERGE_REQUEST)).toEqual(GITLAB_JOBS);
    for (const branch of ['main', 'master', 'trunk']) {
      expect(gitlabJobsFor({ CI_PIPELINE_SOURCE: 'push', CI_DEFAULT_BRANCH: branch, CI_COMMIT_BRANCH: branch }), branch).toEqual(['journey-report', 'journey-validate']);
      expect(gitlabJobsFor({ CI_PIPELINE_SOURCE: 'push', CI_DEFAULT_BRANCH: branch, CI_COMMIT_BRANCH: 'feature' }), branch).toEqual([]);
      // A tag pipeline has no CI_COMMIT_BRANCH, even for a tag named like the branch.
      expect(gitlabJobsFor({ CI_PIPELINE_SOURCE: 'push', CI_DEFAULT_BRANCH: branch, CI_COMMIT_TAG: branch }), branch).toEqual([]);
    }
  });

  it(
    'merge request: validates, diffs against the merge base, posts one note that later pushes update, and reports with the survey export',
    async () => {
      const { cwd, home } = await mergeRequestClone({ 'journeys/online-order.journey.yaml': CHANGED_MAP, 'journeys/online-order.survey.csv': SURVEY });
      const api = await notesApi([
        { id: 3, system: true, body: 'added 1 commit' },
        { id: 4, system: false, body: `Quoting the job:\n${MARKER}` },
      ]);
      try {
        const variables = { ...MERGE_REQUEST, JOURNEYKIT_GITLAB_TOKEN: 'glpat-test', CI_API_V4_URL: api.url };
        const validate = await runGitLabJob('journey-validate', cwd, home, variables);
        expect([validate.code, validate.stderr]).toEqual([0, expect.any(String)]);
        expect(existsSync(path.join(cwd, 'node_modules', '.bin', 'journey'))).toBe(true);
        expect(readFileSync(path.join(cwd, 'journeykit-junit.xml'), 'utf8')).toContain('<testsuite');

        const diffJob = await runGitLabJob('journey-diff', cwd, home, variables);
        expect([diffJob.code, diffJob.stderr]).toEqual([0, expect.any(String)]);
        const diff = readFileSync(path.join(cwd, 'journeykit-diff.md'), 'utf8');
        expect(diff.split('\n')[0]).toBe(MARKER);
        expect(diff).toContain('journeys/online-order.journey.yaml');
        expect(diff).toContain('checkout');
        // The map the target branch gained later is no change of this merge request ...
        expect(diff).not.toContain('trial-onboarding');
        // ... though a diff against the target branch's tip would show it (so the check above can fail).
        const tip = await exec(process.execPath, [BIN, 'diff', '--git', 'origin/main', '--format', 'markdown'], { cwd, env: baseEnv(home) });
        expect(tip.stdout).toContain('trial-onboarding');

        const notes = '/api/v4/projects/42/merge_requests/7/notes';
        expect(api.requests.map((r) => [r.method, r.url.split('?')[0], r.token])).toEqual([
          ['GET', notes, 'glpat-test'],
          ['POST', notes, 'glpat-test'],
        ]);
        expect(api.notes.filter((n) => n.body === diff)).toHaveLength(1);

        // The next push: the same note is updated, no second one appears. (Only the note step runs
        // again: the lines before it would write the same files.)
        const second = await runNoteStep(cwd, home, variables);
        expect([second.code, second.stderr]).toEqual([0, '']);
        expect(api.requests.slice(2).map((r) => [r.method, r.url.split('?')[0]])).toEqual([
          ['GET', notes],
          ['PUT', `${notes}/${api.notes.at(-1)!.id}`],
        ]);
        expect(api.notes.filter((n) => n.body.startsWith(MARKER))).toHaveLength(1);

        const report = await runGitLabJob('journey-report', cwd, home, variables);
        expect([report.code, report.stderr]).toEqual([0, expect.any(String)]);
        expect(readFileSync(path.join(cwd, 'reports/journeys/online-order.md'), 'utf8')).toMatch(/\*\*KPIs:\*\* ❌ \d+ breach/);
      } finally {
        await api.close();
      }
    },
    JOB_TIMEOUT,
  );

  it('posts no note without JOURNEYKIT_GITLAB_TOKEN', async () => {
    const api = await notesApi([]);
    try {
      const home = workspace({ 'journeykit-diff.md': `${MARKER}\nno changes\n` });
      const run = await runNoteStep(home, home, { CI_API_V4_URL: api.url });
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(api.requests).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it(
    'an invalid map fails journey-validate, with the finding in the JUnit report and the log; the diff and the other reports still come',
    async () => {
      const { cwd, home } = await mergeRequestClone({ 'journeys/online-order.journey.yaml': INVALID_MAP, 'journeys/other.journey.yaml': OTHER_MAP });
      const validate = await runGitLabJob('journey-validate', cwd, home);
      expect(validate.code).toBe(1);
      expect(readFileSync(path.join(cwd, 'journeykit-junit.xml'), 'utf8')).toContain('<failure');
      expect(validate.stdout).toContain('journeys/online-order.journey.yaml');
      expect(validate.stdout).toContain('schema/type');

      const report = await runGitLabJob('journey-report', cwd, home);
      expect(report.code).toBe(0);
      expect(report.stdout).toContain('journey report failed for journeys/online-order.journey.yaml; it is not in the artefacts.');
      expect(existsSync(path.join(cwd, 'reports/journeys/online-order.md'))).toBe(false);
      expect(nonEmpty(path.join(cwd, 'reports/journeys/other.md'))).toBe(true);
    },
    JOB_TIMEOUT,
  );

  it(
    'a push to a default branch named trunk: validate and report run from the pinned journeykit',
    async () => {
      const home = workspace();
      const cwd = path.join(home, 'build');
      mkdirSync(cwd);
      const env = baseEnv(home);
      await git(cwd, env, 'init', '--quiet', '--initial-branch=trunk');
      write(cwd, { ...pinnedJourneykit(home), 'journeykit.config.yaml': CONFIG, 'journeys/online-order.journey.yaml': BASE_MAP });
      await commitAll(cwd, env, 'base');
      write(cwd, { 'journeys/online-order.journey.yaml': CHANGED_MAP, 'journeys/online-order.survey.csv': SURVEY });
      await commitAll(cwd, env, 'head');
      const push = { CI_PIPELINE_SOURCE: 'push', CI_DEFAULT_BRANCH: 'trunk', CI_COMMIT_BRANCH: 'trunk' };
      const jobs = gitlabJobsFor(push);
      expect(jobs).toEqual(['journey-report', 'journey-validate']);
      for (const name of jobs) {
        const run = await runGitLabJob(name, cwd, home, push);
        expect([name, run.code, run.stderr]).toEqual([name, 0, expect.any(String)]);
      }
      expect(readFileSync(path.join(cwd, 'journeykit-junit.xml'), 'utf8')).toContain('<testsuite');
      expect(readFileSync(path.join(cwd, 'reports/journeys/online-order.md'), 'utf8')).toMatch(/\*\*KPIs:\*\* ❌/);
    },
    JOB_TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------
// pre-commit

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files?: string;
  pass_filenames?: boolean;
}

const hooks = (): Hook[] => parse(readFileSync(HOOKS_FILE, 'utf8')) as Hook[];

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  it('declares journey-validate with the keys pre-commit requires, for map files only', () => {
    const manifest = hooks();
    expect(Array.isArray(manifest)).toBe(true);
    for (const hook of manifest) {
      for (const key of ['id', 'name', 'entry', 'language'] as const) expect(typeof hook[key], `${hook.id}.${key}`).toBe('string');
    }
    const hook = manifest.find((h) => h.id === 'journey-validate')!;
    expect(hook).toMatchObject({ entry: 'journey validate', language: 'node', pass_filenames: true });
    // pre-commit matches `files` with Python's re.search on the path from the repository root.
    const files = new RegExp(hook.files!);
    for (const name of ['a/b.journey.yaml', 'x.journey.yml', 'deep/er/path/map.journey.yaml']) expect(files.test(name), name).toBe(true);
    for (const name of ['x.yaml', 'journey.yaml', 'a.journey.yaml.bak', 'a.journey.json', 'journeykit.config.yaml']) expect(files.test(name), name).toBe(false);
  });

  /** Stages `files` and runs the hook as pre-commit does: entry + the staged files its regex picks. */
  async function commitAttempt(files: Record<string, string>): Promise<Run & { passed: string[] }> {
    const home = workspace();
    const cwd = path.join(home, 'repo');
    mkdirSync(cwd);
    const env = envWithJourney(home);
    await git(cwd, env, 'init', '--quiet');
    write(cwd, { 'journeykit.config.yaml': CONFIG, 'journeys/online-order.journey.yaml': BASE_MAP, 'journeys/untouched.journey.yaml': INVALID_MAP });
    await commitAll(cwd, env, 'base');
    write(cwd, files);
    await git(cwd, env, 'add', '--', ...Object.keys(files));
    const hook = hooks().find((h) => h.id === 'journey-validate')!;
    const staged = (await git(cwd, env, 'diff', '--cached', '--name-only', '--diff-filter=ACMR')).split('\n').filter(Boolean);
    const passed = staged.filter((file) => new RegExp(hook.files!).test(file));
    // The entry has no quoting, so splitting on spaces is what pre-commit's shlex does.
    expect(hook.entry).toMatch(/^[\w-]+( [\w-]+)*$/);
    const [program, ...args] = hook.entry.split(' ');
    return { ...(await exec(program!, [...args, ...passed], { cwd, env })), passed };
  }

  it('lets a commit with a valid changed map through, checking only the staged maps', async () => {
    const result = await commitAttempt({ 'journeys/online-order.journey.yaml': CHANGED_MAP, 'notes.yaml': 'not: a map\n' });
    expect(result.passed).toEqual(['journeys/online-order.journey.yaml']);
    expect([result.code, result.stderr]).toEqual([0, '']);
  });

  it('refuses a commit with an invalid changed map, naming it', async () => {
    const result = await commitAttempt({ 'journeys/online-order.journey.yaml': INVALID_MAP });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('journeys/online-order.journey.yaml');
    expect(result.stdout).toContain('schema/type');
  });
});

import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Run } from './cli/processes.js';
import { exec } from './cli/processes.js';
import { REPO_ROOT, runCli, workspace } from './cli/harness.js';

/**
 * The CI recipes shipped in templates/ and the pre-commit manifest, checked as a user would meet
 * them: their shell really runs, in a throw-away git repository, against the built bin (through a
 * `journey` shim on PATH that stands in for `npm install --global journeykit`).
 */

const BIN = path.join(REPO_ROOT, 'bin', 'journey.js');
const WORKFLOW_FILE = path.join(REPO_ROOT, 'templates', 'github-workflow.yml');
const GITLAB_FILE = path.join(REPO_ROOT, 'templates', 'gitlab-ci.yml');
const HOOKS_FILE = path.join(REPO_ROOT, '.pre-commit-hooks.yaml');
const MARKER = '<!-- journeykit-diff -->';
const INSTALL = 'npm install --global journeykit@0';
const SHIM_REASON = 'the journey shim on PATH stands in for the installed package';

const BASE_MAP = readFileSync(path.join(REPO_ROOT, 'examples', 'retail', 'online-order.journey.yaml'), 'utf8');
const OTHER_MAP = readFileSync(path.join(REPO_ROOT, 'examples', 'saas', 'trial-onboarding.journey.yaml'), 'utf8');
const CONFIG = readFileSync(path.join(REPO_ROOT, 'examples', 'journeykit.config.yaml'), 'utf8');
/** The checkout gets harder: friction rises. */
const CHANGED_MAP = replaceOnce(BASE_MAP, '        emotion: -1\n        effort: 4\n        reach: 0.78', '        emotion: -2\n        effort: 5\n        reach: 0.78');
const INVALID_MAP = replaceOnce(BASE_MAP, '        name: Checkout\n        channel: web', '        name: Checkout\n        channel: 42');

function replaceOnce(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}


/** An environment free of the developer's git config and shell, with `journey` on PATH. */
function baseEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const shims = path.join(home, 'shims');
  mkdirSync(shims, { recursive: true });
  const journey = path.join(shims, 'journey');
  writeFileSync(journey, `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(BIN)} "$@"\n`);
  chmodSync(journey, 0o755);
  return {
    PATH: [shims, path.dirname(process.execPath), process.env.PATH ?? '/usr/bin:/bin'].join(path.delimiter),
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    CI: 'true',
    ...extra,
  };
}

const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

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

function nonEmpty(file: string): boolean {
  return existsSync(file) && statSync(file).size > 0;
}

// ---------------------------------------------------------------------------------------------
// GitHub Actions

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
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
  on: { pull_request?: { paths?: string[] }; push?: { branches?: string[] } };
  permissions?: Record<string, string>;
  defaults?: { run?: { shell?: string } };
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflowText = (): string => readFileSync(WORKFLOW_FILE, 'utf8');
const workflow = (): Workflow => parse(workflowText()) as Workflow;

/**
 * Every `run:` step of the workflow, by job and step name: run by these tests, or skipped with
 * the reason. A step missing here (or listed here but gone) fails the first test.
 */
const GITHUB_RUN_STEPS: Record<string, Record<string, true | string>> = {
  validate: {
    'Install journeykit': SHIM_REASON,
    'Validate journey maps (pull-request annotations)': true,
    'Validate journey maps (SARIF for code scanning)': true,
    'Job summary': true,
  },
  diff: {
    'Install journeykit': SHIM_REASON,
    'Diff journey maps against the base branch': true,
    'Job summary': true,
  },
  report: {
    'Install journeykit': SHIM_REASON,
    'Write a report for every map': true,
  },
};

/** What a pull request's run sees in `${{ ... }}` expressions inside `run:` scripts. */
const EXPRESSIONS: Record<string, string> = { 'github.base_ref': 'main' };

function substitute(script: string): string {
  return script.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
    const value = EXPRESSIONS[expression];
    if (value === undefined) throw new Error(`The tests do not know the expression \${{ ${expression} }}; add it to EXPRESSIONS.`);
    return value;
  });
}

interface StepRun extends Run {
  name: string;
}

/**
 * Runs the allow-listed `run:` steps of one job in `cwd` (the checkout) as a pull request's run
 * would: the workflow's shell, the workflow/job/step env, GITHUB_BASE_REF and a step summary file.
 */
async function runGitHubJob(jobName: string, cwd: string, home: string): Promise<{ steps: StepRun[]; summary: string }> {
  const wf = workflow();
  const job = wf.jobs[jobName]!;
  expect(wf.defaults?.run?.shell).toBe('bash');
  const summary = path.join(home, 'step-summary.md');
  writeFileSync(summary, '');
  const env = baseEnv(home, {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_BASE_REF: 'main',
    GITHUB_HEAD_REF: 'feature',
    GITHUB_WORKSPACE: cwd,
    GITHUB_STEP_SUMMARY: summary,
    ...wf.env,
    ...job.env,
  });
  const steps: StepRun[] = [];
  for (const step of job.steps) {
    if (step.run === undefined || GITHUB_RUN_STEPS[jobName]?.[step.name ?? ''] !== true) continue;
    // `shell: bash` on GitHub's runners is `bash --noprofile --norc -eo pipefail {0}`.
    const result = await exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', substitute(step.run)], { cwd, env: { ...env, ...step.env } });
    steps.push({ name: step.name!, ...result });
  }
  return { steps, summary: readFileSync(summary, 'utf8') };
}

/**
 * A pull request's checkout: the base branch committed and known as origin/main, then the pull
 * request's commit on top (the merge commit GitHub checks out has the same tree).
 */
async function pullRequestCheckout(change: Record<string, string>): Promise<{ cwd: string; home: string }> {
  const home = workspace();
  const cwd = path.join(home, 'repo');
  mkdirSync(cwd);
  const env = baseEnv(home);
  await git(cwd, env, 'init', '--quiet');
  write(cwd, { 'journeykit.config.yaml': CONFIG, 'journeys/online-order.journey.yaml': BASE_MAP });
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

describe('GitHub Actions workflow (templates/github-workflow.yml)', () => {
  it('has the validate, diff and report jobs, each with only the permissions it needs', () => {
    const wf = workflow();
    expect(Object.keys(wf.jobs).sort()).toEqual(['diff', 'report', 'validate']);
    expect(wf.on.pull_request?.paths).toEqual(expect.arrayContaining(['**/*.journey.yaml', '**/*.journey.yml']));
    expect(wf.on.push?.branches).toEqual(['main']);
    // Nothing granted to every job; each job asks for its own.
    expect(Object.values(wf.permissions ?? {}).filter((p) => p !== 'none')).toEqual([]);
    const writes = Object.fromEntries(
      Object.entries(wf.jobs).map(([name, job]) => [name, Object.entries(job.permissions ?? {}).filter(([, p]) => p === 'write').map(([scope]) => scope)]),
    );
    expect(writes).toEqual({ validate: ['security-events'], diff: ['pull-requests'], report: [] });
    for (const job of Object.values(wf.jobs)) {
      expect(job.permissions?.contents).toBe('read');
      expect(job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(22);
    }

    // Every run step is either run by these tests or skipped for a stated reason.
    for (const [name, job] of Object.entries(wf.jobs)) {
      const runSteps = job.steps.filter((s) => s.run !== undefined);
      expect(runSteps.map((s) => s.name).sort(), name).toEqual(Object.keys(GITHUB_RUN_STEPS[name] ?? {}).sort());
      for (const step of runSteps) {
        if (GITHUB_RUN_STEPS[name]![step.name!] === SHIM_REASON) expect(step.run).toBe(INSTALL);
      }
    }

    const validate = wf.jobs.validate!;
    expect(validate.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))?.with?.sarif_file).toBe('journeykit.sarif');

    const diff = wf.jobs.diff!;
    expect(diff.if).toBe("github.event_name == 'pull_request'");
    expect(diff.steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth']).toBe(0);
    expect(diff.steps.find((s) => s.name === 'Diff journey maps against the base branch')?.run).toContain('journey diff --git "origin/$GITHUB_BASE_REF" --format markdown --output journeykit-diff.md');
    const comment = diff.steps.find((s) => s.uses?.startsWith('actions/github-script@'));
    expect(comment?.uses).toBe('actions/github-script@v7');
    // A fork's read-only token cannot comment: the step is skipped rather than failing the job.
    expect(comment?.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
    expect(diff.concurrency?.group).toContain('github.event.pull_request.number');

    const report = wf.jobs.report!;
    expect(report.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))?.uses).toBe('actions/upload-artifact@v4');
  });

  it('validate: annotations, SARIF and a job summary; a broken map fails the job but still gets its SARIF', async () => {
    const [clean, broken] = await Promise.all([
      pullRequestCheckout({ 'journeys/online-order.journey.yaml': CHANGED_MAP }),
      pullRequestCheckout({ 'journeys/online-order.journey.yaml': INVALID_MAP }),
    ]);
    const [ok, bad] = await Promise.all([runGitHubJob('validate', clean.cwd, clean.home), runGitHubJob('validate', broken.cwd, broken.home)]);
    expect(ok.steps).toHaveLength(3);
    for (const step of ok.steps) expect([step.name, step.code, step.stderr]).toEqual([step.name, 0, expect.any(String)]);
    expect(stepNamed(ok.steps, 'Validate journey maps (pull-request annotations)').stdout).not.toContain('::error');
    const sarif = JSON.parse(readFileSync(path.join(clean.cwd, 'journeykit.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results).toEqual([]);
    expect(ok.summary.trim()).not.toBe('');

    const annotations = stepNamed(bad.steps, 'Validate journey maps (pull-request annotations)');
    expect(annotations.code).toBe(1);
    expect(annotations.stdout).toMatch(/^::error file=journeys\/online-order\.journey\.yaml,line=145,col=18,/m);
    // The steps that run `if: always()` after it succeed and report the same finding.
    expect(stepNamed(bad.steps, 'Validate journey maps (SARIF for code scanning)').code).toBe(0);
    const badSarif = JSON.parse(readFileSync(path.join(broken.cwd, 'journeykit.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
    expect(badSarif.runs[0]!.results).toHaveLength(1);
    expect(stepNamed(bad.steps, 'Job summary').code).toBe(0);
    expect(bad.summary).toContain('online-order.journey.yaml');
  });

  it('diff: writes the Markdown diff against the base branch, kept as an artefact and in the summary', async () => {
    const { cwd, home } = await pullRequestCheckout({ 'journeys/online-order.journey.yaml': CHANGED_MAP });
    const { steps, summary } = await runGitHubJob('diff', cwd, home);
    expect(steps).toHaveLength(2);
    for (const step of steps) expect([step.name, step.code, step.stderr]).toEqual([step.name, 0, expect.any(String)]);
    const diff = readFileSync(path.join(cwd, 'journeykit-diff.md'), 'utf8');
    expect(diff.split('\n')[0]).toBe(MARKER);
    expect(diff).toContain('journeys/online-order.journey.yaml');
    expect(diff).toContain('checkout');
    expect(summary).toContain(MARKER);
    const artefact = workflow().jobs.diff!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(nonEmpty(path.join(cwd, String(artefact?.with?.path)))).toBe(true);
  });

  describe('diff: the pull-request comment script', () => {
    interface Comment {
      id: number;
      user: { type: string; login: string };
      body: string;
    }
    type Call = [method: string, params: Record<string, unknown>];

    /** Runs the github-script step's code as the action does, with a recording stand-in for the API. */
    async function postComment(diffText: string, existing: Comment[]): Promise<Call[]> {
      const dir = workspace({ 'journeykit-diff.md': diffText });
      const script = workflow().jobs.diff!.steps.find((s) => s.uses === 'actions/github-script@v7')!.with!.script as string;
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

    const diffText = `${MARKER}\n## Journey map changes\n\n- checkout: friction +12.5\n`;

    it('creates the comment when the pull request has none from it', async () => {
      const calls = await postComment(diffText, [
        { id: 1, user: { type: 'User', login: 'ana' }, body: `Quoting the bot:\n${MARKER}` },
        { id: 2, user: { type: 'Bot', login: 'other[bot]' }, body: 'Coverage: 91%' },
        { id: 3, user: { type: 'Bot', login: 'review[bot]' }, body: `> ${MARKER}\n> quoted from the diff comment` },
      ]);
      expect(calls).toEqual([['createComment', { owner: 'acme', repo: 'maps', issue_number: 12, body: diffText }]]);
    });

    it('updates its earlier comment instead of adding one', async () => {
      const calls = await postComment(diffText, [
        { id: 1, user: { type: 'User', login: 'ana' }, body: `${MARKER}\nI pasted this` },
        { id: 5, user: { type: 'Bot', login: 'github-actions[bot]' }, body: `${MARKER}\nold diff` },
      ]);
      expect(calls).toEqual([['updateComment', { owner: 'acme', repo: 'maps', comment_id: 5, body: diffText }]]);
    });

    it('shortens a diff longer than a GitHub comment may be, keeping the marker', async () => {
      const calls = await postComment(`${MARKER}\n${'- a change\n'.repeat(10_000)}`, []);
      const body = calls[0]![1].body as string;
      expect(body.length).toBeLessThanOrEqual(65_536);
      expect(body.startsWith(`${MARKER}\n`)).toBe(true);
      expect(body).toContain('`journeykit-diff` artefact');
    });
  });

  it('report: one Markdown report per tracked map, named after its path; a broken map is left out with a warning', async () => {
    const { cwd, home } = await pullRequestCheckout({
      'journeys/online-order.journey.yaml': CHANGED_MAP,
      // Same file name in another folder: its report must not overwrite the first one.
      'archive/online-order.journey.yml': BASE_MAP,
      'drafts/broken.journey.yaml': INVALID_MAP,
    });
    const { steps } = await runGitHubJob('report', cwd, home);
    const step = stepNamed(steps, 'Write a report for every map');
    expect(step.code).toBe(0);
    expect(step.stdout).toMatch(/^::warning file=drafts\/broken\.journey\.yaml::/m);
    expect(nonEmpty(path.join(cwd, 'reports/journeys/online-order.md'))).toBe(true);
    expect(nonEmpty(path.join(cwd, 'reports/archive/online-order.md'))).toBe(true);
    expect(existsSync(path.join(cwd, 'reports/drafts/broken.md'))).toBe(false);
    const artefact = workflow().jobs.report!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(artefact?.with?.path).toBe('reports/');
  });

  it('`journey init` writes this workflow unchanged', async () => {
    const cwd = workspace();
    expect((await runCli(['init'], { cwd })).code).toBe(0);
    expect(readFileSync(path.join(cwd, '.github/workflows/journeykit.yml'), 'utf8')).toBe(workflowText());
  });
});

// ---------------------------------------------------------------------------------------------
// GitLab CI

interface GitLabJob {
  stage?: string;
  image: string;
  rules: { if?: string; changes?: string[] }[];
  variables?: Record<string, string>;
  before_script?: string[];
  script: string[];
  artifacts: { when?: string; paths?: string[]; reports?: { junit?: string } };
}

const gitlabJob = (): GitLabJob => (parse(readFileSync(GITLAB_FILE, 'utf8')) as Record<string, GitLabJob>)['journey-maps']!;

/** The job's commands not run by these tests, with the reason; every other line runs. */
const GITLAB_SKIPPED: Record<string, string> = { [INSTALL]: SHIM_REASON };

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
 * branch gained a map of its own after the merge request branched off.
 */
async function mergeRequestClone(featureMap: string): Promise<{ cwd: string; home: string }> {
  const home = workspace();
  const env = baseEnv(home);
  const seed = path.join(home, 'seed');
  const origin = path.join(home, 'origin.git');
  const cwd = path.join(home, 'build');
  mkdirSync(seed);
  await git(seed, env, 'init', '--quiet');
  write(seed, { 'journeykit.config.yaml': CONFIG, 'journeys/online-order.journey.yaml': BASE_MAP });
  await commitAll(seed, env, 'base');
  await git(home, env, 'clone', '--quiet', '--bare', seed, origin);
  await git(home, env, 'clone', '--quiet', origin, cwd);
  await git(cwd, env, 'checkout', '--quiet', '-b', 'feature');
  write(cwd, { 'journeys/online-order.journey.yaml': featureMap });
  await commitAll(cwd, env, 'change');
  write(seed, { 'journeys/trial-onboarding.journey.yaml': OTHER_MAP });
  await commitAll(seed, env, 'target moves on');
  await git(seed, env, 'push', '--quiet', origin, 'main');
  await git(cwd, env, 'update-ref', '-d', 'refs/remotes/origin/main');
  await git(cwd, env, 'checkout', '--quiet', '--detach');
  return { cwd, home };
}

async function runGitLabJob(cwd: string, home: string, variables: Record<string, string> = {}): Promise<Run> {
  const job = gitlabJob();
  const lines = [...(job.before_script ?? []), ...job.script].filter((line) => GITLAB_SKIPPED[line] === undefined);
  const env = baseEnv(home, {
    GITLAB_CI: 'true',
    CI_PIPELINE_SOURCE: 'merge_request_event',
    CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
    CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature',
    CI_PROJECT_ID: '42',
    CI_MERGE_REQUEST_IID: '7',
    CI_PROJECT_DIR: cwd,
    ...job.variables,
    ...variables,
  });
  // The runner runs the lines in one bash with errexit and pipefail.
  return exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', lines.join('\n')], { cwd, env });
}

/** Runs only the job's note step (the one line that reads JOURNEYKIT_GITLAB_TOKEN), in `cwd`. */
async function runNoteStep(cwd: string, home: string, variables: Record<string, string>): Promise<Run> {
  const step = gitlabJob().script.filter((line) => line.includes('JOURNEYKIT_GITLAB_TOKEN'));
  expect(step).toHaveLength(1);
  const env = baseEnv(home, { CI_PROJECT_ID: '42', CI_MERGE_REQUEST_IID: '7', ...variables });
  return exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step[0]!], { cwd, env });
}

describe('GitLab CI job (templates/gitlab-ci.yml)', () => {
  it('runs on merge requests in node:22 and keeps the JUnit report, the diff and the reports', () => {
    const job = gitlabJob();
    expect(job.image).toBe('node:22');
    expect(job.rules.map((r) => r.if)).toEqual(['$CI_PIPELINE_SOURCE == "merge_request_event"']);
    expect(job.artifacts.when).toBe('always');
    expect(job.artifacts.reports?.junit).toBe('journeykit-junit.xml');
    expect(job.artifacts.paths).toEqual(expect.arrayContaining(['journeykit-diff.md', 'reports/']));
    for (const line of Object.keys(GITLAB_SKIPPED)) expect([...(job.before_script ?? []), ...job.script]).toContain(line);
    expect(job.script.some((line) => line.includes('journey validate --format junit --output journeykit-junit.xml'))).toBe(true);
  });

  it('validates, diffs against the merge base, keeps the reports, and posts one note that later pushes update', async () => {
    const { cwd, home } = await mergeRequestClone(CHANGED_MAP);
    const api = await notesApi([
      { id: 3, system: true, body: 'added 1 commit' },
      { id: 4, system: false, body: `Quoting the job:\n${MARKER}` },
    ]);
    try {
      const variables = { JOURNEYKIT_GITLAB_TOKEN: 'glpat-test', CI_API_V4_URL: api.url };
      const first = await runGitLabJob(cwd, home, variables);
      expect([first.code, first.stderr]).toEqual([0, expect.any(String)]);
      expect(readFileSync(path.join(cwd, 'journeykit-junit.xml'), 'utf8')).toContain('<testsuite');
      expect(nonEmpty(path.join(cwd, 'reports/journeys/online-order.md'))).toBe(true);
      const diff = readFileSync(path.join(cwd, 'journeykit-diff.md'), 'utf8');
      expect(diff.split('\n')[0]).toBe(MARKER);
      expect(diff).toContain('journeys/online-order.journey.yaml');
      expect(diff).toContain('checkout');
      // The map the target branch gained later is no change of this merge request ...
      expect(diff).not.toContain('trial-onboarding');
      // ... though a diff against the target branch's tip would show it (so the check above can fail).
      const tip = await exec('journey', ['diff', '--git', 'origin/main', '--format', 'markdown'], { cwd, env: baseEnv(home) });
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
    } finally {
      await api.close();
    }
  });

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

  it('fails on an invalid map, with the finding in the JUnit report and the log', async () => {
    const { cwd, home } = await mergeRequestClone(INVALID_MAP);
    const run = await runGitLabJob(cwd, home);
    expect(run.code).toBe(1);
    expect(readFileSync(path.join(cwd, 'journeykit-junit.xml'), 'utf8')).toContain('<failure');
    expect(run.stdout).toContain('journeys/online-order.journey.yaml');
    expect(run.stdout).toContain('schema/type');
  });
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
    const env = baseEnv(home);
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

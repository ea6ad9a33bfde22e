import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exec } from './cli/processes.js';
import { REPO_ROOT, workspace } from './cli/harness.js';

/**
 * Untrusted pull requests (issue 11): the workflow `journey init` writes must never let a
 * committed file name, or anything journey prints about a map, reach GitHub's workflow-command
 * parser unescaped. The report job's script runs here in a scratch repository whose maps have
 * hostile names, and its output is read the way the Actions runner reads it.
 */

const WORKFLOW_FILE = path.join(REPO_ROOT, 'templates', 'github-workflow.yml');

interface Step {
  name?: string;
  run?: string;
}
interface Workflow {
  jobs: Record<string, { steps: Step[] }>;
}

const HOSTILE_NAMES = [
  'plain.journey.yaml',
  'a\n::error::pwned.journey.yaml',
  '::add-mask::x.journey.yaml',
  'b%0A::error::c.journey.yaml',
  'c,line=1,title=x.journey.yaml',
  'd:e::f.journey.yml',
  'r\r\n::warning file=fake.yaml::forged.journey.yaml',
  'v1 ##[error]old-style.journey.yaml',
  'dir\n::error::in a folder/m.journey.yaml',
  '-dash.journey.yaml',
];

/** Survey exports beside some of those maps (map -> export), with names as hostile. */
const HOSTILE_SURVEYS: Record<string, string> = {
  'a\n::error::pwned.journey.yaml': 'a\n::error::pwned.survey.csv',
  '-dash.journey.yaml': '-dash.survey.csv',
};

const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/** GitHub's escaping of a command's message and of its property values. */
const escapeData = (s: string): string => s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (s: string): string => escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');
const unescapeProperty = (s: string): string => s.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%3A', ':').replaceAll('%2C', ',').replaceAll('%25', '%');
const unescapeData = (s: string): string => s.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%25', '%');

interface Command {
  line: string;
  command: string;
  properties: Record<string, string>;
  data: string;
}

/**
 * The workflow commands the Actions runner would act on in `output` (stdout and stderr merged, as
 * the runner reads them), line by line: `::name props::data` after leading whitespace, the old
 * `##[name props]data` anywhere in a line, and nothing between `::stop-commands::TOKEN` and `::TOKEN::`.
 */
function runnerCommands(output: string): { commands: Command[]; stops: number } {
  const commands: Command[] = [];
  let stopToken: string | undefined;
  let stops = 0;
  for (const line of output.split(/\r?\n|\r/)) {
    const trimmed = line.trimStart();
    let command: Command | undefined;
    if (trimmed.startsWith('::')) {
      const end = trimmed.indexOf('::', 2);
      if (end > 2) {
        const info = trimmed.slice(2, end);
        const space = info.indexOf(' ');
        const name = space < 0 ? info : info.slice(0, space);
        const properties: Record<string, string> = {};
        if (space >= 0) {
          for (const pair of info.slice(space + 1).split(',')) {
            const eq = pair.indexOf('=');
            properties[eq < 0 ? pair : pair.slice(0, eq)] = eq < 0 ? '' : pair.slice(eq + 1);
          }
        }
        command = { line, command: name, properties, data: trimmed.slice(end + 2) };
      }
    } else if (line.includes('##[')) {
      const start = line.indexOf('##[') + 3;
      const end = line.indexOf(']', start);
      if (end > start) command = { line, command: line.slice(start, end).split(' ')[0]!, properties: {}, data: line.slice(end + 1) };
    }
    if (!command) continue;
    if (stopToken !== undefined) {
      if (command.command === stopToken) stopToken = undefined;
      continue;
    }
    if (command.command === 'stop-commands') {
      stopToken = command.data;
      stops++;
      continue;
    }
    commands.push(command);
  }
  expect(stopToken, 'workflow commands are resumed at the end').toBeUndefined();
  return { commands, stops };
}

async function git(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<void> {
  const result = await exec('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd, env });
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
}

function reportScript(): string {
  const workflow = parse(readFileSync(WORKFLOW_FILE, 'utf8')) as Workflow;
  const step = workflow.jobs.report!.steps.find((s) => s.name === 'Write a report for every map');
  expect(step?.run).toBeDefined();
  return step!.run!;
}

describe('GitHub workflow: file names never reach a workflow command unescaped', () => {
  it('the report job gives one well-formed warning per failing map, whatever its name, and nothing journey prints is a command', async () => {
    const home = workspace();
    const cwd = path.join(home, 'repo');
    mkdirSync(cwd);
    const shims = path.join(home, 'shims');
    mkdirSync(shims);
    // A journey that fails, printing the map's name (its last argument) and map text that looks
    // like commands, on both streams; it logs its arguments, NUL-separated, one run per line.
    const argvLog = path.join(home, 'argv.log');
    writeFileSync(
      path.join(shims, 'journey'),
      `#!/bin/sh\nfor a; do last=$a; done\nprintf '%s\\0' "$@" >> ${quote(argvLog)}\nprintf '\\n' >> ${quote(argvLog)}\n` +
        'printf \'%s\\n::error::from journey\\n##[add-mask]secret\\n\' "$last"\nprintf \'error: %s\\n::add-mask::y\\n::stop-commands::guess\\n\' "$last" >&2\nexit 1\n',
    );
    chmodSync(path.join(shims, 'journey'), 0o755);
    // `npx journey` runs the journey that `npm ci` installed: here, the stub on PATH.
    writeFileSync(path.join(shims, 'npx'), '#!/bin/sh\nexec "$@"\n');
    chmodSync(path.join(shims, 'npx'), 0o755);
    const env: NodeJS.ProcessEnv = {
      PATH: [shims, process.env.PATH ?? '/usr/bin:/bin'].join(path.delimiter),
      HOME: home,
      GIT_CONFIG_NOSYSTEM: '1',
      LANG: 'C.UTF-8',
    };
    await git(cwd, env, 'init', '--quiet');
    for (const name of [...HOSTILE_NAMES, ...Object.values(HOSTILE_SURVEYS)]) {
      mkdirSync(path.dirname(path.join(cwd, name)), { recursive: true });
      writeFileSync(path.join(cwd, name), 'id: x\n');
    }
    await git(cwd, env, 'add', '--all');
    await git(cwd, env, 'commit', '--quiet', '-m', 'hostile names');

    // `shell: bash` on GitHub is `bash --noprofile --norc -eo pipefail {0}`; the runner reads both streams.
    const run = await exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', `exec 2>&1\n${reportScript()}`], { cwd, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // The stub's output did reach the log (so it was really printed), only as text.
    expect(run.stdout).toContain('::error::from journey');

    const { commands, stops } = runnerCommands(run.stdout);
    expect(stops).toBe(HOSTILE_NAMES.length);
    expect(commands.map((c) => c.command)).toEqual(HOSTILE_NAMES.map(() => 'warning'));
    const files = commands.map((c) => {
      // Exactly one property, with no raw separator left in it.
      expect(Object.keys(c.properties)).toEqual(['file']);
      expect(c.properties.file).not.toMatch(/[:,\r\n]/);
      expect(c.data).not.toMatch(/[\r\n]/);
      const file = unescapeProperty(c.properties.file!);
      expect(c.properties.file).toBe(escapeProperty(file));
      expect(unescapeData(c.data)).toBe(`journey report failed for ${file}; it is not in the artefact.`);
      return file;
    });
    expect(files.sort()).toEqual([...HOSTILE_NAMES].sort());

    // Read literally: every line that starts with `::` is one of those warnings, a stop, or its resume.
    const token = /^::stop-commands::(journeykit-[0-9a-f]{32})$/m.exec(run.stdout)?.[1];
    expect(token).toBeDefined();
    const stopped = run.stdout.split(/(?:^|\n)::stop-commands::journeykit-[0-9a-f]{32}\n[\s\S]*?\n::journeykit-[0-9a-f]{32}::(?=\n)/);
    const outside = stopped
      .join('\n')
      .split('\n')
      .filter((line) => line.startsWith('::'));
    expect(outside).toEqual(commands.map((c) => c.line));
    expect(outside.every((line) => /^::warning file=[^:,\r\n]+::[^\r\n]+$/.test(line))).toBe(true);

    // Each map's arguments: its survey export beside it when there is one, as a path that cannot
    // be an option, and the map after `--`.
    const runs = readFileSync(argvLog, 'utf8')
      .split('\0\n')
      .filter(Boolean)
      .map((line) => line.split('\0'));
    expect(runs.map((argv) => argv.at(-1)).sort()).toEqual([...HOSTILE_NAMES].sort());
    for (const argv of runs) {
      const map = argv.at(-1)!;
      const stem = map.replace(/\.journey\.ya?ml$/, '');
      const survey = HOSTILE_SURVEYS[map];
      expect(survey === undefined || survey === `${stem}.survey.csv`).toBe(true);
      expect(argv).toEqual(['report', ...(survey === undefined ? [] : ['--survey', `./${survey}`]), '--output', `reports/${stem}.md`, '--', map]);
    }
    expect(runs.filter((argv) => argv.includes('--survey'))).toHaveLength(Object.keys(HOSTILE_SURVEYS).length);
  });

  it('no `${{ }}` expression in a `run:` script, so no pull-request value is pasted into a shell script', () => {
    const workflow = parse(readFileSync(WORKFLOW_FILE, 'utf8')) as Workflow;
    const scripts = Object.values(workflow.jobs).flatMap((job) => job.steps.map((s) => s.run).filter((r): r is string => r !== undefined));
    expect(scripts.length).toBeGreaterThan(3);
    for (const script of scripts) expect(script).not.toMatch(/\$\{\{/);
  });
});

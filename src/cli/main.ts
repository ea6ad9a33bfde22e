import { Command, CommanderError, Option } from 'commander';
import type { DiffFlags } from '../commands/diff.js';
import type { MetricsFlags } from '../commands/metrics.js';
import type { RenderFlags } from '../commands/render.js';
import type { ReportFlags } from '../commands/report.js';
import type { ScoreFlags } from '../commands/score.js';
import type { ValidateFlags } from '../commands/validate.js';
import { packageVersion } from '../io/package.js';
import { findWorkspace } from '../io/workspace.js';
import { STDOUT_NAMES } from '../io/write.js';
import type { CommandContext, RunParams } from './context.js';
import { colorFor } from './context.js';
import { EXIT_ERROR, reportError } from './exit.js';

const FORMATS = ['stylish', 'json', 'github', 'sarif', 'junit', 'markdown'];
const TEMPLATES = ['retail', 'saas', 'healthcare', 'financial-services', 'telecom', 'blank'];
const PLATFORM_CHOICES = ['auto', 'qualtrics', 'surveymonkey', 'typeform', 'google-forms', 'generic'];

const collect = (value: string, previous: string[]) => [...previous, value];
const configOption = () => new Option('-c, --config <file>', 'workspace config (default: nearest journeykit.config.yaml walking up)');
const outputOption = (what: string) => new Option('-o, --output <file>', `write ${what} to a file (atomically) instead of stdout ('-': stdout)`);

const browserOption = (forWhat: string) =>
  new Option('--browser <path>', `Chrome or Chromium for ${forWhat} (default: JOURNEYKIT_BROWSER, PUPPETEER_EXECUTABLE_PATH, system locations)`);

/** Survey evidence for a map (score, render, report): `--metrics` or `--survey`, and how the export is read. */
function evidenceOptions(command: Command): Command {
  command
    .option('--metrics <file>', 'survey evidence: the JSON of journey metrics --format json')
    .option('--survey <export>', 'survey evidence: a survey export, read as journey metrics does');
  return surveyReadingOptions(command, 'with --survey: ');
}

/** How a survey export is read: the same flags wherever a command reads one. */
function surveyReadingOptions(command: Command, prefix: string): Command {
  return command
    .addOption(new Option('--column <metric=column>', `${prefix}use this column for a metric or dimension (repeatable)`).argParser(collect).default([]))
    .addOption(new Option('--scale <metric=min-max[:higher|lower]>', `${prefix}the scale of a metric, e.g. ces=1-7:higher (repeatable)`).argParser(collect).default([]))
    .addOption(
      new Option('--labels <metric=lowest|...|highest>', `${prefix}the answer labels of a metric's question, lowest point first, e.g. "csat=Poor|Fair|Good|Very good|Excellent" (repeatable)`)
        .argParser(collect)
        .default([]),
    )
    .addOption(new Option('--platform <name>', `${prefix}survey platform (default: detected from the headers)`).choices(PLATFORM_CHOICES));
}

/**
 * The whole CLI as a function: arguments and streams in, exit code out. The bin only wires
 * process.argv and stdio into it; tests call it in-process.
 */
export async function run(params: RunParams): Promise<number> {
  let exitCode = 0;
  const context = (command: Command): CommandContext => {
    const globals = command.optsWithGlobals<{ color?: boolean; verbose?: boolean; allowOutside?: boolean }>();
    return {
      ...params,
      workspace: globals.allowOutside === true ? undefined : findWorkspace(params.cwd),
      color: colorFor(params.stdout, params.env, globals.color),
      verbose: globals.verbose === true,
    };
  };

  const program = new Command('journey')
    .description('Customer journey maps as YAML in git: validate, measure, score, render, report and diff them.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--color', 'force coloured output')
    .option('--no-color', 'disable coloured output (NO_COLOR and FORCE_COLOR are honoured too)')
    .option('--verbose', 'print stack traces of internal errors')
    .option('--allow-outside', 'read inputs outside the workspace (the git repository, else the working directory), links included')
    .exitOverride()
    // `--output -` and `--output /dev/stdout` mean standard output: no file is written.
    .hook('preAction', (_program, action) => {
      const output: unknown = action.getOptionValue('output');
      if (typeof output === 'string' && STDOUT_NAMES.includes(output)) action.setOptionValue('output', undefined);
    })
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => params.stdout.write(text),
      writeErr: (text) => params.stderr.write(text),
    })
    .addHelpText(
      'after',
      `
Examples:
  $ journey init my-maps --template retail
  $ journey validate
  $ journey validate maps/ --format github
  $ journey report maps/online-order.journey.yaml --survey export.csv --output report.md
  $ journey diff --git origin/main --format markdown
  $ journey schema > journey-map.schema.json

Exit codes: 0 success, 1 findings at or above the failure level, 2 usage or input error.`,
    );

  program
    .command('validate')
    .description('validate journey maps against the JSON Schema and the lint rules')
    .argument('[paths...]', 'files, directories or globs (default: every *.journey.yaml|yml below the working directory)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('stylish'))
    .addOption(new Option('--fail-on <level>', 'lowest severity that fails the run').choices(['error', 'warning']).default('error'))
    .option('--max-warnings <n>', 'fail when there are more than n warnings')
    .option('-q, --quiet', 'report errors only')
    .addOption(configOption())
    .addOption(outputOption('the report'))
    .addHelpText(
      'after',
      `
Examples:
  $ journey validate                                   every map below the working directory
  $ journey validate examples/retail --quiet           errors only
  $ journey validate 'maps/**/*.journey.yaml' --format sarif --output journeykit.sarif
  $ journey validate --format github --max-warnings 0  annotations in GitHub Actions`,
    )
    .action(async (paths: string[], flags: ValidateFlags, command: Command) => {
      const { validateCommand } = await import('../commands/validate.js');
      exitCode = await validateCommand(paths, flags, context(command));
    });

  const metrics = program.command('metrics');
  surveyReadingOptions(metrics, '');
  metrics
    .description('compute NPS, CSAT, CES and FCR with confidence intervals from survey exports')
    .argument('<exports...>', 'survey export files (CSV from Qualtrics, SurveyMonkey, Typeform, Google Forms, Excel, or any one-header CSV)')
    .option('-m, --map <file>', "journey map whose survey binding and touchpoint KPIs apply")
    .option('--by <dims>', 'segment by dimensions, comma-separated (channel, stage, touchpoint or any column)')
    .addOption(new Option('--period <period>', 'trend per period').choices(['week', 'month', 'quarter']))
    .option('--tz <zone>', "time zone for periods (default: the export's, else UTC)")
    .option('--complete-only', 'count the answers of finished responses only (completion still counts every started response)')
    .option('--check', 'exit 1 when a KPI is past its action threshold')
    .option('--min-n <n>', 'fewest answers a KPI is judged on; below it the KPI is insufficient, not breached (default 30)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'csv', 'markdown']).default('table'))
    .addOption(configOption())
    .addOption(outputOption('the result'))
    .addHelpText(
      'after',
      `
Examples:
  $ journey metrics export.csv
  $ journey metrics export.csv --by channel,stage --period month --tz Europe/Berlin
  $ journey metrics export.csv --map journeys/online-order.journey.yaml --check
  $ journey metrics export.csv --check --min-n 10   judge KPIs on 10 answers or more
  $ journey metrics survey.csv --column nps=LTR --scale ces=1-5:lower --format json
  $ journey metrics survey.csv --labels "csat=Very unfavourable|Unfavourable|Neutral|Favourable|Very favourable"`,
    )
    .action(async (files: string[], flags: MetricsFlags, command: Command) => {
      const { metricsCommand } = await import('../commands/metrics.js');
      exitCode = await metricsCommand(files, flags, context(command));
    });

  const score = program.command('score');
  score
    .description('rank touchpoints by friction and priority, and opportunities by value for effort')
    .argument('<map>', 'journey map')
    .option('--weights <file>', 'scoring weights (the keys of scoring: in journeykit.config.yaml)')
    .option('--top <n>', 'list only the first n touchpoints and opportunities')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'csv', 'markdown']).default('table'))
    .addOption(configOption())
    .addOption(outputOption('the result'))
    .addHelpText(
      'after',
      `
Examples:
  $ journey score journeys/online-order.journey.yaml
  $ journey score journeys/online-order.journey.yaml --survey export.csv --top 5
  $ journey metrics export.csv --by touchpoint --format json --output m.json && journey score map.journey.yaml --metrics m.json --format json`,
    )
  evidenceOptions(score);
  score.action(async (map: string, flags: ScoreFlags, command: Command) => {
      const { scoreCommand } = await import('../commands/score.js');
      exitCode = await scoreCommand(map, flags, context(command));
    });

  const render = program.command('render');
  render
    .description('draw a map: the journey-map canvas (HTML, SVG, PNG, PDF), or one Mermaid diagram (source or image)')
    .argument('<map>', 'journey map')
    .addOption(new Option('--view <view>', 'what to draw: the canvas (stages x lanes) or a Mermaid diagram').choices(['canvas', 'journey', 'emotion', 'blueprint', 'priority', 'stages']))
    .addOption(new Option('-f, --format <format>', 'output format: canvas html|svg|png|pdf (default html), diagrams mmd|svg|png|pdf (default mmd); images need Chrome or Chromium').choices(['mmd', 'html', 'svg', 'png', 'pdf']))
    .addOption(new Option('-o, --output <file>', "write the picture to a file (atomically) instead of stdout ('-': stdout); repeat it to write several formats in one run, each by its extension").argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]))
    .option('--width <px>', 'PNG width in pixels (default: twice the natural size)')
    .addOption(new Option('--theme <name>', 'colour theme: default, neutral or dark; Mermaid diagrams also forest').choices(['default', 'neutral', 'forest', 'dark']).default('default'))
    .option('--lanes <names>', 'canvas: the lanes to draw, comma-separated (default: every lane the map has content for)')
    .option('--persona <id>', "canvas: the journey of one persona (its card and the touchpoints it takes part in)")
    .option('--stages <ids>', 'canvas: only these stages, comma-separated (part of a long journey, e.g. for a slide)')
    .option('--css <file>', "canvas: a stylesheet added after the canvas' own (fonts, colours)")
    .addOption(new Option('--page <size>', 'canvas PDF paper, landscape (default a3)').choices(['a3', 'a4']))
    .addOption(browserOption('images'))
    .addOption(configOption())
    .addHelpText(
      'after',
      `
--scale N (a number) sets the pixels per CSS pixel of a PNG (default 2); --scale metric=min-max sets a survey scale.
Lanes: goals, actions, channels, emotion, survey, moments, pain-points, opportunities, kpis, frontstage, backstage, support, systems.

Examples:
  $ journey render journeys/online-order.journey.yaml --view canvas --output map.html
  $ journey render journeys/online-order.journey.yaml --view canvas --format pdf --page a3 --output map.pdf
  $ journey render journeys/online-order.journey.yaml --view canvas --format png --width 3000 --persona busy-parent --output map.png
  $ journey render journeys/online-order.journey.yaml --view journey
  $ journey render journeys/online-order.journey.yaml --view blueprint --format svg --output blueprint.svg
  $ journey render journeys/online-order.journey.yaml --view emotion --survey export.csv --format png --output emotion.png`,
    )
  evidenceOptions(render);
  render.action(async (map: string, flags: RenderFlags, command: Command) => {
      const { renderCommand } = await import('../commands/render.js');
      exitCode = await renderCommand(map, flags, context(command));
    });

  const report = program.command('report');
  report
    .description('write the full journey report: Markdown for GitHub, or one self-contained HTML file')
    .argument('<map>', 'journey map')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['markdown', 'html']).default('markdown'))
    .addOption(
      new Option('--images <kind>', 'diagrams as images rendered in Chrome/Chromium: files beside a Markdown report, inline in HTML').choices(['none', 'svg', 'png']).default('none'),
    )
    .option('--top <n>', 'rows in the top friction table (default 5)')
    .option('--tz <zone>', "with --survey: time zone for the monthly trend (default: the export's, else UTC)")
    .addOption(outputOption('the report'))
    .addOption(browserOption('--images'))
    .addOption(configOption())
    .addHelpText(
      'after',
      `
Examples:
  $ journey report journeys/online-order.journey.yaml --output report.md
  $ journey report journeys/online-order.journey.yaml --survey export.csv --output report.md --images svg
  $ journey report journeys/online-order.journey.yaml --metrics m.json --format html --output report.html

The generation date is today's, or SOURCE_DATE_EPOCH's (UTC) when set, for reproducible reports.`,
    );
  evidenceOptions(report);
  report.action(async (map: string, flags: ReportFlags, command: Command) => {
    const { reportCommand } = await import('../commands/report.js');
    exitCode = await reportCommand(map, flags, context(command));
  });

  program
    .command('diff')
    .description('what changed for the customer between two versions of maps: items by id, friction and priority deltas')
    .argument('[paths...]', 'BASE HEAD map files; with --git, paths that limit the search (default: the whole repository)')
    .option('--git <rev>', 'compare every changed, added, removed or renamed map in the working tree against a git revision')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--fail-on-increase <n>', "exit 1 when a touchpoint's friction rises by more than n points (0..100)")
    .addOption(configOption())
    .addOption(outputOption('the diff'))
    .addHelpText(
      'after',
      `
Examples:
  $ journey diff old/online-order.journey.yaml journeys/online-order.journey.yaml
  $ journey diff --git origin/main
  $ journey diff --git origin/main journeys/ --format markdown --output diff.md
  $ journey diff --git HEAD~1 --fail-on-increase 10`,
    )
    .action(async (paths: string[], flags: DiffFlags, command: Command) => {
      const { diffCommand } = await import('../commands/diff.js');
      exitCode = await diffCommand(paths, flags, context(command));
    });

  program
    .command('schema')
    .description('print the JSON Schema of journey maps (or of the workspace config, or of metrics JSON)')
    .addOption(new Option('--config', 'print the schema of journeykit.config.yaml instead').conflicts('metrics'))
    .option('--metrics', 'print the schema of `journey metrics --format json` output (what --metrics FILE.json must fit)')
    .addOption(outputOption('the schema'))
    .addHelpText('after', '\nExamples:\n  $ journey schema > schemas/journey-map.schema.json\n  $ journey schema --config\n  $ journey schema --metrics')
    .action(async (flags: { config?: boolean; metrics?: boolean; output?: string }, command: Command) => {
      const { schemaCommand } = await import('../commands/schema.js');
      exitCode = await schemaCommand(flags, context(command));
    });

  program
    .command('init')
    .description('scaffold a workspace: config, an example map, a .gitignore and a GitHub Actions workflow (overwrites nothing without --force)')
    .argument('[dir]', 'workspace directory', '.')
    .addOption(new Option('-t, --template <name>', 'industry template, or blank for an empty map').choices(TEMPLATES).default('retail'))
    .option('--force', 'replace the files init writes if they exist (a .gitignore is only added to)')
    .addHelpText('after', '\nExamples:\n  $ journey init\n  $ journey init cx-maps --template healthcare\n  $ journey init --template blank --force')
    .action(async (dir: string, flags: { template: string; force?: boolean }, command: Command) => {
      const { initCommand } = await import('../commands/init.js');
      exitCode = await initCommand(dir, flags, context(command));
    });

  try {
    await program.parseAsync([...params.argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help asked for exits 0; help shown because no command was given is a usage error.
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) return error.exitCode === 0 ? 0 : EXIT_ERROR;
      return EXIT_ERROR;
    }
    return await reportError(error, { stderr: params.stderr, env: params.env, verbose: params.argv.includes('--verbose') });
  }
}

import { Option } from 'commander';
import { DIALECTS } from '../../core/survey/sql/dialects.js';
import { choicesFrom, defineCommand } from '../command.js';
import { configOption, outputOption, surveyReadingOptions } from '../options.js';
import type { Period } from '../../core/survey/types.js';
import type { MetricsFlags } from './run.js';

export const PERIODS = ['week', 'month', 'quarter'] as const satisfies readonly Period[];

export const metrics = defineCommand<[exports: string[]], MetricsFlags>({
  name: 'metrics',
  description: 'compute NPS, CSAT, CES and FCR with confidence intervals from survey exports',
  arguments: [
    {
      syntax: '[exports...]',
      description: 'survey export files (CSV from Qualtrics, SurveyMonkey, Typeform, Google Forms, Excel, or any one-header CSV); none with --from-aggregates',
    },
  ],
  options: [
    ...surveyReadingOptions(''),
    new Option('-m, --map <file>', 'journey map whose survey binding and touchpoint KPIs apply'),
    new Option('--by <dims>', 'segment by dimensions, comma-separated (channel, stage, touchpoint or any column)'),
    new Option('--period <period>', 'trend per period').choices(PERIODS),
    new Option('--tz <zone>', "time zone for periods (default: the export's, else UTC)"),
    new Option('--complete-only', 'count the answers of finished responses only (completion still counts every started response)'),
    new Option('--check', 'exit 1 when a KPI is past its action threshold'),
    new Option('--min-n <n>', 'fewest answers a KPI is judged on; below it the KPI is insufficient, not breached (default 30)'),
    choicesFrom(new Option('-f, --format <format>', 'output format').default('table'), async () => (await import('../../core/survey/formatters/index.js')).METRICS_FORMAT_NAMES),
    new Option('--emit-sql', 'print the aggregation query for the export, to run where the data lives (docs/warehouse.md)'),
    new Option('--dialect <dialect>', 'SQL dialect of --emit-sql (default: duckdb)').choices(DIALECTS),
    new Option('--table <name>', "with --emit-sql: read this table (columns named as the export's header) instead of the export file"),
    new Option('--from-aggregates <file>', "the report from the query's result, saved as CSV or JSON (docs/warehouse.md)"),
    configOption(),
    outputOption('the result'),
  ],
  examples: [
    'journey metrics export.csv',
    'journey metrics export.csv --by channel,stage --period month --tz Europe/Berlin',
    'journey metrics export.csv --map journeys/online-order.journey.yaml --check',
    'journey metrics export.csv --check --min-n 10   judge KPIs on 10 answers or more',
    'journey metrics survey.csv --column nps=LTR --scale ces=1-5:lower --format json',
    'journey metrics export.csv --format github        survey warnings as annotations on the export',
    'journey metrics export.csv --by channel --period month --emit-sql > counts.sql',
    'journey metrics export.csv --emit-sql --dialect bigquery --table acme.survey.responses',
    'journey metrics --from-aggregates counts.csv --format json',
    'journey metrics survey.csv --labels "csat=Very unfavourable|Unfavourable|Neutral|Favourable|Very favourable"',
  ],
  load: async () => (await import('./run.js')).metricsCommand,
});

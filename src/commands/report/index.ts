import { REPORT_FORMATS, REPORT_IMAGES } from './choices.js';
import { Option } from 'commander';
import { defineCommand } from '../command.js';
import { browserOption, configOption, evidenceOptions, outputOption } from '../options.js';
import type { ReportFlags } from './run.js';

export const report = defineCommand<[map: string], ReportFlags>({
  name: 'report',
  description: 'write the full journey report: Markdown for GitHub, or one self-contained HTML file',
  arguments: [{ syntax: '<map>', description: 'journey map' }],
  options: [
    new Option('-f, --format <format>', 'output format').choices(REPORT_FORMATS).default('markdown'),
    new Option('--images <kind>', 'diagrams as images rendered in Chrome/Chromium: files beside a Markdown report, inline in HTML').choices(REPORT_IMAGES).default('none'),
    new Option('--top <n>', 'rows in the top friction table (default 5)'),
    new Option('--tz <zone>', "with --survey: time zone for the monthly trend (default: the export's, else UTC)"),
    outputOption('the report'),
    browserOption('--images'),
    configOption(),
    ...evidenceOptions(),
  ],
  examples: [
    'journey report journeys/online-order.journey.yaml --output report.md',
    'journey report journeys/online-order.journey.yaml --survey export.csv --output report.md --images svg',
    'journey report journeys/online-order.journey.yaml --metrics m.json --format html --output report.html',
  ],
  footer: "The generation date is today's, or SOURCE_DATE_EPOCH's (UTC) when set, for reproducible reports.",
  load: async () => (await import('./run.js')).reportCommand,
});

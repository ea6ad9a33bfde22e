import { Option } from 'commander';
import { PLATFORMS } from '../core/survey/types.js';

/** Flags several commands take, declared once. */
const collect = (value: string, previous: string[]) => [...previous, value];

export const configOption = () => new Option('-c, --config <file>', 'workspace config (default: nearest journeykit.config.yaml walking up)');
export const outputOption = (what: string) => new Option('-o, --output <file>', `write ${what} to a file (atomically) instead of stdout ('-': stdout)`);

export const browserOption = (forWhat: string) =>
  new Option('--browser <path>', `Chrome or Chromium for ${forWhat} (default: JOURNEYKIT_BROWSER, PUPPETEER_EXECUTABLE_PATH, system locations)`);

export const PLATFORM_CHOICES: readonly string[] = ['auto', ...PLATFORMS];

/** How a survey export is read: the same flags wherever a command reads one. */
export function surveyReadingOptions(prefix: string): Option[] {
  return [
    new Option('--column <metric=column>', `${prefix}use this column for a metric or dimension (repeatable)`).argParser(collect).default([]),
    new Option('--scale <metric=min-max[:higher|lower]>', `${prefix}the scale of a metric, e.g. ces=1-7:higher (repeatable)`).argParser(collect).default([]),
    new Option(
      '--labels <metric=lowest|...|highest>',
      `${prefix}the answer labels of a metric's question, lowest point first, e.g. "csat=Poor|Fair|Good|Very good|Excellent" (repeatable)`,
    )
      .argParser(collect)
      .default([]),
    new Option('--platform <name>', `${prefix}survey platform (default: detected from the headers)`).choices(PLATFORM_CHOICES),
  ];
}

/** Survey evidence for a map (score, render, report): `--metrics` or `--survey`, and how the export is read. */
export function evidenceOptions(): Option[] {
  return [
    new Option('--metrics <file>', 'survey evidence: the JSON of journey metrics --format json'),
    new Option('--survey <export>', 'survey evidence: a survey export, read as journey metrics does'),
    ...surveyReadingOptions('with --survey: '),
  ];
}

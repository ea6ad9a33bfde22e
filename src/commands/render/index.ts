import { Option } from 'commander';
import { choicesFrom, defineCommand } from '../command.js';
import { CANVAS_VIEW, RENDER_FORMATS, PAGE_SIZES } from './choices.js';
import { browserOption, configOption, evidenceOptions } from '../options.js';
import type { RenderFlags } from './run.js';

export const render = defineCommand<[map: string], RenderFlags>({
  name: 'render',
  description: 'draw a map: the journey-map canvas (HTML, SVG, PNG, PDF), or one Mermaid diagram (source or image)',
  arguments: [{ syntax: '<map>', description: 'journey map' }],
  options: [
    choicesFrom(new Option('--view <view>', 'what to draw: the canvas (stages x lanes) or a Mermaid diagram'), async () => [
      CANVAS_VIEW,
      ...(await import('../../core/mermaid/index.js')).VIEW_NAMES,
    ]),
    new Option('-f, --format <format>', 'output format: canvas html|svg|png|pdf (default html), diagrams mmd|svg|png|pdf (default mmd); images need Chrome or Chromium').choices(
      RENDER_FORMATS,
    ),
    new Option(
      '-o, --output <file>',
      "write the picture to a file (atomically) instead of stdout ('-': stdout); repeat it to write several formats in one run, each by its extension",
    ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    new Option('--width <px>', 'PNG width in pixels (default: twice the natural size)'),
    choicesFrom(
      new Option('--theme <name>', 'colour theme: default, neutral or dark; Mermaid diagrams also forest').default('default'),
      async () => (await import('../../io/mermaid-runtime.js')).MERMAID_THEMES,
    ),
    new Option('--lanes <names>', 'canvas: the lanes to draw, comma-separated (default: every lane the map has content for)'),
    new Option('--persona <id>', 'canvas: the journey of one persona (its card and the touchpoints it takes part in)'),
    new Option('--stages <ids>', 'canvas: only these stages, comma-separated (part of a long journey, e.g. for a slide)'),
    new Option('--css <file>', "canvas: a stylesheet added after the canvas' own (fonts, colours)"),
    new Option('--page <size>', 'canvas PDF paper, landscape (default a3)').choices(PAGE_SIZES),
    browserOption('images'),
    configOption(),
    ...evidenceOptions(),
  ],
  notes: [
    '--scale N (a number) sets the pixels per CSS pixel of a PNG (default 2); --scale metric=min-max sets a survey scale.',
    'Lanes: goals, actions, channels, emotion, survey, moments, pain-points, opportunities, kpis, frontstage, backstage, support, systems.',
  ].join('\n'),
  examples: [
    'journey render journeys/online-order.journey.yaml --view canvas --output map.html',
    'journey render journeys/online-order.journey.yaml --view canvas --format pdf --page a3 --output map.pdf',
    'journey render journeys/online-order.journey.yaml --view canvas --format png --width 3000 --persona busy-parent --output map.png',
    'journey render journeys/online-order.journey.yaml --view journey',
    'journey render journeys/online-order.journey.yaml --view blueprint --format svg --output blueprint.svg',
    'journey render journeys/online-order.journey.yaml --view emotion --survey export.csv --format png --output emotion.png',
  ],
  load: async () => (await import('./run.js')).renderCommand,
});

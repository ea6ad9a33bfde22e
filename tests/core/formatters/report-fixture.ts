import type { Diagnostic, FileResult, Range, Severity, ValidationReport } from '../../../src/core/diagnostics.js';
import { summarize } from '../../../src/core/diagnostics.js';
import type { FormatterOptions } from '../../../src/core/formatters/index.js';
import type { RuleMeta } from '../../../src/core/rules/rule.js';

/**
 * One fixed report that every formatter's golden file is rendered from: a map with an error, a
 * warning and an info (with hints and source for code frames), a clean map, and a map whose
 * path and messages carry text that tries to break out of each format.
 */

/** The range of the `occurrence`-th `needle` on 1-based `line` of `source`, in UTF-16 units. */
export function rangeOf(source: string, line: number, needle: string, endLine = line, endColumn?: number): Range {
  const text = source.split('\n')[line - 1];
  const index = text?.indexOf(needle) ?? -1;
  if (index === -1) throw new Error(`'${needle}' is not on line ${line}`);
  return { line, column: index + 1, endLine, endColumn: endColumn ?? index + 1 + needle.length };
}

function diagnostic(code: string, severity: Severity, range: Range, path: string, message: string, hint?: string): Diagnostic {
  return { code, severity, message, path, ...range, ...(hint !== undefined ? { hint } : {}) };
}

export const ORDER_FILE = 'maps/online-order.journey.yaml';
export const CLEAN_FILE = 'maps/clean.journey.yaml';
export const HOSTILE_FILE = 'maps/hostile #1/evil map, 100%.journey.yaml';

export const ORDER_SOURCE = [
  '# yaml-language-server: $schema=../schemas/journey-map.schema.json',
  'id: online-order',
  'name: Online order',
  'personas:',
  '  - id: shopper',
  '    name: Shopper',
  '  - id: gift-buyer',
  '    name: Gift buyer',
  'stages:',
  '  - id: browse',
  '    name: Browse',
  '    touchpoints:',
  '      - id: search',
  '        channel: web',
  '        personas: [shoppr]',
  '        emotion: 1',
  '  - id: purchase',
  '    touchpoints:',
  '      - id: checkout',
  '        channel: web\t# a tab before this comment',
  '        emotion: 9',
  '',
].join('\n');

const orderFile: FileResult = {
  file: ORDER_FILE,
  source: ORDER_SOURCE,
  diagnostics: [
    diagnostic(
      'lint/unused-persona',
      'info',
      rangeOf(ORDER_SOURCE, 7, 'gift-buyer'),
      '/personas/1/id',
      "Persona 'gift-buyer' is not used by any touchpoint.",
      "Name it in a touchpoint's `personas:` list, or remove it.",
    ),
    diagnostic(
      'lint/unknown-persona',
      'warning',
      rangeOf(ORDER_SOURCE, 15, 'shoppr'),
      '/stages/0/touchpoints/0/personas/0',
      "Touchpoint 'search' names persona 'shoppr', which this map does not define.",
      "Did you mean 'shopper'? Personas defined: 'shopper', 'gift-buyer'.",
    ),
    // A range over several lines: the carets run to the end of the first line.
    diagnostic(
      'schema/required',
      'error',
      rangeOf(ORDER_SOURCE, 17, 'id', 21, 19),
      '/stages/1',
      "Stage 'purchase' is missing the required property 'name'.",
      'Add `name:` with a short title for the stage.',
    ),
    diagnostic(
      'lint/emotion-out-of-scale',
      'error',
      rangeOf(ORDER_SOURCE, 21, '9'),
      '/stages/1/touchpoints/0/emotion',
      "Touchpoint 'checkout' has emotion 9, outside the map's scale -2..2.",
    ),
  ],
};

const cleanFile: FileResult = {
  file: CLEAN_FILE,
  source: 'id: clean\nname: Clean\nstages: []\n',
  diagnostics: [],
};

export const HOSTILE_SOURCE = [
  'id: evil',
  '# \u001b[31mnot red\u001b[0m, and a bell \u0007',
  'stages:',
  '  - id: "レジ 🛒"',
  '    owner: 顧客体験チーム',
  '    touchpoints:',
  '      - id: pay',
  '        channel: "<script>alert(1)</script>"\t# tab',
  '',
].join('\n');

const hostileFile: FileResult = {
  file: HOSTILE_FILE,
  source: HOSTILE_SOURCE,
  diagnostics: [
    diagnostic(
      'lint/future-without-based-on',
      'info',
      rangeOf(HOSTILE_SOURCE, 1, 'evil'),
      '',
      'Journey `evil` 🎉 is a "future" map with no `basedOn`.',
      "Link the current-state map it improves: basedOn: 'today'.",
    ),
    diagnostic(
      'lint/unknown-owner',
      'warning',
      rangeOf(HOSTILE_SOURCE, 5, '顧客体験チーム'),
      '/stages/0/owner',
      "Stage 'レジ 🛒' names owner '顧客体験チーム', which the config does not list.\nOwners come from journeykit.config.yaml.",
      'Owners listed: @cx-team, ops.\rAdd it under `owners:`.',
    ),
    diagnostic(
      'schema/enum',
      'error',
      rangeOf(HOSTILE_SOURCE, 8, '"<script>alert(1)</script>"'),
      '/stages/0/touchpoints/0/channel',
      'Channel \'<script>alert(1)</script>\' is not one of: web, app | store & "mail" — 100% <b>sure</b>, see [link](http://x) or ask @cx-team in #42 for $5 *now* _here_ ~~gone~~ \\o/.',
      'Use `web`, `app` or `store`.\r\nLine two: C:\\maps, %0A stays text, ::warning::not a command',
    ),
  ],
};

const files = [orderFile, cleanFile, hostileFile];

export const report: ValidationReport = { files, summary: summarize(files) };

export const emptyReport: ValidationReport = { files: [cleanFile], summary: summarize([cleanFile]) };

const rule = (id: string, severity: Severity, description: string, docs: string): RuleMeta => ({ id, severity, description, docs });

/** A few rules, as the registry would describe them, not in id order. */
export const rules: readonly RuleMeta[] = [
  rule('unknown-persona', 'error', 'A touchpoint names a persona the map does not define.', 'Fix the id or add the persona to the map.'),
  rule('emotion-out-of-scale', 'error', "A touchpoint's emotion lies outside the map's scale.", 'Use a value inside the scale, or widen the scale.'),
  rule('unused-persona', 'info', 'A persona no touchpoint names.', 'Name the persona in a touchpoint or remove it.'),
  rule('unknown-owner', 'warning', 'An owner the config does not list.', 'List the owner in the config, or fix the name.'),
  rule('future-without-based-on', 'info', 'A future-state map without `basedOn`.', 'Link the current-state map it improves.'),
  rule('stage-without-touchpoints', 'warning', 'A stage without touchpoints.', 'Add touchpoints or remove the stage.'),
];

export const options = (color = false): FormatterOptions => ({ color, version: '1.2.3', rules });

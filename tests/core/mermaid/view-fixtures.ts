/** Inputs shared by the journey, emotion and stages view tests. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { JourneyMap } from '../../../src/core/model.js';
import { createSchemaValidator } from '../../../src/core/schema/compile.js';
import { scoreJourney } from '../../../src/core/score/model.js';
import { DEFAULT_SCORING } from '../../../src/core/score/settings.js';
import type { ScoreReport } from '../../../src/core/score/types.js';
import type { MetricsReport } from '../../../src/core/survey/types.js';
import { loadDocument } from '../../../src/core/validate.js';
import { csat, metricsReport, nps } from '../score/helpers.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

/** Every example map (examples/<domain>/<name>.journey.yaml), in path order. */
export function exampleMaps(): { file: string; map: JourneyMap }[] {
  const root = path.join(REPO_ROOT, 'examples');
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(path.join(root, d.name))
        .filter((f) => f.endsWith('.journey.yaml'))
        .map((f) => `examples/${d.name}/${f}`),
    )
    .sort()
    .map((file) => ({ file, map: parse(readFileSync(path.join(REPO_ROOT, file), 'utf8')) as JourneyMap }));
}

export const HOSTILE_FILE = 'tests/fixtures/mermaid/hostile.journey.yaml';

/** The hostile-text fixture map, with the schema's findings on it (expected: none). */
export function hostileMap(): { map: JourneyMap; schemaErrors: string[] } {
  const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/journey-map.schema.json'), 'utf8')) as object;
  const loaded = loadDocument({ file: HOSTILE_FILE, bytes: readFileSync(path.join(REPO_ROOT, HOSTILE_FILE)) }, createSchemaValidator(schema));
  return { map: loaded.value as JourneyMap, schemaErrors: loaded.diagnostics.map((d) => `${d.line}: ${d.message}`) };
}

/** `journey score` with the built-in defaults and no survey. */
export function defaultScore(map: JourneyMap): ScoreReport {
  return scoreJourney(map, DEFAULT_SCORING);
}

/**
 * `journey metrics --by touchpoint` figures for the online-order example, copied (NPS and CSAT
 * only) from examples/surveys/online-order-survey.csv. `refund-chat`, `care-line-call` and
 * `product-search` join on their survey_segment or id; the other touchpoints have no segment.
 */
export function onlineOrderMetrics(): MetricsReport {
  return metricsReport({
    touchpoint: {
      Checkout: { nps: nps(-34.2, 79), csat: csat(66.2, 77) },
      'Customer service - chat': { nps: nps(-44.3, 79), csat: csat(62.3, 77) },
      'Home delivery': { nps: nps(53.2, 79), csat: csat(81.3, 75) },
      'Post-delivery survey': { nps: nps(29.1, 79), csat: csat(85.9, 78) },
      'care-line-call': { nps: nps(-49.4, 79), csat: csat(53.3, 75) },
      'product-search': { nps: nps(-1.3, 80), csat: csat(70.5, 78) },
    },
  });
}

/** `#<codepoint>;` entities decoded, as Mermaid does before drawing. */
export function decodeEntities(text: string): string {
  return text.replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
}

/** User text as the views show it: trimmed, line breaks as spaces (escapeMermaid's rule). */
export function shown(text: string): string {
  return text.trim().replace(/\r\n?|\n/g, ' ');
}

/**
 * What is left of a diagram once the entities are taken out: raw characters in it are syntax
 * (or an injection). Used to check that hostile text leaves no raw `<`, `>`, `;`, `#` or `%%{`.
 */
export function withoutEntities(text: string): string {
  return text.replace(/#\d+;/g, '');
}

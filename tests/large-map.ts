/**
 * Large, valid journey maps for the size-limit tests (issue 11), within the map limits (5 MB,
 * 100,000 YAML nodes): `touchpoints` touchpoints in stages of 100, with names of about
 * `nameLength` characters full of punctuation (Mermaid's escaping makes each such character 4 to
 * 6 long); optionally blueprint lanes, and one opportunity per touchpoint whose id is about
 * `opportunityIdLength` long (without impact, so the priority view lists it as not plotted;
 * every fifth one has impact and effort and is drawn).
 */
export interface LargeMapOptions {
  touchpoints: number;
  nameLength: number;
  opportunityIdLength?: number;
  blueprint?: boolean;
  emotion?: boolean;
  title?: string;
}

function filler(seed: string, length: number): string {
  const words = ['check', 'the', 'order,', 'confirm', 'the', 'slot', '&', 'pay', '(card/voucher);', '"fees"', '-', 'done!'];
  let out = seed;
  for (let i = 0; out.length < length; i++) out += ` ${words[i % words.length]}`;
  return out;
}

function slugOf(seed: string, length: number): string {
  let out = seed;
  for (let i = 0; out.length < length; i++) out += `-part${i}`;
  return out;
}

export function largeMapYaml(o: LargeMapOptions): string {
  const out: string[] = ['version: 1', 'id: large-map', `title: ${JSON.stringify(o.title ?? 'A large map: every step, in order')}`, 'stages:'];
  for (let i = 0; i < o.touchpoints; i++) {
    if (i % 100 === 0) out.push(`  - id: stage-${i / 100 + 1}`, `    name: ${JSON.stringify(`Stage ${i / 100 + 1}: from step ${i + 1} (and on)`)}`, '    touchpoints:');
    out.push(`      - id: step-${i + 1}`, `        name: ${JSON.stringify(filler(`Step ${i + 1}:`, o.nameLength))}`, '        channel: web');
    if (o.emotion) out.push(`        emotion: ${(i % 5) - 2}`);
    if (o.blueprint)
      out.push(`        blueprint: {frontstage: [${JSON.stringify(filler(`Page ${i + 1}:`, 60))}], backstage: [${JSON.stringify(filler(`Service ${i + 1}:`, 60))}]}`);
    if (o.opportunityIdLength !== undefined) {
      const id = slugOf(`improve-step-${i + 1}`, o.opportunityIdLength);
      const rating = i % 5 === 0 ? `, impact: ${(i % 5) + 1}, effort: ${((i * 3) % 5) + 1}` : '';
      out.push(`        opportunities: [{id: ${id}, description: x${rating}}]`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Many short touchpoints: the emotion curve (whose labels are cut to fit) goes over the limit by number. */
export const MANY_TOUCHPOINTS: LargeMapOptions = { touchpoints: 9_500, nameLength: 60 };
/** 2,000 touchpoints with long names, blueprint lanes and long opportunity ids: every other view goes over by length. */
export const LONG_TOUCHPOINTS: LargeMapOptions = { touchpoints: 2_000, nameLength: 300, opportunityIdLength: 400, blueprint: true, emotion: true };

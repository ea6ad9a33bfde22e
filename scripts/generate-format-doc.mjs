// Writes docs/format.md, the field-by-field reference of the journey-map format, from the JSON
// Schema (schemas/journey-map.schema.json): every field's description, type, allowed values,
// default and required-ness come from the schema, and the lint rules that look at a field come
// from the table below (their default severities from docs/rules.md). Run `npm run docs:format`
// after changing the schema; tests/docs-format.test.ts fails while docs/format.md is stale.
//
//   node scripts/generate-format-doc.mjs            write docs/format.md
//   node scripts/generate-format-doc.mjs --check    exit 1 when docs/format.md differs
//   --schema FILE, --rules FILE, --out FILE         other paths (used by the tests)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The lint rules that concern each field, keyed by `<definition>.<property>` (`root` is the top
 * level of a map). Every rule of docs/rules.md must appear here at least once.
 */
const RULES_BY_FIELD = {
  'root.id': ['duplicate-journey-id'],
  'root.state': ['future-without-based-on'],
  'root.based_on': ['future-without-based-on', 'invalid-journey-reference', 'unresolved-journey-reference'],
  'root.owner': ['unknown-owner'],
  'root.scales': ['invalid-emotion-scale', 'emotion-out-of-scale'],
  'EmotionScale.min': ['invalid-emotion-scale'],
  'EmotionScale.max': ['invalid-emotion-scale'],
  'Persona.id': ['duplicate-id', 'unused-persona'],
  'Stage.id': ['duplicate-id'],
  'Stage.touchpoints': ['stage-without-touchpoints'],
  'Touchpoint.id': ['duplicate-id'],
  'Touchpoint.channel': ['unknown-channel'],
  'Touchpoint.personas': ['unknown-persona'],
  'Touchpoint.owner': ['unknown-owner'],
  'Touchpoint.emotion': ['emotion-out-of-scale'],
  'Touchpoint.moment_of_truth': ['moment-of-truth-without-kpi'],
  'Touchpoint.kpis': ['moment-of-truth-without-kpi'],
  'Touchpoint.links_to': ['invalid-journey-reference', 'unresolved-journey-reference'],
  'PainPoint.id': ['duplicate-id', 'unaddressed-pain-point'],
  'Opportunity.id': ['duplicate-id'],
  'Opportunity.addresses': ['opportunity-addresses-nothing', 'unknown-pain-point', 'unaddressed-pain-point'],
  'Opportunity.owner': ['unknown-owner'],
  'Kpi.target': ['kpi-unit'],
  'Kpi.threshold': ['kpi-threshold-side', 'kpi-unit'],
  'Kpi.direction': ['kpi-threshold-side'],
};

/**
 * The sections of the document, in order: each documents the properties of one object of the
 * schema. `where` is how a map reaches it, `def` the schema definition (`root`: the top level).
 */
const SECTIONS = [
  { def: 'root', title: 'Journey map (top level)', where: 'the top level of a `*.journey.yaml` file' },
  { def: 'root.scales', title: 'Scales', where: '`scales`' },
  { def: 'EmotionScale', title: 'Emotion scale', where: '`scales.emotion`' },
  { def: 'Persona', title: 'Persona', where: 'each item of `personas`' },
  { def: 'Stage', title: 'Stage', where: 'each item of `stages`' },
  { def: 'Touchpoint', title: 'Touchpoint', where: 'each item of `stages[].touchpoints`' },
  { def: 'PainPoint', title: 'Pain point', where: 'each item of `stages[].touchpoints[].pain_points`' },
  { def: 'Opportunity', title: 'Opportunity', where: 'each item of `stages[].touchpoints[].opportunities`' },
  { def: 'Kpi', title: 'KPI', where: 'each item of `stages[].touchpoints[].kpis`' },
  { def: 'Blueprint', title: 'Service blueprint', where: '`stages[].touchpoints[].blueprint`' },
  { def: 'SurveyBinding', title: 'Survey binding', where: '`survey`' },
  { def: 'SurveyBinding.columns', title: 'Survey columns', where: '`survey.columns`' },
  { def: 'SurveyBinding.scales', title: 'Survey scales', where: '`survey.scales`' },
  { def: 'SurveyScale', title: 'Survey answer scale', where: 'each of `survey.scales.nps`, `.csat`, `.ces` and `.fcr`' },
  { def: 'SurveyBinding.labels', title: 'Survey answer labels', where: '`survey.labels`' },
];

/** Value types documented once, in "Value types", and linked from the tables. */
const VALUE_TYPES = [
  { def: 'Slug', title: 'Id (slug)' },
  { def: 'Evidence', title: 'Evidence' },
];

/** "Pain point" -> "pain point", but "KPI" stays "KPI". */
function inSentence(title) {
  return /^[A-Z][a-z]/.test(title) ? title[0].toLowerCase() + title.slice(1) : title;
}

/** GitHub's heading anchor: lower case, punctuation other than - and _ dropped, spaces to -. */
export function githubAnchor(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

function code(value) {
  return '`' + (typeof value === 'string' ? value : JSON.stringify(value)) + '`';
}

function cell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function flow(value) {
  // YAML flow style for defaults, as a map would write them: {min: -2, max: 2}.
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return (
      '{' +
      Object.entries(value)
        .map(([k, v]) => `${k}: ${flow(v)}`)
        .join(', ') +
      '}'
    );
  }
  if (Array.isArray(value)) return '[' + value.map(flow).join(', ') + ']';
  return String(value);
}

function number(value) {
  // 1000000000000 reads as 10^12.
  const power = Math.log10(Math.abs(value));
  if (Math.abs(value) >= 1e6 && Number.isInteger(power)) return `${value < 0 ? '-' : ''}10^${power}`;
  return String(value);
}

function range(node, unit) {
  const min = node.minimum === undefined ? undefined : number(node.minimum);
  const max = node.maximum === undefined ? undefined : number(node.maximum);
  if (min !== undefined && max !== undefined) return `${unit} from ${min} to ${max}`;
  if (min !== undefined) return `${unit}, at least ${min}`;
  if (max !== undefined) return `${unit}, at most ${max}`;
  return unit;
}

function makeTyper(schema, anchors) {
  const resolve = (ref) => {
    const name = ref.replace('#/$defs/', '');
    const def = schema.$defs[name];
    if (!def) throw new Error(`unresolved $ref ${ref}`);
    return { name, def };
  };
  const type = (node) => {
    if (node.$ref) {
      const { name, def } = resolve(node.$ref);
      if (anchors.has(name)) return `[${inSentence(anchors.get(name).title)}](#${anchors.get(name).anchor})`;
      return type(def);
    }
    if (node.const !== undefined) return `always ${code(node.const)}`;
    if (node.enum) return 'one of ' + node.enum.map(code).join(', ');
    if (node.anyOf) return node.anyOf.map(type).join(', or ');
    switch (node.type) {
      case 'string': {
        if (node.format === 'date') return 'date, YYYY-MM-DD';
        if (node.pattern === '^x-[a-z0-9][a-z0-9-]*$') return 'a custom name: `x-` and a slug, e.g. `x-refund-rate`';
        if (node.pattern) return `text matching ${code(node.pattern)}`;
        return node.minLength ? 'text, not empty' : 'text';
      }
      case 'number':
        return range(node, 'number');
      case 'integer':
        return range(node, 'whole number');
      case 'boolean':
        return '`true` or `false`';
      case 'array': {
        const item = node.items ?? {};
        let text = item.type === 'string' && !item.pattern && !item.format ? `list of texts${item.minLength ? ', none empty' : ''}` : `list of ${type(item)}`;
        const notes = [];
        if (node.minItems) notes.push(`at least ${node.minItems} item${node.minItems === 1 ? '' : 's'}`);
        if (node.uniqueItems) notes.push('no repeats');
        if (notes.length) text += ` (${notes.join(', ')})`;
        return text;
      }
      case 'object':
        return 'mapping';
      default:
        if (node.type) throw new Error(`no wording for type ${JSON.stringify(node.type)}`);
        return 'any value';
    }
  };
  return { type, resolve };
}

function readRuleSeverities(rulesText) {
  const severities = new Map();
  for (const match of rulesText.matchAll(/^\| \[`([a-z0-9-]+)`\]\(#[a-z0-9-]+\) \| (error|warning|info) \|/gm)) {
    severities.set(match[1], match[2]);
  }
  if (severities.size === 0) throw new Error('docs/rules.md: no rule table found (| [`rule-id`](#rule-id) | severity | ...)');
  return severities;
}

/** Renders docs/format.md from the schema object and the text of docs/rules.md. */
export function renderFormatDoc(schema, rulesText) {
  const severities = readRuleSeverities(rulesText);
  const used = new Set(Object.values(RULES_BY_FIELD).flat());
  for (const rule of used) {
    if (!severities.has(rule)) throw new Error(`scripts/generate-format-doc.mjs names rule '${rule}', which docs/rules.md does not list`);
  }
  for (const rule of severities.keys()) {
    if (!used.has(rule)) throw new Error(`rule '${rule}' of docs/rules.md concerns no field in RULES_BY_FIELD of scripts/generate-format-doc.mjs`);
  }

  const objectOf = (def) => {
    if (def === 'root') return schema;
    const [name, ...props] = def.split('.');
    let node = name === 'root' ? schema : schema.$defs[name];
    for (const prop of props) node = node?.properties?.[prop];
    if (!node) throw new Error(`schema has no ${def}`);
    return node;
  };

  const anchors = new Map();
  for (const section of [...SECTIONS, ...VALUE_TYPES]) {
    anchors.set(section.def, { title: section.title, anchor: githubAnchor(section.title) });
  }
  const { type } = makeTyper(schema, anchors);
  const linkTo = (def) => `[${inSentence(anchors.get(def).title)}](#${anchors.get(def).anchor})`;
  // A property whose value is one of the documented objects links to its section.
  const typeOf = (owner, prop, node) => {
    const nested = `${owner}.${prop}`;
    if (anchors.has(nested) && node.type === 'object') return linkTo(nested);
    if (owner === 'root' && anchors.has(`root.${prop}`)) return linkTo(`root.${prop}`);
    return type(node);
  };

  const out = [];
  out.push(
    '# The journey-map format',
    '',
    '<!-- Generated by scripts/generate-format-doc.mjs from schemas/journey-map.schema.json: do not edit by hand.',
    "     Change the schema's descriptions, then run `npm run docs:format`. -->",
    '',
    schema.description,
    '',
    'This page lists every field a map may have, what it means, the values it takes, whether it is',
    'required, its default, and the [lint rules](rules.md) that look at it. It is generated from the',
    'JSON Schema in `schemas/journey-map.schema.json` (`journey schema` prints it), so the two always',
    'agree. Editors that speak the YAML language server check a map as you type when its first line',
    'points at the schema:',
    '',
    '```yaml',
    '# yaml-language-server: $schema=../node_modules/journeykit/schemas/journey-map.schema.json',
    '```',
    '',
    'Rules of the whole format:',
    '',
    '- A field marked **required** must be there; every other field may be left out. A field left',
    '  out is unknown, never zero: a touchpoint without `emotion` has no emotion, not a neutral one.',
    '- Unknown keys are errors (with a "did you mean" for a misspelling). Keys starting with `x-` are',
    '  free-form extensions allowed on every object, e.g. `x-jira: CX-123`; journeykit ignores them.',
    '- Ids are [slugs](#id-slug) and unique per kind across the whole map (touchpoint ids across',
    '  all stages, pain-point ids across all touchpoints), because references and diffs use them.',
    '- Files are YAML 1.2: no custom tags, no `<<` merge keys, no `.inf`/`.nan`, one document per',
    '  file. A JSON file is valid YAML too.',
    '- Lint rules only run on maps that pass the schema; the severity shown is the default, which',
    '  the workspace config can change (see [docs/rules.md](rules.md#configuring-severities)).',
    '',
    '## Contents',
    '',
  );
  for (const section of SECTIONS) out.push(`- [${section.title}](#${githubAnchor(section.title)}): ${section.where}`);
  out.push(`- [Value types](#value-types): ${VALUE_TYPES.map((v) => `[${inSentence(v.title)}](#${githubAnchor(v.title)})`).join(', ')}`);
  out.push('');

  for (const section of SECTIONS) {
    const node = objectOf(section.def);
    const required = new Set(node.required ?? []);
    out.push(`## ${section.title}`, '');
    out.push(`Where: ${section.where}.`, '');
    if (section.def !== 'root') {
      if (!node.description) throw new Error(`${section.def} has no description`);
      out.push(node.description, '');
    }
    out.push('| Field | Required | Type and allowed values | Default | Meaning | Lint rules |', '|---|---|---|---|---|---|');
    const owner = section.def;
    for (const [prop, propNode] of Object.entries(node.properties ?? {})) {
      if (!propNode.description) throw new Error(`${owner === 'root' ? '' : owner + '.'}${prop} has no description in the schema`);
      const rules = (RULES_BY_FIELD[`${owner}.${prop}`] ?? []).map((rule) => `[\`${rule}\`](rules.md#${rule}) (${severities.get(rule)})`).join(', ');
      out.push(
        '| ' +
          [
            `\`${prop}\``,
            required.has(prop) ? '**required**' : 'optional',
            typeOf(owner, prop, propNode),
            propNode.default === undefined ? '' : code(flow(propNode.default)),
            propNode.description,
            rules,
          ]
            .map(cell)
            .join(' | ') +
          ' |',
      );
    }
    if (node.patternProperties?.['^x-']) out.push('| `x-...` | optional | any value |  | A free-form extension; journeykit ignores it. |  |');
    out.push('');

    const conditions = node.allOf ?? [];
    if (conditions.length) {
      out.push('What the target and threshold may be depends on the metric:', '');
      out.push('| When `metric` is | Field | Required | Allowed values | Meaning |', '|---|---|---|---|---|');
      for (const { if: when, then } of conditions) {
        const metric = when.properties.metric;
        const which = metric.const !== undefined ? code(metric.const) : metric.enum ? metric.enum.map(code).join(', ') : `a custom name (${code(metric.pattern)})`;
        const thenRequired = new Set(then.required ?? []);
        const fields = new Set([...Object.keys(then.properties ?? {}), ...thenRequired]);
        for (const field of fields) {
          const constraint = then.properties?.[field] ?? {};
          const own = node.properties[field];
          const allowed = constraint.type || constraint.enum ? type(constraint) : type(own);
          out.push('| ' + [which, `\`${field}\``, thenRequired.has(field) ? '**required**' : 'optional', allowed, constraint.description ?? ''].map(cell).join(' | ') + ' |');
        }
      }
      out.push('');
    }
  }

  out.push('## Value types', '');
  for (const value of VALUE_TYPES) {
    const node = schema.$defs[value.def];
    out.push(`### ${value.title}`, '', node.description, '', `Allowed values: ${type({ ...node, $ref: undefined })}.`, '');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

function parseArgs(argv) {
  const options = {
    check: false,
    schema: path.join(ROOT, 'schemas', 'journey-map.schema.json'),
    rules: path.join(ROOT, 'docs', 'rules.md'),
    out: path.join(ROOT, 'docs', 'format.md'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') options.check = true;
    else if (arg === '--schema' || arg === '--rules' || arg === '--out') {
      const value = argv[++i];
      if (!value) throw new Error(`${arg} needs a file`);
      options[arg.slice(2)] = path.resolve(value);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const doc = renderFormatDoc(JSON.parse(readFileSync(options.schema, 'utf8')), readFileSync(options.rules, 'utf8'));
  const shown = path.relative(process.cwd(), options.out) || options.out;
  if (options.check) {
    let current = null;
    try {
      current = readFileSync(options.out, 'utf8');
    } catch {
      // missing: reported below like a stale file
    }
    if (current !== doc) {
      process.stderr.write(`${shown} is not what the schema generates: run \`npm run docs:format\` and commit the result.` + '\n');
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${shown} is up to date.` + '\n');
    return;
  }
  writeFileSync(options.out, doc);
  process.stdout.write(`wrote ${shown}` + '\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`generate-format-doc: ${error instanceof Error ? error.message : String(error)}` + '\n');
    process.exitCode = 2;
  }
}

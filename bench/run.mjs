// `npm run bench`: each workload against a baseline doing the same work, both run as processes in
// the same session, tool and baseline alternating (tool first on odd runs, baseline first on even
// ones) so the machine's drift falls on both; medians of BENCH_RUNS runs after one untimed run of
// each that also checks both produce the expected result. Deterministic inputs (seeded generators,
// cached under bench/.cache).
//
//   BENCH_RUNS=3        timed runs of each side (median reported); BENCH_COLD_RUNS (default
//                       max(BENCH_RUNS, 11)) for the cold starts
//   BENCH_ONLY=cold,batch,metrics,render   run only these workloads
//   BENCH_ROWS=1000000  rows of the generated survey export; BENCH_MAPS=1000 maps of the workspace
//   BENCH_JSON=file     also write the results as JSON (node bench/markdown.mjs file: the README rows)
//   --json              print the JSON on stdout instead of the table
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateExport } from './generate-export.mjs';
import { generateMaps } from './generate-maps.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, 'bench', '.cache');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const MAPS = Number(process.env.BENCH_MAPS ?? 1000);
// Cold starts take a tenth of a second and vary by more than that on a busy machine: more runs.
const COLD_RUNS = Math.max(1, Number(process.env.BENCH_COLD_RUNS ?? Math.max(RUNS, 11)));
const BIN = path.join(ROOT, 'bin', 'journey.js');
const RSS = path.join(ROOT, 'bench', 'rss.mjs');
const AJV = path.join(ROOT, 'node_modules', 'ajv-cli', 'dist', 'index.js');
const MMDC = path.join(ROOT, 'node_modules', '@mermaid-js', 'mermaid-cli', 'src', 'cli.js');
const SCHEMA = path.join(ROOT, 'schemas', 'journey-map.schema.json');
const GROUPS = ['cold', 'batch', 'metrics', 'render'];
const ONLY = (process.env.BENCH_ONLY ?? GROUPS.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const JSON_STDOUT = process.argv.includes('--json');

for (const group of ONLY) {
  if (!GROUPS.includes(group)) {
    process.stderr.write(`bench: unknown workload '${group}' in BENCH_ONLY (known: ${GROUPS.join(', ')})\n`);
    process.exit(2);
  }
}
const log = (message) => process.stderr.write(`${message}\n`);

/** Runs `node --import rss.mjs ...args` once: wall time, CPU time and peak RSS of the process. */
function measure(side) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', RSS, ...side.args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, ...side.env },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stderr = child.stderr ?? '';
  const marker = /@@bench (.*)\n?$/.exec(stderr);
  const ok = side.ok ?? [0];
  if (!ok.includes(child.status)) {
    throw new Error(`${side.label}: exited ${child.status ?? child.signal}, expected ${ok.join(' or ')}: ${stderr.slice(0, 800)}`);
  }
  const usage = marker ? JSON.parse(marker[1]) : {};
  return { seconds, cpuSeconds: usage.cpuUs / 1e6, rssMb: usage.maxRssKb / 1024, status: child.status, stdout: child.stdout, stderr: stderr.slice(0, marker?.index) };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function summary(side, runs) {
  const seconds = runs.map((r) => r.seconds);
  return {
    label: side.label,
    seconds: median(seconds),
    samples: seconds.map((s) => Number(s.toFixed(3))),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    rssMb: Math.max(...runs.map((r) => r.rssMb)),
    spread: (Math.max(...seconds) - Math.min(...seconds)) / median(seconds),
  };
}

const rows = [];

/** One untimed run of each side (warms the file cache, checks the outputs), then RUNS alternating timed runs. */
function compare(workload) {
  log(`${workload.name} ...`);
  const first = { tool: measure(workload.tool), baseline: measure(workload.baseline) };
  workload.check?.(first.tool, first.baseline);
  const tool = [];
  const baseline = [];
  const runs = workload.runs ?? RUNS;
  for (let run = 0; run < runs; run++) {
    const toolFirst = run % 2 === 0;
    if (toolFirst) tool.push(measure(workload.tool));
    baseline.push(measure(workload.baseline));
    if (!toolFirst) tool.push(measure(workload.tool));
  }
  const row = { group: workload.group, name: workload.name, runs, tool: summary(workload.tool, tool), baseline: summary(workload.baseline, baseline), target: workload.target };
  row.ratio = row.tool.seconds / row.baseline.seconds;
  row.pass = row.ratio <= workload.target;
  row.cpuRatio = row.tool.cpuSeconds / row.baseline.cpuSeconds;
  rows.push(row);
}

const journey = (label, args, extra = {}) => ({ label, args: [BIN, ...args], ...extra });
const node = (label, args, extra = {}) => ({ label, args, ...extra });

function coldStart() {
  const baseline = node('node -e 0', ['-e', '0']);
  const config = 'examples/journeykit.config.yaml';
  compare({
    group: 'cold',
    name: 'cold start: validate 1 map',
    tool: journey('journey validate (1 map)', ['validate', '--config', config, 'examples/retail/online-order.journey.yaml']),
    baseline,
    target: 1.5,
    runs: COLD_RUNS,
  });
  compare({ group: 'cold', name: 'cold start: --version', tool: journey('journey --version', ['--version']), baseline, target: 1.5, runs: COLD_RUNS });
  // The same one map against the tool that does only its schema part: ajv-cli, which compiles the
  // schema on every run. journeykit also reads the config and runs the lint rules. Our own target:
  // no slower than that. The map's date is quoted for ajv-cli's YAML 1.1 reader (see batch).
  const dir = path.join(CACHE, 'cold');
  mkdirSync(dir, { recursive: true });
  const map = path.join(dir, 'online-order.journey.yaml');
  writeFileSync(map, readFileSync(path.join(ROOT, 'examples/retail/online-order.journey.yaml'), 'utf8').replace(/^updated: (\d{4}-\d\d-\d\d)$/m, "updated: '$1'"));
  compare({
    group: 'cold',
    name: 'cold start: validate 1 map, against ajv-cli',
    tool: journey('journey validate (1 map)', ['validate', '--config', config, map]),
    baseline: node('ajv-cli 5, the same map, schema only', ajvArgs(map)),
    target: 1,
    runs: COLD_RUNS,
    check(tool, baseline) {
      if (!/ valid$/m.test(baseline.stdout + baseline.stderr) || !/no problems/.test(tool.stdout))
        throw new Error(`cold: the map must be valid for both:\n${baseline.stdout}${baseline.stderr}\n${tool.stdout}`);
    },
  });
}

const ajvArgs = (data) => [AJV, 'validate', '--spec=draft2020', '-c', 'ajv-formats', '--all-errors', '--errors=line', '-s', SCHEMA, '-d', data];

/** Checks once that the ajv-cli invocation validates for real: a valid map passes, a broken one fails. */
function checkAjvRejects(mapsDir) {
  const dir = path.join(CACHE, 'ajv-check');
  mkdirSync(dir, { recursive: true });
  const valid = readFileSync(path.join(mapsDir, 'copy-0001', 'online-order.journey.yaml'), 'utf8');
  writeFileSync(path.join(dir, 'good.journey.yaml'), valid);
  writeFileSync(path.join(dir, 'bad.journey.yaml'), valid.replace(/^updated: .*$/m, "updated: '2026-13-45'\nbogus: 1"));
  const result = measure(node('ajv-cli check', ajvArgs(path.join(dir, '*.journey.yaml')), { ok: [1] }));
  const output = result.stdout + result.stderr;
  const wanted = [/bad\.journey\.yaml invalid/, /additionalProperty.*bogus/, /must match format \\?"date\\?"/, /good\.journey\.yaml valid/];
  for (const pattern of wanted) {
    if (!pattern.test(output)) throw new Error(`ajv-cli does not validate as expected (${pattern} not in its output):\n${output.slice(0, 800)}`);
  }
}

function batch() {
  const mapsDir = path.join(CACHE, `maps-${MAPS}-quoted-dates`);
  if (!existsSync(mapsDir)) generateMaps(ROOT, MAPS, mapsDir);
  checkAjvRejects(mapsDir);
  compare({
    group: 'batch',
    name: `batch: validate ${MAPS.toLocaleString('en')} maps`,
    tool: journey(`journey validate (${MAPS} maps)`, ['validate', '--config', path.join(mapsDir, 'journeykit.config.yaml'), '--format', 'json', mapsDir]),
    baseline: node('ajv-cli 5, same schema and YAML files', ajvArgs(path.join(mapsDir, '**', '*.journey.yaml'))),
    target: 1.5,
    check(tool, baseline) {
      const files = JSON.parse(tool.stdout).files;
      const errors = files.flatMap((f) => f.diagnostics).filter((d) => d.severity === 'error');
      const validated = (baseline.stdout + baseline.stderr).match(/ valid$/gm)?.length ?? 0;
      if (files.length !== MAPS || errors.length > 0 || validated !== MAPS) {
        throw new Error(`batch: journeykit checked ${files.length} maps (${errors.length} errors), ajv-cli reported ${validated} valid; expected ${MAPS}, all valid`);
      }
    },
  });
}

async function metrics() {
  const exportFile = path.join(CACHE, `qualtrics-${ROWS}.csv`);
  if (!existsSync(exportFile)) {
    log(`generating ${ROWS} rows into ${path.relative(ROOT, exportFile)} ...`);
    await generateExport(ROWS, exportFile);
  }
  const megabytes = statSync(exportFile).size / 1048576;
  compare({
    group: 'metrics',
    name: `metrics: ${ROWS.toLocaleString('en')} rows (${megabytes.toFixed(0)} MB), --by channel`,
    tool: journey('journey metrics --by channel', ['metrics', exportFile, '--by', 'channel', '--format', 'json']),
    baseline: node('DuckDB, NPS by channel (a process)', [path.join(ROOT, 'bench', 'duckdb-nps.mjs'), exportFile]),
    target: 4,
    check(tool, baseline) {
      const ours = Object.entries(JSON.parse(tool.stdout).segments.channel).map(([channel, m]) => {
        const { score, n, promoters, passives, detractors } = m.nps;
        return { channel, score, n, promoters, passives, detractors };
      });
      const byChannel = (list) => JSON.stringify([...list].sort((a, b) => String(a.channel).localeCompare(String(b.channel))));
      if (byChannel(ours) !== byChannel(JSON.parse(baseline.stdout))) {
        throw new Error(`metrics: DuckDB's NPS by channel differs from journeykit's:\n${baseline.stdout}\n${JSON.stringify(ours)}`);
      }
    },
  });
}

async function render() {
  const { findBrowser } = await import(path.join(ROOT, 'dist', 'io', 'browser.js'));
  const browser = await findBrowser(undefined, process.env);
  if (!browser) {
    log('render workloads skipped: no Chrome or Chromium found (set JOURNEYKIT_BROWSER).');
    return;
  }
  const out = path.join(CACHE, 'report');
  mkdirSync(out, { recursive: true });
  const puppeteerConfig = path.join(out, 'puppeteer.json');
  writeFileSync(puppeteerConfig, JSON.stringify({ executablePath: browser, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] }));
  const definition = path.join(out, 'journey.mmd');
  const config = 'examples/journeykit.config.yaml';
  const map = 'examples/retail/online-order.journey.yaml';
  writeFileSync(definition, measure(journey('render', ['render', map, '--view', 'journey', '--config', config])).stdout);
  const env = { JOURNEYKIT_BROWSER: browser };
  const mmdc = node('mmdc, one diagram', [MMDC, '-q', '-p', puppeteerConfig, '-i', definition, '-o', path.join(out, 'journey.svg')]);
  // A full report with every diagram as SVG (one browser, one page): at most twice one mmdc run.
  const reportArgs = ['report', map, '--config', config, '--survey', 'examples/surveys/online-order-survey.csv', '--format', 'html', '--images', 'svg'];
  compare({
    group: 'render',
    name: 'render: report --format html --images svg (6 diagrams)',
    tool: journey('journey report', [...reportArgs, '--output', path.join(out, 'report.html')], { env }),
    baseline: mmdc,
    target: 2,
  });
  // The canvas of a 40-touchpoint map as PNG (2x) and PDF (A3) in one run: no more than one mmdc diagram.
  const fixtures = path.join(ROOT, 'tests', 'fixtures', 'canvas');
  const canvasArgs = ['render', path.join(fixtures, 'broadband.journey.yaml'), '--view', 'canvas', '--config', path.join(fixtures, 'journeykit.config.yaml')];
  compare({
    group: 'render',
    name: 'render: canvas -o png -o pdf (40 touchpoints)',
    tool: journey('journey render --view canvas', [...canvasArgs, '--output', path.join(out, 'canvas.png'), '--output', path.join(out, 'canvas.pdf')], { env }),
    baseline: mmdc,
    target: 1,
  });
}

function table(result) {
  const pad = (s, n) => String(s).padEnd(n);
  const left = (s, n) => String(s).padStart(n);
  const lines = [
    `journeykit bench: ${result.machine}, Node ${result.node}, median of ${RUNS} runs (cold starts: ${COLD_RUNS}), tool and baseline alternating`,
    'ratio = tool time / baseline time, i.e. how many times the baseline the tool takes (below 1x: faster than it);',
    'PASS when the ratio (of wall times) is at most the target; cpu ratio: the same for CPU time (user + system), steadier on a busy machine.',
    'cpu s and MB: CPU time and peak RSS of the Node process (worker threads in, Chromium out); spread: (max - min) / median of the runs.',
    '',
    `${pad('workload', 56)} ${left('time s', 7)} ${left('cpu s', 6)} ${left('MB', 5)}  ${pad('baseline', 38)} ${left('time s', 7)} ${left('cpu s', 6)} ${left('MB', 5)}  ${pad('ratio', 8)} ${pad('target', 8)} ${pad('', 4)}  ${left('cpu ratio', 9)}  spread`,
  ];
  for (const r of result.rows) {
    const spread = `${(r.tool.spread * 100).toFixed(0)}% / ${(r.baseline.spread * 100).toFixed(0)}%`;
    lines.push(
      `${pad(r.name, 56)} ${left(r.tool.seconds.toFixed(2), 7)} ${left(r.tool.cpuSeconds.toFixed(2), 6)} ${left(r.tool.rssMb.toFixed(0), 5)}  ${pad(r.baseline.label, 38)} ${left(r.baseline.seconds.toFixed(2), 7)} ${left(r.baseline.cpuSeconds.toFixed(2), 6)} ${left(r.baseline.rssMb.toFixed(0), 5)}  ${pad(`${r.ratio.toFixed(2)}x`, 8)} ${pad(`<= ${r.target}x`, 8)} ${pad(r.pass ? 'PASS' : 'MISS', 4)}  ${left(`${r.cpuRatio.toFixed(2)}x`, 9)}  ${spread}`,
    );
  }
  return lines.join('\n') + '\n';
}

mkdirSync(CACHE, { recursive: true });
if (ONLY.includes('cold')) coldStart();
if (ONLY.includes('batch')) batch();
if (ONLY.includes('metrics')) await metrics();
if (ONLY.includes('render')) await render();

const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} x ${os.cpus()[0]?.model?.trim() ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
  node: process.version,
  runs: RUNS,
  ratio: 'tool seconds / baseline seconds (median of each); pass = ratio <= target',
  rows,
};
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(result, null, 2) + '\n');
process.stdout.write(JSON_STDOUT ? JSON.stringify(result, null, 2) + '\n' : table(result));

// `npm run bench`: every workload against a baseline measured in the same run, as ratios.
// Deterministic inputs (seeded generators, cached under bench/.cache), median of RUNS runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateExport } from './generate-export.mjs';
import { generateMaps } from './generate-maps.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, 'bench', '.cache');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const BIN = path.join(ROOT, 'bin', 'journey.js');
const RSS = path.join(ROOT, 'bench', 'rss.mjs');

function measure(args, options = {}) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', RSS, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const marker = /@@bench (.*)\n?$/.exec(child.stderr ?? '');
  if (child.status !== 0 && child.status !== 1) {
    throw new Error(`${args.join(' ')} exited ${child.status}: ${(child.stderr ?? '').slice(0, 500)}`);
  }
  return { seconds, rssMb: marker ? JSON.parse(marker[1]).maxRssKb / 1024 : NaN };
}

function median(args, options) {
  const runs = Array.from({ length: RUNS }, () => measure(args, options)).sort((a, b) => a.seconds - b.seconds);
  return runs[Math.floor(runs.length / 2)];
}

const rows = [];
function workload(name, tool, baseline, note) {
  rows.push({ name, tool, baseline, ratio: baseline.seconds / tool.seconds, note });
}

mkdirSync(CACHE, { recursive: true });
const exportFile = path.join(CACHE, `qualtrics-${ROWS}.csv`);
if (!existsSync(exportFile)) {
  process.stderr.write(`generating ${ROWS} rows into ${path.relative(ROOT, exportFile)} ...\n`);
  await generateExport(ROWS, exportFile);
}
const megabytes = statSync(exportFile).size / 1048576;

// Cold start: validating one map against starting Node at all.
workload(
  'validate 1 map (cold start)',
  median([BIN, 'validate', '--config', 'examples/journeykit.config.yaml', 'examples/retail/online-order.journey.yaml']),
  median(['-e', '0']),
  'baseline: node -e 0',
);

// Many maps: validating a workspace of 1,000 maps (schema, every rule, cross-file checks) against
// reading and parsing the same files with the yaml library alone.
const MAPS = Number(process.env.BENCH_MAPS ?? 1000);
const mapsDir = path.join(CACHE, `maps-${MAPS}`);
if (!existsSync(mapsDir)) generateMaps(ROOT, MAPS, mapsDir);
workload(
  `validate ${MAPS.toLocaleString('en')} maps`,
  median([BIN, 'validate', '--config', path.join(mapsDir, 'journeykit.config.yaml'), '--format', 'json', mapsDir]),
  median([path.join(ROOT, 'bench', 'yaml-parse-pass.mjs'), mapsDir]),
  'baseline: yaml parseDocument of the same files, one process',
);

// Metrics on the large export: two segment dimensions and monthly periods, against csv-parse alone.
workload(
  `metrics ${ROWS.toLocaleString('en')} rows (${megabytes.toFixed(0)} MB), --by channel,stage --period month`,
  median([BIN, 'metrics', exportFile, '--by', 'channel,stage', '--period', 'month', '--format', 'json']),
  median([path.join(ROOT, 'bench', 'csv-parse-pass.mjs'), exportFile]),
  'baseline: single-threaded csv-parse pass; ratio > 1 = faster',
);

// A full report with every diagram as SVG (one browser, one page) against one diagram through the
// mmdc command, the way a user would render a single diagram without journeykit.
const { findBrowser } = await import(path.join(ROOT, 'dist', 'io', 'browser.js'));
const browser = await findBrowser(undefined, process.env);
if (browser) {
  const out = path.join(CACHE, 'report');
  mkdirSync(out, { recursive: true });
  const puppeteerConfig = path.join(out, 'puppeteer.json');
  writeFileSync(puppeteerConfig, JSON.stringify({ executablePath: browser, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] }));
  const definition = path.join(out, 'journey.mmd');
  const rendered = spawnSync(process.execPath, [BIN, 'render', 'examples/retail/online-order.journey.yaml', '--view', 'journey', '--config', 'examples/journeykit.config.yaml'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  writeFileSync(definition, rendered.stdout);
  const mmdc = path.join(ROOT, 'node_modules', '@mermaid-js', 'mermaid-cli', 'src', 'cli.js');
  workload(
    'report --format html --images svg (6 diagrams, example survey)',
    median(
      [
        BIN,
        'report',
        'examples/retail/online-order.journey.yaml',
        '--config',
        'examples/journeykit.config.yaml',
        '--survey',
        'examples/surveys/online-order-survey.csv',
        '--format',
        'html',
        '--images',
        'svg',
        '--output',
        path.join(out, 'report.html'),
      ],
      { env: { ...process.env, JOURNEYKIT_BROWSER: browser } },
    ),
    median([mmdc, '-q', '-p', puppeteerConfig, '-i', definition, '-o', path.join(out, 'journey.svg')]),
    'baseline: mmdc rendering one diagram; target ratio >= 0.5',
  );

  // The canvas of a 40-touchpoint map as PNG (2x) and PDF (A3) in one run, against the same
  // single mmdc diagram: the canvas should cost no more than one Mermaid diagram.
  const canvasMap = path.join(ROOT, 'tests', 'fixtures', 'canvas', 'broadband.journey.yaml');
  workload(
    'render --view canvas -o png -o pdf (40 touchpoints)',
    median(
      [
        BIN,
        'render',
        canvasMap,
        '--view',
        'canvas',
        '--config',
        path.join(ROOT, 'tests', 'fixtures', 'canvas', 'journeykit.config.yaml'),
        '--output',
        path.join(out, 'canvas.png'),
        '--output',
        path.join(out, 'canvas.pdf'),
      ],
      { env: { ...process.env, JOURNEYKIT_BROWSER: browser } },
    ),
    median([mmdc, '-q', '-p', puppeteerConfig, '-i', definition, '-o', path.join(out, 'journey.svg')]),
    'baseline: mmdc rendering one diagram; target ratio >= 1',
  );
} else {
  process.stderr.write('report workload skipped: no Chrome or Chromium found (set JOURNEYKIT_BROWSER).\n');
}

const pad = (s, n) => String(s).padEnd(n);
const lines = [
  `journeykit bench: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, median of ${RUNS}`,
  '',
  `${pad('workload', 62)} ${pad('tool s', 8)} ${pad('tool MB', 8)} ${pad('base s', 8)} ${pad('base MB', 8)} ratio`,
];
for (const r of rows) {
  lines.push(
    `${pad(r.name, 62)} ${pad(r.tool.seconds.toFixed(2), 8)} ${pad(r.tool.rssMb.toFixed(0), 8)} ${pad(r.baseline.seconds.toFixed(2), 8)} ${pad(r.baseline.rssMb.toFixed(0), 8)} ${r.ratio.toFixed(2)}x  (${r.note})`,
  );
}
process.stdout.write(lines.join('\n') + '\n');

// Turns a results file of `BENCH_JSON=file npm run bench` into the rows of the README's benchmark
// table: node bench/markdown.mjs file
import { readFileSync } from 'node:fs';

const result = JSON.parse(readFileSync(process.argv[2] ?? 'bench-results.json', 'utf8'));
const lines = [
  `${result.date.slice(0, 10)}, ${result.machine}, Node ${result.node}, medians of ${[...new Set(result.rows.map((r) => r.runs ?? result.runs))].join(' or ')} runs, tool and baseline alternating:`,
  '',
  '| workload | journeykit | baseline | ratio (tool / baseline) | target | |',
  '|---|---|---|---|---|---|',
];
for (const r of result.rows) {
  const tool = `${r.tool.seconds.toFixed(2)} s (CPU ${r.tool.cpuSeconds.toFixed(2)} s), ${r.tool.rssMb.toFixed(0)} MB`;
  const baseline = `${r.baseline.label}: ${r.baseline.seconds.toFixed(2)} s (CPU ${r.baseline.cpuSeconds.toFixed(2)} s)`;
  lines.push(`| ${r.name} | ${tool} | ${baseline} | ${r.ratio.toFixed(2)}x (CPU ${r.cpuRatio.toFixed(2)}x) | at most ${r.target}x | ${r.pass ? 'PASS' : 'MISS'} |`);
}
process.stdout.write(lines.join('\n') + '\n');

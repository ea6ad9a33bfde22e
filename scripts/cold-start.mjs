#!/usr/bin/env node
// Measures cold start: N rounds, each running every variant once in turn (so a busy machine slows
// them alike), then the median wall-clock and CPU (user + system, from /usr/bin/time) of each.
//   node scripts/cold-start.mjs [--runs 30] [--bin bin/journey.js] [--bin other/bin.js ...]
// Each bin is timed on `--version` and on validating one map, next to `node -e 0`. The CPU time
// comes from /usr/bin/time, to 10 ms: compare medians of many rounds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' }, bin: { type: 'string', multiple: true, default: ['bin/journey.js'] } } });
const RUNS = Number(values.runs);
const MAP = ['validate', '--config', 'examples/journeykit.config.yaml', 'examples/retail/online-order.journey.yaml'];
const variants = [{ name: 'node -e 0', args: ['-e', '0'] }];
for (const bin of values.bin) {
  variants.push({ name: `${bin} --version`, args: [bin, '--version'] });
  variants.push({ name: `${bin} validate (1 map)`, args: [bin, ...MAP] });
}

const TIME = '/usr/bin/time';
const scratch = mkdtempSync(path.join(tmpdir(), 'journey-cold-'));
const times = path.join(scratch, 'times');

function once(args) {
  const withTime = existsSync(TIME);
  const started = process.hrtime.bigint();
  const result = withTime ? spawnSync(TIME, ['-f', '%U %S', '-o', times, process.execPath, ...args], { stdio: 'ignore' }) : spawnSync(process.execPath, args, { stdio: 'ignore' });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
  const cpu = withTime
    ? readFileSync(times, 'utf8')
        .trim()
        .split(/\s+/)
        .slice(-2)
        .map(Number)
        .reduce((a, b) => a + b, 0) * 1000
    : NaN;
  return { wall, cpu };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const samples = variants.map(() => ({ wall: [], cpu: [] }));
for (const v of variants) once(v.args); // warm the file cache
for (let round = 0; round < RUNS; round++) {
  variants.forEach((v, i) => {
    const { wall, cpu } = once(v.args);
    samples[i].wall.push(wall);
    samples[i].cpu.push(cpu);
  });
}
rmSync(scratch, { recursive: true, force: true });

const baseWall = median(samples[0].wall);
const baseCpu = median(samples[0].cpu);
process.stdout.write(`${RUNS} alternating rounds; medians (ratio to node -e 0)\n`);
variants.forEach((v, i) => {
  const wall = median(samples[i].wall);
  const cpu = median(samples[i].cpu);
  process.stdout.write(
    `${v.name.padEnd(48)} wall ${wall.toFixed(0).padStart(5)} ms (${(wall / baseWall).toFixed(2)}x)  cpu ${cpu.toFixed(0).padStart(5)} ms (${(cpu / baseCpu).toFixed(2)}x)\n`,
  );
});

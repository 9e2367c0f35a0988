#!/usr/bin/env node
// `node scripts/flake-hunt.mjs [--runs N] [--no-burn] [vitest filters…]` runs the given test files
// N times in a row (default 20) with a CPU-bound process beside them, and prints how many runs
// passed. A flaky test is worse than a slow one: CI runs on a loaded 2-core machine like this one.
// The whole output of a failed run is kept in tests/artifacts/flake-hunt/ (its tail is printed): a
// failure seen once in twenty runs must explain itself from what it printed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
let runs = 20;
let burn = true;
const filters = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--no-burn') burn = false;
  else filters.push(args[i]);
}
if (!Number.isInteger(runs) || runs < 1) {
  console.error('--runs takes a whole number of runs, 1 or more');
  process.exit(2);
}

const keptIn = join(import.meta.dirname, '..', 'tests', 'artifacts', 'flake-hunt');
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
console.log(`load average at the start: ${load()}`);

// One busy loop on one core: the suite shares the other with everything else.
const burner = burn ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }) : null;
let passed = 0;
const failures = [];
try {
  for (let run = 1; run <= runs; run++) {
    const result = spawnSync('npx', ['vitest', 'run', ...filters], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (result.status === 0) passed++;
    else {
      const output = `${result.stdout}\n${result.stderr}`;
      mkdirSync(keptIn, { recursive: true });
      const file = join(keptIn, `${stamp}-run-${run}.log`);
      writeFileSync(file, output);
      failures.push({ run, file, tail: output.split('\n').slice(-40).join('\n') });
    }
    console.log(`run ${run}/${runs}: ${result.status === 0 ? 'passed' : 'FAILED'} (load average ${load()})`);
    // Said at once as well as at the end: a hunt stopped early must not lose what failed.
    if (result.status !== 0) console.log(failures.at(-1).tail);
  }
} finally {
  burner?.kill();
}
for (const failure of failures)
  console.log(`\n--- run ${failure.run} failed (whole output in ${failure.file}):\n${failure.tail}`);
console.log(
  `\n${filters.join(' ') || 'whole suite'}: ${passed} of ${runs} runs passed${burn ? ' with a CPU-bound process beside them' : ''}`,
);
process.exit(failures.length ? 1 : 0);

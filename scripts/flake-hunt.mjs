#!/usr/bin/env node
// `node scripts/flake-hunt.mjs [--runs N] [--each] [--until HH:MM] [--no-burn] [vitest filters…]` runs
// the given test files N times in a row (default 20) with a CPU-bound process beside them, and prints
// how many runs passed. A flaky test is worse than a slow one: CI runs on a loaded 2-core machine
// like this one.
// --each runs every filter as its own vitest run, in turn, and counts each apart: a slow file does
// not hold the others to its number of runs, and a failure names its file.
// --until stops starting runs at that time (UTC, or any time Date parses), even short of N: a hunt
// must end before a deadline, and its counts up to then are still exact.
// The whole output of a failed run is kept in tests/artifacts/flake-hunt/ (its tail is printed): a
// failure seen once in twenty runs must explain itself from what it printed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
let runs = 20;
let burn = true;
let each = false;
let until = Infinity;
const filters = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--no-burn') burn = false;
  else if (args[i] === '--each') each = true;
  else if (args[i] === '--until') {
    const at = args[++i] ?? '';
    until = /^\d\d:\d\d$/.test(at) ? Date.parse(`${new Date().toISOString().slice(0, 10)}T${at}:00Z`) : Date.parse(at);
  } else filters.push(args[i]);
}
if (!Number.isInteger(runs) || runs < 1) {
  console.error('--runs takes a whole number of runs, 1 or more');
  process.exit(2);
}
if (Number.isNaN(until)) {
  console.error('--until takes a time: HH:MM (UTC) or an ISO date and time');
  process.exit(2);
}
if (each && filters.length === 0) {
  console.error('--each needs the test files (or folders) to run one by one');
  process.exit(2);
}

const keptIn = join(import.meta.dirname, '..', 'tests', 'artifacts', 'flake-hunt');
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
console.log(`load average at the start: ${load()}`);

/** What one count covers: every filter together, or (--each) one filter. */
const targets = (each ? filters.map((filter) => [filter]) : [filters]).map((files) => ({
  name: files.join(' ') || 'whole suite',
  files,
  runs: 0,
  passed: 0,
}));

// One busy loop on one core: the suite shares the other with everything else.
const burner = burn ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }) : null;
const failures = [];
try {
  hunt: for (let run = 1; run <= runs; run++) {
    for (const target of targets) {
      if (Date.now() >= until) {
        console.log(`stopped at ${new Date().toISOString()}: --until was reached`);
        break hunt;
      }
      const result = spawnSync('npx', ['vitest', 'run', ...target.files], { encoding: 'utf8', maxBuffer: 1 << 30 });
      target.runs++;
      if (result.status === 0) target.passed++;
      else {
        const output = `${result.stdout}\n${result.stderr}`;
        mkdirSync(keptIn, { recursive: true });
        const file = join(keptIn, `${stamp}-run-${run}${each ? `-${target.name.replace(/[^\w.-]+/g, '_')}` : ''}.log`);
        writeFileSync(file, output);
        failures.push({ run, target: target.name, file, tail: output.split('\n').slice(-40).join('\n') });
      }
      const what = each ? ` ${target.name}` : '';
      console.log(
        `run ${run}/${runs}${what}: ${result.status === 0 ? 'passed' : 'FAILED'} (load average ${load()}, ${new Date().toISOString()})`,
      );
      // Said at once as well as at the end: a hunt stopped early must not lose what failed.
      if (result.status !== 0) console.log(failures.at(-1).tail);
    }
  }
} finally {
  burner?.kill();
}
for (const failure of failures)
  console.log(
    `\n--- run ${failure.run} of ${failure.target} failed (whole output in ${failure.file}):\n${failure.tail}`,
  );
console.log('');
for (const target of targets)
  console.log(
    `${target.name}: ${target.passed} of ${target.runs} runs passed${burn ? ' with a CPU-bound process beside them' : ''}`,
  );
process.exit(failures.length ? 1 : 0);

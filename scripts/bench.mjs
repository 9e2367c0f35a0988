#!/usr/bin/env node
// `pnpm bench [name…]` runs the named benchmarks (all when none is named), one process each.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BENCHMARKS = {
  store: 'core/bench/store.ts',
  sync: 'core/bench/sync.ts',
  relay: 'sync-server/bench/relay.ts',
  cluster: 'sync-server/bench/cluster.ts',
  extension: 'extension/bench/extension.ts',
};

const names = process.argv.slice(2);
for (const name of names) {
  if (!(name in BENCHMARKS)) {
    console.error(`Unknown benchmark "${name}". Options: ${Object.keys(BENCHMARKS).join(', ')}`);
    process.exit(2);
  }
}
let failed = false;
for (const name of names.length ? names : Object.keys(BENCHMARKS)) {
  const file = BENCHMARKS[name];
  if (!existsSync(file)) {
    console.error(`benchmark "${name}": ${file} is missing`);
    failed = true;
    continue;
  }
  console.log(`\n=== bench ${name} (${file}) ===`);
  const run = spawnSync('npx', ['tsx', file], { stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);

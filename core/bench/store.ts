// `pnpm bench store`: imports 10k and 100k orders, then times role-scoped page queries and text
// search, on fake-indexeddb in Node and on Chromium's IndexedDB, and prints both with their ratio.
import { existsSync } from 'node:fs';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { CHROMIUM_PATH, runInChromium } from './store-chromium.ts';
import { runStoreBench, type QueryFigures, type SizeFigures } from './store-bench-run.ts';

const SIZES = (process.env['HOLDFAST_BENCH_SIZES'] ?? '10000,100000').split(',').map(Number);
const RUNS = 100;
const SEED = 42;
const log = (line: string) => console.log(line);

const ms = (n: number | null) => (n === null ? '—' : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(2)} ms`);
const q = (f: QueryFigures) => `${ms(f.p50)} / ${ms(f.p95)}`;

function table(label: string, figures: SizeFigures[]): void {
  console.log(`\n${label}`);
  console.log(
    'orders   | import (snapshot) | import (CSV) | page p50/p95 (holding user) | page p50/p95 (VA user) | search p50/p95 | due-for-review p50/p95',
  );
  for (const f of figures) {
    console.log(
      `${String(f.orders).padEnd(8)} | ${ms(f.importMs).padEnd(17)} | ${ms(f.csvImportMs).padEnd(12)} | ${q(f.scopedPageWide).padEnd(27)} | ${q(f.scopedPageNarrow).padEnd(22)} | ${q(f.search).padEnd(14)} | ${q(f.dueForReview)}`,
    );
  }
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

console.log(
  `store bench: sizes ${SIZES.join(', ')}, ${RUNS} timed runs per query after ${RUNS} warm-up runs, seed ${SEED}`,
);
const node = await runStoreBench({ indexedDB, IDBKeyRange, sizes: SIZES, runs: RUNS, seed: SEED, log });
table('Node + fake-indexeddb', node);

if (!existsSync(CHROMIUM_PATH)) {
  console.error(`\nChromium is not at ${CHROMIUM_PATH}; install Debian's chromium package to run the browser half.`);
  process.exit(1);
}
const browser = await runInChromium(SIZES, RUNS, SEED, log);
table('Chromium IndexedDB', browser);

console.log('\nChromium vs fake-indexeddb (time ratio, < 1 means Chromium is faster)');
for (const [i, c] of browser.entries()) {
  const n = node[i]!;
  console.log(
    `${String(c.orders).padEnd(8)} | import ${ratio(c.importMs, n.importMs)} | page p95 ${ratio(c.scopedPageWide.p95, n.scopedPageWide.p95)} | search p95 ${ratio(c.search.p95, n.search.p95)} | due p95 ${ratio(c.dueForReview.p95, n.dueForReview.p95)}`,
  );
}

console.log('\nTargets: scoped page p95 at 100k orders in Chromium < 20 ms; import of 10k orders < 2 s');
const at100k = browser.find((f) => f.orders === 100_000);
const at10k = browser.find((f) => f.orders === 10_000);
if (at100k)
  console.log(
    `  page p95 at 100k (Chromium, holding user): ${ms(at100k.scopedPageWide.p95)} ${at100k.scopedPageWide.p95 < 20 ? 'met' : 'MISSED'}`,
  );
if (at10k)
  console.log(
    `  import of 10k (Chromium, snapshot / CSV): ${ms(at10k.importMs)} / ${ms(at10k.csvImportMs)} ${at10k.importMs < 2000 ? 'met' : 'MISSED'}`,
  );

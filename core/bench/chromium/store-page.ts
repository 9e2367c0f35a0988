// The in-page entry of the Chromium run: exposes the benchmark on window for Playwright to call.
import { runStoreBench, type SizeFigures } from '../store-bench-run.ts';

declare global {
  interface Window {
    runStoreBench(sizes: number[], runs: number, seed: number): Promise<SizeFigures[]>;
  }
}

window.runStoreBench = (sizes, runs, seed) =>
  runStoreBench({
    indexedDB: window.indexedDB,
    IDBKeyRange: window.IDBKeyRange,
    sizes,
    runs,
    seed,
    log: (line) => console.log(line),
  });

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the relay's SQLite write-ahead log into the database file on a worker thread, so the
 * relay's own connection seldom has to. SQLite checkpoints on the connection that commits once
 * the log passes 1,000 pages: under steady writes that is a copy of megabytes and two fsyncs in
 * the middle of a commit every few hundred milliseconds, and every update waiting behind it waits
 * too (the 500-client p99 in `pnpm bench relay`). A PASSIVE checkpoint on another connection runs
 * beside the writer; the relay's connection keeps its automatic checkpoint, which then finds
 * almost everything copied (and still resets the log, so it stays small). Commits are as durable
 * as before: the same journal mode and `synchronous` setting, only where the copying runs moves.
 */
export interface BackgroundCheckpoints {
  stop(): Promise<void>;
}

/** The worker: plain JavaScript (a worker does not go through the TypeScript loader). */
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // Busy (the relay's own checkpoint runs): the next tick tries again.
    if (error.code !== 'SQLITE_BUSY' && error.code !== 'SQLITE_LOCKED') parentPort.postMessage(String(error));
  }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export function startBackgroundCheckpoints(
  file: string,
  options: { everyMs?: number; onError(message: string, error: unknown): void },
): BackgroundCheckpoints {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, everyMs: options.everyMs ?? 50 } });
  worker.unref();
  worker.on('message', (message: string) => options.onError('a background checkpoint failed', new Error(message)));
  // Without the worker the relay's connection checkpoints alone, as SQLite does by default.
  worker.on('error', (error) => options.onError('the checkpoint worker stopped; the relay checkpoints itself', error));
  return {
    async stop() {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      await exited;
    },
  };
}

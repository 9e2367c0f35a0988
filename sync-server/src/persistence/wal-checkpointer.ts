import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Sqlite } from './open-database.ts';

/**
 * Checkpoints the relay's SQLite WAL from a worker thread, so the copying is not done on the event
 * loop. Left to itself, SQLite checkpoints inside the commit that takes the WAL past 1,000 pages:
 * at 100 clients that was every ~2 s, copying ~4 MB while every socket waited, and the relay's
 * p99 was 3.8–4.2 ms with it against 3.0–3.5 ms without (docs/benchmarks.md, sixth session).
 *
 * The worker has its own connection and runs a PASSIVE checkpoint every `everyMs`: it copies what
 * the WAL holds without ever blocking the relay's reads or writes, and once all is copied the
 * relay's next commit starts the WAL over. The relay's own automatic checkpoint stays on as the
 * safety net (should the worker fall behind or stop, the WAL stays bounded exactly as before); with
 * the worker keeping up it rarely fires, and then finds little left to copy.
 */
export interface WalCheckpointer {
  /** Runs a last checkpoint and stops the worker. */
  close(): Promise<void>;
}

/** What the worker runs: plain CommonJS, so it needs no TypeScript loader wherever the relay runs. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = ' + workerData.synchronous);
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ failed: String(error && error.message || error) });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointerOptions {
  /**
   * 250 ms by default: each checkpoint with something to copy syncs the WAL and the database file,
   * so every 100 ms cost the lightly loaded relay ~6 ms of CPU a second more; at 250 ms it costs
   * nothing measurable. Under a heavy burst the WAL may still pass 1,000 pages between two runs;
   * SQLite's own checkpoint then copies the rest in that commit, as it always did.
   */
  everyMs?: number;
  /** The worker could not checkpoint, or stopped: the relay goes on (its own checkpoints remain). */
  onError(message: string, error: unknown): void;
}

export function startWalCheckpointer(db: Sqlite, options: WalCheckpointerOptions): WalCheckpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file: db.name,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      synchronous: db.pragma('synchronous', { simple: true }),
      everyMs: options.everyMs ?? 250,
    },
  });
  // It must not keep a process alive that is otherwise done (a test that forgets to close).
  worker.unref();
  // Listened for from the start, so a worker that already died does not leave `close` waiting
  // (not `events.once`, which would reject on the worker's 'error' before its exit).
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let closing = false;
  let failed = false;
  worker.on('message', (message: { failed: string }) =>
    options.onError('a WAL checkpoint in the worker failed', new Error(message.failed)),
  );
  worker.on('error', (error) => {
    failed = true; // its exit follows: told once
    options.onError('the WAL checkpointer failed; SQLite checkpoints in commits', error);
  });
  worker.on('exit', (code) => {
    if (!closing && !failed)
      options.onError('the WAL checkpointer stopped; SQLite checkpoints in commits', new Error(`exit ${code}`));
  });
  return {
    async close() {
      closing = true;
      worker.postMessage('close'); // nothing happens if it has exited already
      await exited;
    },
  };
}

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Sqlite } from './open-database.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openRelayDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-wal-checkpointer-'));
  dirs.push(dir);
  const db = openDatabase(dir);
  const insert = db.prepare('INSERT INTO doc_updates (doc, data) VALUES (?, ?)');
  // Well under the 1,000 WAL pages at which SQLite would checkpoint inside a commit itself.
  const write = (rows: number) => {
    for (let i = 0; i < rows; i++) insert.run('va:sa/va1', Buffer.alloc(2_000, i));
  };
  const databaseBytes = () => statSync(db.name).size;
  return { db, write, databaseBytes };
}

describe('the WAL checkpointer', () => {
  it('copies committed pages into the database file from its worker, with no checkpoint in the commits', async () => {
    const { db, write, databaseBytes } = openRelayDatabase();
    const onError = vi.fn();
    const checkpointer = startWalCheckpointer(db, { everyMs: 10, onError });
    try {
      const before = databaseBytes();
      write(40); // ~80 KB: 20+ pages, all in the WAL until someone checkpoints
      await vi.waitFor(() => expect(databaseBytes()).toBeGreaterThan(before + 40 * 2_000), { timeout: 10_000 });
      const rows = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM doc_updates').get();
      expect(rows?.n).toBe(40);
    } finally {
      await checkpointer.close();
      db.close();
    }
    expect(onError).not.toHaveBeenCalled();
  });

  it('checkpoints once more when it closes, so what was written last is in the database file', async () => {
    const { db, write, databaseBytes } = openRelayDatabase();
    const onError = vi.fn();
    // An interval far longer than the test: only the checkpoint on close can copy the rows.
    const checkpointer = startWalCheckpointer(db, { everyMs: 3_600_000, onError });
    const before = databaseBytes();
    write(40);
    expect(databaseBytes()).toBe(before);
    await checkpointer.close();
    expect(databaseBytes()).toBeGreaterThan(before + 40 * 2_000);
    db.close();
    expect(onError).not.toHaveBeenCalled();
  });

  it('tells once when its worker fails, and closes all the same', async () => {
    const onError = vi.fn();
    // A database file that does not exist: the worker's own connection cannot open it.
    const missing = { name: join(tmpdir(), 'holdfast-no-such-dir', 'relay.sqlite'), pragma: () => 1 };
    const checkpointer = startWalCheckpointer(missing as unknown as Sqlite, { everyMs: 10, onError });
    await vi.waitFor(() => expect(onError).toHaveBeenCalled(), { timeout: 10_000 });
    await checkpointer.close();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0]).toBe('the WAL checkpointer failed; SQLite checkpoints in commits');
  });
});

import type pg from 'pg';
import type { AsyncDocumentStore, StoredChanges } from '../async-document-store.ts';
import { CHANNEL } from './channels.ts';
import { LOCK_NAMESPACE } from './migrations.ts';

/**
 * The document store on PostgreSQL, the one source of truth of a relay cluster.
 *
 * Append is one statement, so one transaction: the upsert of the document row takes its row lock
 * and bumps `head_seq` (appends to one document queue on that lock, so the sequence has no gaps
 * and rows become visible in order), the update rows get those numbers, and pg_notify rings the
 * other nodes at commit. A batch (group commit) is the same statement with several rows. The pool's sessions commit synchronously, so when append resolves the
 * update is on disk; only then may the caller apply and broadcast it.
 */
export class CompactionError extends Error {}

export function createPostgresDocumentStore(pool: pg.Pool): AsyncDocumentStore {
  // One statement reads snapshot and rows, so both come from one MVCC snapshot: a compaction
  // committing in between cannot delete rows this read still needs.
  const readAfter = async (docName: string, after: number, upto = Number.MAX_SAFE_INTEGER): Promise<StoredChanges> => {
    const { rows } = await pool.query<{ kind: number; seq: number; data: Buffer }>(
      `SELECT 0 AS kind, upto_seq AS seq, data FROM document_snapshots WHERE doc = $1 AND upto_seq > $2
       UNION ALL
       SELECT 1 AS kind, seq, data FROM document_updates WHERE doc = $1 AND seq > $2 AND seq <= $3
       ORDER BY kind, seq`,
      [docName, after, upto],
    );
    const updates: Uint8Array[] = [];
    let seq = after;
    for (const row of rows) {
      // Rows the snapshot already covers are left out (they would be harmless, only wasted).
      if (row.kind === 1 && row.seq <= seq) continue;
      updates.push(new Uint8Array(row.data));
      seq = row.seq;
    }
    return { updates, seq };
  };

  // One statement: the document row's lock and `head_seq` bump by the batch's size, its rows get
  // the numbers in order, and one bell with the last number rings at commit (a node reads every row
  // after the one it applied, so one bell per batch brings the whole batch).
  const appendAll = async (docName: string, updates: readonly Uint8Array[]): Promise<number> => {
    if (updates.length === 0) throw new RangeError(`appendAll(${docName}) needs at least one update`);
    const { rows } = await pool.query<{ seq: number }>(
      `WITH head AS (
         INSERT INTO documents AS d (name, head_seq) VALUES ($1, $3)
         ON CONFLICT (name) DO UPDATE SET head_seq = d.head_seq + $3
         RETURNING head_seq
       ), stored AS (
         INSERT INTO document_updates (doc, seq, data)
         SELECT $1, head.head_seq - $3 + u.n, u.data FROM head, unnest($2::bytea[]) WITH ORDINALITY AS u(data, n)
         RETURNING seq
       ), last AS (SELECT max(seq) AS seq FROM stored)
       SELECT seq, pg_notify($4, seq::text || ' ' || $1) FROM last`,
      [
        docName,
        updates.map((update) => Buffer.from(update.buffer, update.byteOffset, update.byteLength)),
        updates.length,
        CHANNEL.documents,
      ],
    );
    return rows[0]!.seq;
  };

  return {
    load: (docName) => readAfter(docName, 0),
    changesAfter: readAfter,
    append: (docName, update) => appendAll(docName, [update]),
    appendAll,
    async compact(docName, snapshot, uptoSeq) {
      const client = await pool.connect();
      let failure: Error | undefined;
      try {
        await client.query('BEGIN');
        // Two nodes compacting one document take turns; the later one stores nothing unless it
        // covers more, so a snapshot never replaces a newer one and no row is deleted uncovered.
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE.compaction, docName]);
        const { rows } = await client.query<{ head_seq: number; upto_seq: number | null }>(
          `SELECT d.head_seq, s.upto_seq FROM documents d LEFT JOIN document_snapshots s ON s.doc = d.name
           WHERE d.name = $1`,
          [docName],
        );
        const head = rows[0]?.head_seq ?? 0;
        // A snapshot claiming rows that do not exist yet would hide the rows that later get those numbers.
        if (uptoSeq > head) {
          throw new CompactionError(
            `a snapshot of ${docName} may cover at most the stored sequence ${head}; it claimed ${uptoSeq}`,
          );
        }
        if ((rows[0]?.upto_seq ?? 0) >= uptoSeq) {
          await client.query('ROLLBACK');
          return false;
        }
        await client.query(
          `INSERT INTO document_snapshots (doc, upto_seq, data) VALUES ($1, $2, $3)
           ON CONFLICT (doc) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data`,
          [docName, uptoSeq, Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength)],
        );
        await client.query('DELETE FROM document_updates WHERE doc = $1 AND seq <= $2', [docName, uptoSeq]);
        await client.query('COMMIT');
        return true;
      } catch (error) {
        failure = error as Error;
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        // A connection that failed mid-transaction is destroyed rather than handed to the next caller.
        client.release(failure instanceof CompactionError ? undefined : failure);
      }
    },
    async heads(docNames) {
      const heads = new Map(docNames.map((name) => [name, 0]));
      if (docNames.length === 0) return heads;
      const { rows } = await pool.query<{ name: string; head_seq: number }>(
        'SELECT name, head_seq FROM documents WHERE name = ANY($1)',
        [docNames],
      );
      for (const row of rows) heads.set(row.name, row.head_seq);
      return heads;
    },
    async ping() {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => pool.end(),
  };
}

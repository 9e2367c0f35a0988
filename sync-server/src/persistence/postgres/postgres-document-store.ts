import type pg from 'pg';
import { clientIdsOf, groupBindings, settleBindings } from '@holdfast/core/relay';
import type { AppendOutcome, AsyncDocumentStore, StoreAppend, StoredChanges } from '../async-document-store.ts';
import { CHANNEL } from './channels.ts';
import { LOCK_NAMESPACE } from './migrations.ts';
import { inTransaction } from './transaction.ts';

/**
 * The document store on PostgreSQL, the one source of truth of a relay cluster.
 *
 * Append is one statement, so one transaction: the upsert of the document row takes its row lock
 * and bumps `head_seq` (appends to one document queue on that lock, so the sequence has no gaps
 * and rows become visible in order), the update rows get those numbers, and pg_notify rings the
 * other nodes at commit. A batch (group commit) is the same statement with several rows. The
 * pool's sessions commit synchronously, so when append resolves the update is on disk; only then
 * may the caller apply and broadcast it.
 *
 * Yjs client-id bindings (client-bindings.ts in core) are rows of `document_clients`, inserted
 * by the same statement as the update that binds them. A batch that binds ids first takes the
 * document's row lock in its own transaction, reads who holds those ids, and settles them in
 * order: an append whose id another member holds — bound on another node before this one had
 * applied it — is left out, and the rest of the batch is stored as usual.
 */
export class CompactionError extends Error {}

export function createPostgresDocumentStore(pool: pg.Pool): AsyncDocumentStore {
  // One statement reads snapshot, rows and bindings, so all come from one MVCC snapshot: a
  // compaction committing in between cannot delete rows this read still needs.
  const readAfter = async (docName: string, after: number, upto = Number.MAX_SAFE_INTEGER): Promise<StoredChanges> => {
    const { rows } = await pool.query<{
      kind: number;
      seq: number;
      data: Buffer | null;
      client: number | null;
      member: string | null;
    }>(
      `SELECT 0 AS kind, upto_seq AS seq, data, NULL::bigint AS client, NULL::text AS member
         FROM document_snapshots WHERE doc = $1 AND upto_seq > $2
       UNION ALL
       SELECT 1, seq, data, NULL, NULL FROM document_updates WHERE doc = $1 AND seq > $2 AND seq <= $3
       UNION ALL
       SELECT 2, seq, NULL, client, member FROM document_clients WHERE doc = $1 AND seq > $2
       ORDER BY kind, seq`,
      [docName, after, upto],
    );
    const updates: Uint8Array[] = [];
    const bound: { clientId: number; memberId: string }[] = [];
    let seq = after;
    for (const row of rows) {
      // Bindings come last (kind 2): those of the updates read, i.e. up to where they reach.
      if (row.kind === 2) {
        if (row.seq <= seq) bound.push({ clientId: row.client!, memberId: row.member! });
        continue;
      }
      // Rows the snapshot already covers are left out (they would be harmless, only wasted).
      if (row.kind === 1 && row.seq <= seq) continue;
      updates.push(new Uint8Array(row.data!));
      seq = row.seq;
    }
    return { updates, seq, bindings: groupBindings(bound) };
  };

  // One statement: the document row's lock and `head_seq` bump by the batch's size, its rows get
  // the numbers in order, the bindings the number of the update that brings them (`n`: its place
  // in the batch, from 1), and one bell with the last number rings at commit (a node reads every
  // row after the one it applied, so one bell per batch brings the whole batch).
  const insertRows = async (
    query: (text: string, values: unknown[]) => Promise<pg.QueryResult<{ seq: number }>>,
    docName: string,
    updates: readonly Uint8Array[],
    bindings: readonly { n: number; clientId: number; memberId: string }[],
  ): Promise<number> => {
    const { rows } = await query(
      `WITH head AS (
         INSERT INTO documents AS d (name, head_seq) VALUES ($1, $3)
         ON CONFLICT (name) DO UPDATE SET head_seq = d.head_seq + $3
         RETURNING head_seq
       ), stored AS (
         INSERT INTO document_updates (doc, seq, data)
         SELECT $1, head.head_seq - $3 + u.n, u.data FROM head, unnest($2::bytea[]) WITH ORDINALITY AS u(data, n)
         RETURNING seq
       ), bound AS (
         INSERT INTO document_clients (doc, client, member, seq)
         SELECT $1, b.client, b.member, head.head_seq - $3 + b.n
         FROM head, unnest($5::bigint[], $6::text[], $7::bigint[]) AS b(client, member, n)
       ), last AS (SELECT max(seq) AS seq FROM stored)
       SELECT seq, pg_notify($4, seq::text || ' ' || $1) FROM last`,
      [
        docName,
        updates.map((update) => Buffer.from(update.buffer, update.byteOffset, update.byteLength)),
        updates.length,
        CHANNEL.documents,
        bindings.map((binding) => binding.clientId),
        bindings.map((binding) => binding.memberId),
        bindings.map((binding) => binding.n),
      ],
    );
    return rows[0]!.seq;
  };

  const poolQuery = (text: string, values: unknown[]) => pool.query<{ seq: number }>(text, values);

  /** Consecutive numbers ending at `last`, one per stored update. */
  const numbered = (count: number, last: number): AppendOutcome[] =>
    Array.from({ length: count }, (_, i) => ({ seq: last - count + 1 + i }));

  const appendAll = async (docName: string, appends: readonly StoreAppend[]): Promise<AppendOutcome[]> => {
    if (appends.length === 0) throw new RangeError(`appendAll(${docName}) needs at least one append`);
    const bindings = appends.map((append) => append.binding);
    // Most batches bind nothing: one statement, one round trip.
    if (!bindings.some(Boolean)) {
      const last = await insertRows(
        poolQuery,
        docName,
        appends.map((append) => append.update),
        [],
      );
      return numbered(appends.length, last);
    }
    return inTransaction(pool, async (client) => {
      // The document's row lock, held to commit: every append to the document (so every binding of
      // it) waits for it, so the owners read next are all there are until this commits.
      await client.query(
        `INSERT INTO documents AS d (name, head_seq) VALUES ($1, 0)
         ON CONFLICT (name) DO UPDATE SET head_seq = d.head_seq`,
        [docName],
      );
      const { rows } = await client.query<{ client: number; member: string }>(
        'SELECT client, member FROM document_clients WHERE doc = $1 AND client = ANY($2::bigint[])',
        [docName, clientIdsOf(bindings)],
      );
      const { taken, added } = settleBindings(bindings, new Map(rows.map((row) => [row.client, row.member])));
      // Each kept append's place among the stored ones (from 1), for its number and its bindings'.
      const place = new Map<number, number>();
      taken.forEach((id, index) => id === undefined && place.set(index, place.size + 1));
      let last = 0;
      if (place.size > 0) {
        last = await insertRows(
          (text, values) => client.query(text, values),
          docName,
          [...place.keys()].map((index) => appends[index]!.update),
          added.map(({ index, clientId, memberId }) => ({ n: place.get(index)!, clientId, memberId })),
        );
      }
      return taken.map((id, index): AppendOutcome =>
        id === undefined ? { seq: last - place.size + place.get(index)! } : { takenClientId: id },
      );
    });
  };

  return {
    load: (docName) => readAfter(docName, 0),
    changesAfter: readAfter,
    append: (docName, update) => insertRows(poolQuery, docName, [update], []),
    appendAll,
    compact: (docName, snapshot, uptoSeq) =>
      inTransaction(pool, async (client) => {
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
        // Nothing written yet: ending the transaction here, committed, only releases the lock.
        if ((rows[0]?.upto_seq ?? 0) >= uptoSeq) return false;
        await client.query(
          `INSERT INTO document_snapshots (doc, upto_seq, data) VALUES ($1, $2, $3)
           ON CONFLICT (doc) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data`,
          [docName, uptoSeq, Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength)],
        );
        await client.query('DELETE FROM document_updates WHERE doc = $1 AND seq <= $2', [docName, uptoSeq]);
        return true;
      }),
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

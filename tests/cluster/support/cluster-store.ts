// Opens the PostgreSQL document store the way a relay node does, on a test database.
import type pg from 'pg';
import * as Y from 'yjs';
import { createPostgresPool } from '../../../sync-server/src/persistence/postgres/connect.ts';
import { migrate } from '../../../sync-server/src/persistence/postgres/migrations.ts';

export async function openNodePool(url: string, node: string, max = 5): Promise<pg.Pool> {
  const pool = createPostgresPool({
    url,
    applicationName: `holdfast-test-${node}`,
    max,
    onIdleError: () => undefined, // a test that kills connections checks the outcome, not this callback
  });
  await migrate(pool);
  return pool;
}

/** A Yjs update that sets `orders[key] = key`, from a client of its own. */
export function editUpdate(key: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('orders').set(key, key);
  return Y.encodeStateAsUpdate(doc);
}

/** The `orders` map after applying `updates` to a fresh document. */
export function ordersOf(updates: Uint8Array[]): Record<string, unknown> {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getMap('orders').toJSON();
}

export const keysOf = (updates: Uint8Array[]) => Object.keys(ordersOf(updates)).sort();

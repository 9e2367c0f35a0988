import { isOnHoldBucket } from '../domain/on-hold-bucket.ts';
import type { HoldfastDb } from './holdfast-db.ts';
import { importPlacesOf } from './import-places.ts';

/** Orders of one place that exist only on this computer while team sync runs, and why. */
export interface KeptLocalPlace {
  virtualAccountId: string;
  /** The place in users' words: "Enterprise (Keystone Holding)", or "on Smart Account hold". */
  place: string;
  count: number;
  /** The first few sales order numbers, sorted. */
  salesOrderNumbers: string[];
  /**
   * `may-not-share`: the member's roles do not let them import orders there, so the relay would
   * refuse them; they stay here, kept and shown. `waiting`: the member may share them; they go to the
   * place's document when it opens.
   */
  reason: 'may-not-share' | 'waiting';
}

const SHOWN = 20;

/**
 * The orders that sync did not share — rows bound to no document — grouped by place, with the
 * reason, for the options page to say what stayed here. Nothing is deleted: local-only data is kept.
 */
export async function keptLocalOrders(db: HoldfastDb, memberId: string): Promise<KeptLocalPlace[]> {
  const rows = await db.orders.filter((row) => row.sourceDoc === undefined).toArray();
  if (rows.length === 0) return [];
  const mayImport = await importPlacesOf(db, memberId);
  const byPlace = new Map<string, string[]>();
  for (const row of rows) {
    const list = byPlace.get(row.virtualAccountId);
    if (list) list.push(row.salesOrderNumber);
    else byPlace.set(row.virtualAccountId, [row.salesOrderNumber]);
  }
  const vas = await db.virtualAccounts.bulkGet([...byPlace.keys()]);
  const accounts = await db.smartAccounts.bulkGet(vas.map((va) => va?.smartAccountId ?? ''));
  return [...byPlace.entries()]
    .map(([virtualAccountId, numbers], i) => {
      const va = vas[i];
      const account = accounts[i];
      const place = isOnHoldBucket(virtualAccountId)
        ? 'on Smart Account hold'
        : va
          ? `${va.name} (${account?.name ?? va.smartAccountId})`
          : virtualAccountId;
      return {
        virtualAccountId,
        place,
        count: numbers.length,
        salesOrderNumbers: numbers.sort().slice(0, SHOWN),
        reason: mayImport.has(virtualAccountId) ? ('waiting' as const) : ('may-not-share' as const),
      };
    })
    .sort((a, b) => a.place.localeCompare(b.place));
}

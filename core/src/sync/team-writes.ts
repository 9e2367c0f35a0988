import type { ChecklistTick } from '../domain/checklist-tick.ts';
import type { Order } from '../domain/order.ts';
import { toOrderRow } from '../store/index.ts';
import { planAdoption } from './move-plan.ts';
import type { OpenOrdersDoc } from './team-sync-reconciler.ts';
import { adoptLocalChanges, forwardMovedWrites, markOrderMoved, writeOrder } from './virtual-account-doc.ts';
import { heldOrderNumbers, readOrderFromDoc } from './virtual-account-reads.ts';
import type { SyncOrigin } from './origins.ts';

export interface AdoptOptions {
  /** Only documents of these places are written (those the member may import into). */
  into?: ReadonlySet<string>;
  /** Told of each row no such document takes: neither its place's nor one already holding it. */
  unplaced?: (row: { virtualAccountId: string; order: Order }) => void;
}

/**
 * After a member recorded an assignment out of Smart Account hold in `from` (the on-hold
 * document): once the order's own history puts it in a Virtual Account whose document is open
 * here, it moves there as an imported one does (`adoptIntoDocs`: proven by the assignment, ticks
 * carried, a forwarding entry left). A partly assigned order stays on hold, in `from`. Returns
 * whether it moved.
 */
export function moveAssignedOrder(
  allOpen: ReadonlyMap<string, OpenOrdersDoc>,
  from: OpenOrdersDoc,
  salesOrderNumber: string,
  origin: SyncOrigin,
  options: AdoptOptions = {},
): boolean {
  const read = readOrderFromDoc(from.doc, salesOrderNumber);
  if (!read?.ok) return false;
  const place = toOrderRow(read.order).virtualAccountId;
  if (place === from.virtualAccountId) return false;
  adoptIntoDocs(allOpen, [{ virtualAccountId: place, order: read.order }], [], origin, options);
  return !heldOrderNumbers(from.doc).includes(salesOrderNumber);
}

/**
 * Writes imported orders and ticks into the open documents as `planAdoption` places them: each
 * document in one transaction, a moving order's ticks carried into its new document and a
 * forwarding entry left in the old one. Returns how many orders were written.
 */
export function adoptIntoDocs(
  allOpen: ReadonlyMap<string, OpenOrdersDoc>,
  rows: readonly { virtualAccountId: string; order: Order }[],
  ticks: readonly ChecklistTick[],
  origin: SyncOrigin,
  { into, unplaced }: AdoptOptions = {},
): number {
  const open = new Map([...allOpen].filter(([, sync]) => !into || into.has(sync.virtualAccountId)));
  const plan = planAdoption(
    rows,
    ticks,
    [...open.values()].map((sync) => ({
      docName: sync.docName,
      virtualAccountId: sync.virtualAccountId,
      holds: new Set(heldOrderNumbers(sync.doc)),
    })),
  );
  if (unplaced) for (const row of plan.unplaced) unplaced(row);
  // Ticks go along with a moving order: read before any document changes, ahead of imported ones.
  const carried = new Map<string, ChecklistTick[]>();
  for (const move of plan.moves) {
    const read = readOrderFromDoc(open.get(move.from)!.doc, move.order.salesOrderNumber);
    if (read?.ok) carried.set(move.to, [...(carried.get(move.to) ?? []), ...read.ticks]);
  }
  let written = 0;
  for (const sync of open.values()) {
    const writes = plan.writes.get(sync.docName);
    const moved = plan.moves.filter((move) => move.from === sync.docName);
    if (!writes && moved.length === 0) continue;
    const newTicks = [...(carried.get(sync.docName) ?? []), ...(writes?.ticks ?? [])];
    sync.doc.transact(() => {
      for (const order of writes?.orders ?? []) writeOrder(sync.doc, order, origin);
      adoptLocalChanges(sync.doc, { orders: [], ticks: newTicks }, origin);
      for (const { order } of moved) markOrderMoved(sync.doc, order, origin);
    }, origin);
    written += writes?.orders.length ?? 0;
  }
  return written;
}

/**
 * Writes that reached an order's old document after it moved (from a replica that had not seen
 * the move yet) follow it into its new one, from whoever has both open and may write the new one
 * (connected, not read-only). Only documents that changed are looked through, once per burst:
 * the returned function queues documents, `schedule` runs the pass later, in the caller's order.
 */
export function createMovedWriteForwarder(options: {
  orders: ReadonlyMap<string, OpenOrdersDoc>;
  memberId: string;
  origin: SyncOrigin;
  schedule: (step: () => void) => void;
}): (sources: Iterable<OpenOrdersDoc>) => void {
  const { orders, memberId, origin } = options;
  const forwardFrom = new Set<OpenOrdersDoc>();
  return (sources) => {
    const queued = forwardFrom.size > 0;
    for (const source of sources) forwardFrom.add(source);
    if (queued || forwardFrom.size === 0) return;
    options.schedule(() => {
      const writable = new Map(
        [...orders.values()]
          .filter((sync) => sync.provider.status === 'synced')
          .map((sync) => [sync.virtualAccountId, sync.doc]),
      );
      for (const source of forwardFrom)
        if (orders.get(source.docName) === source)
          forwardMovedWrites(source.doc, (id) => writable.get(id), memberId, origin);
      forwardFrom.clear();
    });
  };
}

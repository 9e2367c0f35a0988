import type { ChecklistTick } from '../domain/checklist-tick.ts';
import { isOnHoldBucket } from '../domain/on-hold-bucket.ts';
import type { Order } from '../domain/order.ts';

/** An open document of orders, as the planner needs it: where its orders sit and which it holds. */
export interface OrdersDocSnapshot {
  docName: string;
  /** A Virtual Account's id, or the on-hold bucket of the on-hold document. */
  virtualAccountId: string;
  /** Sales order numbers the document holds (forwarding entries left by a move excluded). */
  holds: ReadonlySet<string>;
}

/** Writes into one document: orders (facts and new events) and imported ticks. */
export interface DocWrites {
  orders: Order[];
  ticks: ChecklistTick[];
}

/** An order leaving `from` for `to`: a forwarding entry stays behind, its ticks go along. */
export interface OrderMove {
  order: Order;
  from: string;
  to: string;
}

export interface AdoptionPlan {
  /** By doc name; only documents with something to write. */
  writes: Map<string, DocWrites>;
  moves: OrderMove[];
  /** Rows no open document takes: neither their place's nor one already holding them. */
  unplaced: { virtualAccountId: string; order: Order }[];
}

/**
 * Whether the order's own history proves it left `source` for `target`: an assignment event out of
 * Smart Account hold into the target Virtual Account. A field any writer can set (a row's Virtual
 * Account, a forwarding address) proves nothing; only an event in the order's history does, and
 * the relay checks who may write that.
 */
export function historyProvesMove(order: Order, source: OrdersDocSnapshot, target: OrdersDocSnapshot): boolean {
  if (!isOnHoldBucket(source.virtualAccountId) || source.virtualAccountId === target.virtualAccountId) return false;
  return order.history.some(
    (event) => event.type === 'assigned' && event.assignment.virtualAccountId === target.virtualAccountId,
  );
}

/**
 * Where imported orders (store rows, which know their Virtual Account) and ticks go among the open
 * documents. An order goes into the document of its Virtual Account (its home) with the imported
 * ticks; an order another document holds moves out of it only when its history proves the move
 * (assigned from hold), ticks carried along, so exactly one document carries it. An order whose
 * home is not open here (delivered to the customer) is updated where it is, so the team sees where
 * it went.
 */
export function planAdoption(
  rows: readonly { virtualAccountId: string; order: Order }[],
  ticks: readonly ChecklistTick[],
  docs: readonly OrdersDocSnapshot[],
): AdoptionPlan {
  const writes = new Map<string, DocWrites>();
  const writesTo = (docName: string): DocWrites => {
    let entry = writes.get(docName);
    if (!entry) writes.set(docName, (entry = { orders: [], ticks: [] }));
    return entry;
  };
  const moves: OrderMove[] = [];
  const unplaced: AdoptionPlan['unplaced'] = [];
  // Grouped once: an import brings thousands of orders and ticks.
  const ticksOf = new Map<string, ChecklistTick[]>();
  for (const tick of ticks) {
    const list = ticksOf.get(tick.salesOrderNumber);
    if (list) list.push(tick);
    else ticksOf.set(tick.salesOrderNumber, [tick]);
  }
  for (const row of rows) {
    const number = row.order.salesOrderNumber;
    const imported = ticksOf.get(number) ?? [];
    const home = docs.find((doc) => doc.virtualAccountId === row.virtualAccountId);
    const holders = docs.filter((doc) => doc !== home && doc.holds.has(number));
    if (home) {
      writesTo(home.docName).orders.push(row.order);
      writesTo(home.docName).ticks.push(...imported);
      for (const holder of holders)
        if (historyProvesMove(row.order, holder, home))
          moves.push({ order: row.order, from: holder.docName, to: home.docName });
    } else {
      if (holders.length === 0) unplaced.push(row);
      for (const holder of holders) {
        writesTo(holder.docName).orders.push(row.order);
        writesTo(holder.docName).ticks.push(...imported);
      }
    }
  }
  return { writes, moves, unplaced };
}

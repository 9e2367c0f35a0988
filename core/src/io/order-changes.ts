import { orderState } from '../domain/lifecycle.ts';
import type { LineFulfilment, OrderState } from '../domain/lifecycle-state.ts';
import type { Order } from '../domain/order.ts';

/** What an import changed in one order, in the words of the report. */
export interface OrderChange {
  salesOrderNumber: string;
  kind: 'added' | 'updated';
  /** Each change of an updated order, e.g. "line 1.0: Booked → Shipped", "line 2.0 added", "PO PO-1 → PO-2"; empty for a new one. */
  changes: string[];
}

const FULFILMENT_WORDS: Record<LineFulfilment, string> = {
  open: 'Entered',
  booked: 'Booked',
  shipped: 'Shipped',
  cancelled: 'Cancelled',
};

const lineName = (line: { lineNumber: number; lineId?: string | undefined }) => line.lineId ?? String(line.lineNumber);

/** Where one line sits: its Smart Account's name, or Smart Account hold. */
const where = (state: OrderState, lineNumber: number, names: (id: string) => string): string => {
  const holder = state.placements[lineNumber]?.holder;
  return holder ? names(holder.smartAccountId) : 'Smart Account hold';
};

/**
 * Says what differs between the stored order and the order after an import merged into it: its
 * numbers and parties, lines added, removed or changed (status, quantity, SKU), and where it sits.
 * Empty when nothing the report shows changed. Pure: the store and the CLI print the same words.
 */
export function describeOrderChanges(
  before: Order,
  after: Order,
  accountName: (smartAccountId: string) => string = (id) => id,
): string[] {
  const changes: string[] = [];
  const field = (label: string, a: string | null | undefined, b: string | null | undefined) => {
    if ((a ?? '') !== (b ?? '')) changes.push(`${label} ${a || '(none)'} → ${b || '(none)'}`);
  };
  field('web order', before.webOrderId, after.webOrderId);
  field('PO', before.poNumber, after.poNumber);
  field('end customer', before.endCustomer.name, after.endCustomer.name);
  field('end customer domain', before.endCustomer.emailDomain, after.endCustomer.emailDomain);
  field("customer's Smart Account", before.endCustomer.smartAccountId, after.endCustomer.smartAccountId);
  field('reseller', before.reseller?.name, after.reseller?.name);
  field('distributor', before.distributor?.name, after.distributor?.name);
  field('bill-to', before.billTo?.name, after.billTo?.name);

  const was = orderState(before);
  const now = orderState(after);
  const oldLines = new Map(before.lines.map((l) => [l.lineNumber, l]));
  const newLines = new Map(after.lines.map((l) => [l.lineNumber, l]));
  for (const line of after.lines) {
    const old = oldLines.get(line.lineNumber);
    if (!old) {
      changes.push(`line ${lineName(line)} added`);
      continue;
    }
    const a = was.lines[line.lineNumber] ?? 'open';
    const b = now.lines[line.lineNumber] ?? 'open';
    if (a !== b) changes.push(`line ${lineName(line)}: ${FULFILMENT_WORDS[a]} → ${FULFILMENT_WORDS[b]}`);
    if (old.sku !== line.sku) changes.push(`line ${lineName(line)}: SKU ${old.sku} → ${line.sku}`);
    if (old.quantity !== line.quantity)
      changes.push(`line ${lineName(line)}: quantity ${old.quantity} → ${line.quantity}`);
  }
  for (const line of before.lines) if (!newLines.has(line.lineNumber)) changes.push(`line ${lineName(line)} removed`);
  // Lines move one by one: the order's move when every line made the same one, else each line's.
  const moved = after.lines
    .filter((line) => oldLines.has(line.lineNumber))
    .map((line) => ({
      line,
      move: `${where(was, line.lineNumber, accountName)} → ${where(now, line.lineNumber, accountName)}`,
      same: where(was, line.lineNumber, accountName) === where(now, line.lineNumber, accountName),
    }));
  const moves = new Set(moved.map((m) => m.move));
  if (moved.length > 0 && moves.size === 1 && !moved[0]!.same) changes.push(moved[0]!.move);
  else if (moves.size > 1)
    for (const { line, move, same } of moved) if (!same) changes.push(`line ${lineName(line)}: ${move}`);
  field('last reviewed', was.lastReviewedAt?.slice(0, 10), now.lastReviewedAt?.slice(0, 10));
  return changes;
}

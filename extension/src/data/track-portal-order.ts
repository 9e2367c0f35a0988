import { emptySnapshot, orderSchema, type HoldfastSnapshot, type Order } from '@holdfast/core';
import type { HoldfastStore } from '@holdfast/core/store';
import type { CustomerAccountIndex } from './new-order-advice.ts';
import type { PortalContext } from './portal-context.ts';

/** Why an order on the portal page could not be tracked, in the rep's words. */
export class CannotTrackError extends Error {}

/**
 * Builds the order a portal page shows while it is being placed ("Start tracking this order"):
 * placed now by the member, in the Partner Holding Account and Virtual Account the form has chosen,
 * its customer's own Smart Account known. Everything is looked up again here — the page only named
 * it — and the order is refused unless the page's advice still applies and the member's roles
 * reach the Virtual Account (else it would vanish from their list once tracked).
 */
export async function buildPortalOrder(
  store: Pick<HoldfastStore, 'db' | 'scopeOf'>,
  memberId: string,
  context: PortalContext,
  customers: CustomerAccountIndex,
  now: Date,
): Promise<Order> {
  const { salesOrderNumber, draft, customerName } = context;
  if (!draft || !customerName)
    throw new CannotTrackError(
      'The portal page does not show the whole order (web order ID, PO number, end customer, Virtual Account and license lines), so Holdfast cannot record it from there.',
    );
  if (await store.db.orders.get(salesOrderNumber))
    throw new CannotTrackError(`Order ${salesOrderNumber} is already in Holdfast.`);
  const { smartAccounts, virtualAccounts } = store.db;
  const holding =
    (context.smartAccountValue ? await smartAccounts.get(context.smartAccountValue) : undefined) ??
    (await smartAccounts.filter((sa) => sa.name === context.smartAccountLabel).first());
  if (holding?.kind !== 'partner-holding')
    throw new CannotTrackError(`“${context.smartAccountLabel}” is not a Partner Holding Account Holdfast knows.`);
  const wanted = draft.virtualAccount.label.toLowerCase();
  const virtualAccount =
    (await virtualAccounts.get(draft.virtualAccount.value)) ??
    (await virtualAccounts
      .where('smartAccountId')
      .equals(holding.id)
      .filter((va) => va.name.toLowerCase() === wanted)
      .first());
  if (virtualAccount?.smartAccountId !== holding.id)
    throw new CannotTrackError(
      `Holdfast does not know a Virtual Account “${draft.virtualAccount.label}” in “${holding.name}”.`,
    );
  const customer = customers.find(customerName);
  if (!customer) throw new CannotTrackError(`Holdfast no longer knows ${customerName}’s own Smart Account.`);
  const scope = await store.scopeOf(memberId);
  if (!scope.virtualAccountIds.includes(virtualAccount.id))
    throw new CannotTrackError(
      `Your roles do not reach the Virtual Account “${virtualAccount.name}”: you would not see the order once tracked.`,
    );
  const at = now.toISOString();
  return orderSchema.parse({
    salesOrderNumber,
    webOrderId: draft.webOrderId,
    poNumber: draft.poNumber,
    endCustomer: { name: customerName, emailDomain: customer.emailDomain ?? null, smartAccountId: customer.id },
    lines: draft.lines.map((line, index) => ({ ...line, lineNumber: index + 1 })),
    history: [
      {
        id: `${memberId}:${crypto.randomUUID()}`,
        at,
        by: memberId,
        type: 'placed',
        assignment: { smartAccountId: holding.id, virtualAccountId: virtualAccount.id, kind: holding.kind },
      },
    ],
    createdAt: at,
    updatedAt: at,
  });
}

/**
 * Imports orders through team sync (`TeamSyncHost.importOrders`): into the documents where the
 * member may import, the projection writing their rows. `handled: false` while sync is off.
 */
export type ImportThroughSync = (
  snapshot: HoldfastSnapshot,
  options: { now: Date; source: string },
) => Promise<{ handled: boolean }>;

/**
 * Records the new order as one order imported from the portal page (the activity log says so).
 * With team sync on it goes the way of an import: into the document of its Virtual Account, if the
 * member may import there, and its row follows from that document's projection (one writer per
 * row); else, and without sync, the store writes it.
 */
export async function trackPortalOrder(
  store: Pick<HoldfastStore, 'db' | 'scopeOf' | 'importSnapshot'>,
  memberId: string,
  context: PortalContext,
  customers: CustomerAccountIndex,
  now: Date,
  importThroughSync: ImportThroughSync,
): Promise<Order> {
  const order = await buildPortalOrder(store, memberId, context, customers, now);
  const snapshot: HoldfastSnapshot = {
    ...emptySnapshot(now),
    orders: [order],
  };
  const source = `order ${order.salesOrderNumber} from the portal page`;
  const { handled } = await importThroughSync(snapshot, { now, source });
  if (!handled) await store.importSnapshot(snapshot, { now, actorId: memberId, source });
  return order;
}

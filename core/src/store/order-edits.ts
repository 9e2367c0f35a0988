import { checklistTickSchema, type ChecklistTick } from '../domain/checklist-tick.ts';
import { appendOrderEvent, orderState } from '../domain/lifecycle.ts';
import type { OrderEvent, OrderEventInput } from '../domain/order-event.ts';
import { ACTION_OF_EVENT } from '../permissions/event-action.ts';
import type { Action } from '../permissions/action.ts';
import { actorOf, can } from '../permissions/can.ts';
import { OrderNotFoundError, PermissionDeniedError, UnknownMemberError } from './errors.ts';
import type { HoldfastDb } from './holdfast-db.ts';
import { scopeOf } from './order-scope.ts';
import { toOrderRow } from './order-row.ts';
import { isOnHoldBucket } from '../domain/on-hold-bucket.ts';
import type { OrderRow, Origin } from './rows.ts';

export { ACTION_OF_EVENT } from '../permissions/event-action.ts';

/** Loads the order and checks `action` for the member on the account and Virtual Account holding it. */
async function authorise(
  db: HoldfastDb,
  memberId: string,
  salesOrderNumber: string,
  action: Action,
): Promise<OrderRow> {
  const member = await db.members.get(memberId);
  if (!member) throw new UnknownMemberError(memberId);
  const row = await db.orders.get(salesOrderNumber);
  if (!row) throw new OrderNotFoundError(salesOrderNumber);
  if (isOnHoldBucket(row.virtualAccountId)) {
    // An order on Smart Account hold sits in no account: those who may see it may work it.
    if ((await scopeOf(db, memberId)).virtualAccountIds.includes(row.virtualAccountId)) return row;
    throw new PermissionDeniedError(
      `${member.name} cannot ${action} order ${salesOrderNumber}: it is on Smart Account hold, which only the Partner Holding Account's administrators and users of ${member.organizationId} handle.`,
    );
  }
  const smartAccount = await db.smartAccounts.get(row.smartAccountId);
  const actor = actorOf(member, await db.roleGrants.where('memberId').equals(memberId).toArray());
  if (smartAccount && can(actor, action, { smartAccount, virtualAccountId: row.virtualAccountId })) return row;
  const allowedIn = actor.grants.map(
    (g) => `${g.role} on ${g.smartAccountId}${g.virtualAccountId ? ` / ${g.virtualAccountId}` : ''}`,
  );
  throw new PermissionDeniedError(
    `${member.name} cannot ${action} order ${salesOrderNumber} in Virtual Account ${row.virtualAccountId}: ` +
      (allowedIn.length
        ? `their roles are ${allowedIn.join(', ')}.`
        : 'they hold no role. Ask an administrator of the account for one.'),
  );
}

/**
 * A distributor hands an order only from its own Partner Holding Account to its reseller's: "If a
 * distributor creates the software license order in Cisco Commerce Workspace (CCW), the distributor
 * can assign the order to their reseller’s Partner Holding Account." (the seed). The order names its
 * distributor and reseller as organisations; the accounts must be theirs.
 */
async function checkHandOff(db: HoldfastDb, row: OrderRow, input: OrderEventInput): Promise<void> {
  if (input.type !== 'handed-to-reseller') return;
  const { distributor, reseller, salesOrderNumber } = row.order;
  const [from, to] = await db.smartAccounts.bulkGet([row.smartAccountId, input.assignment.smartAccountId]);
  if (!distributor?.organizationId || from?.organizationId !== distributor.organizationId)
    throw new PermissionDeniedError(
      `Order ${salesOrderNumber} does not sit in its distributor's holding account: only a distributor hands an order on to its reseller.`,
    );
  if (!reseller?.organizationId || to?.kind !== 'partner-holding' || to.organizationId !== reseller.organizationId)
    throw new PermissionDeniedError(
      `Order ${salesOrderNumber} goes only to a Partner Holding Account of its reseller${reseller ? ` (${reseller.name})` : ''}.`,
    );
}

/**
 * Checks, without writing, that the member may record this event on the order and that the
 * lifecycle allows it now; returns the event as it would be recorded. With sync on, the command
 * then writes the event into the order's document (the projection is the only writer of its row).
 */
export async function checkOrderEvent(
  db: HoldfastDb,
  memberId: string,
  salesOrderNumber: string,
  input: OrderEventInput,
): Promise<OrderEvent> {
  return db.transaction('r', [db.members, db.roleGrants, db.smartAccounts, db.virtualAccounts, db.orders], async () => {
    const row = await authorise(db, memberId, salesOrderNumber, ACTION_OF_EVENT[input.type]);
    await checkHandOff(db, row, input);
    return appendOrderEvent(row.order, input).history.at(-1)!;
  });
}

/** Checks, without writing, that the member may tick a step of the order; returns the tick in their name. */
export async function checkChecklistTick(
  db: HoldfastDb,
  memberId: string,
  input: ChecklistTick,
): Promise<ChecklistTick> {
  const tick = checklistTickSchema.parse({ ...input, by: memberId });
  await db.transaction('r', [db.members, db.roleGrants, db.smartAccounts, db.virtualAccounts, db.orders], () =>
    authorise(db, memberId, tick.salesOrderNumber, 'tick-checklist-step'),
  );
  return tick;
}

/** Appends an event to an order after checking the permission matrix; logs it; one transaction. */
export async function recordOrderEvent(
  db: HoldfastDb,
  memberId: string,
  salesOrderNumber: string,
  input: OrderEventInput,
  origin: Origin = 'local',
): Promise<OrderRow> {
  return db.transaction(
    'rw',
    [db.members, db.roleGrants, db.smartAccounts, db.virtualAccounts, db.orders, db.activityLog],
    async () => {
      const row = await authorise(db, memberId, salesOrderNumber, ACTION_OF_EVENT[input.type]);
      await checkHandOff(db, row, input);
      const order = appendOrderEvent(row.order, input);
      // The row stays bound to its document (if any): the next projection of it is authoritative.
      const next = row.sourceDoc === undefined ? toOrderRow(order) : { ...toOrderRow(order), sourceDoc: row.sourceDoc };
      await db.orders.put(next);
      const event = order.history.at(-1)!;
      await db.activityLog.add({
        at: event.at,
        actorId: memberId,
        kind: 'order-event',
        origin,
        summary: `${event.type} on ${salesOrderNumber} (now ${orderState(order).status})`,
        salesOrderNumber,
      });
      return next;
    },
  );
}

/** Ticks or unticks a checklist step on an order the member may manage. */
export async function tickChecklistStep(
  db: HoldfastDb,
  memberId: string,
  input: ChecklistTick,
  origin: Origin = 'local',
): Promise<ChecklistTick> {
  const tick = checklistTickSchema.parse({ ...input, by: memberId });
  return db.transaction(
    'rw',
    [db.members, db.roleGrants, db.smartAccounts, db.virtualAccounts, db.orders, db.checklistTicks, db.activityLog],
    async () => {
      await authorise(db, memberId, tick.salesOrderNumber, 'tick-checklist-step');
      await db.checklistTicks.put(tick);
      await db.activityLog.add({
        at: tick.at,
        actorId: memberId,
        kind: 'checklist-tick',
        origin,
        summary: `${tick.ticked ? 'ticked' : 'unticked'} ${tick.stepId} on ${tick.salesOrderNumber}`,
        salesOrderNumber: tick.salesOrderNumber,
      });
      return tick;
    },
  );
}

/** The latest tick of each step of an order: whether it is done now. */
export async function checklistProgress(
  db: HoldfastDb,
  salesOrderNumber: string,
): Promise<Record<string, ChecklistTick>> {
  const ticks = await db.checklistTicks.where('salesOrderNumber').equals(salesOrderNumber).toArray();
  const latest: Record<string, ChecklistTick> = {};
  for (const tick of ticks) {
    const current = latest[tick.stepId];
    if (!current || tick.at > current.at || (tick.at === current.at && tick.by > current.by))
      latest[tick.stepId] = tick;
  }
  return latest;
}

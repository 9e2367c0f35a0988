import { reassignmentOptions, type OrderEventInput } from '@holdfast/core';
import type { HoldfastStore } from '@holdfast/core/store';
import type { OrderAction } from '../messaging/team-messages.ts';
import { FIRST_SCREEN_ENTRIES, type FirstScreen, type FirstScreenCache } from './first-screen.ts';
import { buildOrderList, NO_FILTERS, type ListEntry, type OrderItem } from './order-list.ts';
import { orderDetailView, type OrderDetail } from './order-detail-view.ts';
import { readDirectory, type OrderWorld } from './order-world.ts';
import { readPortalAdvice, type PortalAdvice } from './portal-advice.ts';
import type { PreferencesStore } from './preferences.ts';
import type { SharedWrites } from './shared-writes.ts';

export type { OrderDetail, ReassignmentView } from './order-detail-view.ts';
export type { AssignmentView, HandOffView, LineView, UnderwayView } from './order-lines.ts';

// The side panel's screen: the list, an order's detail and what a member records from it, the
// first screen kept for the next panel, and the advice for the portal page beside it.

export interface OrdersView {
  items: OrderItem[];
  virtualAccounts: { id: string; name: string }[];
}

/** What the side panel asks of the data layer. */
export interface SidePanelService {
  orders(memberId: string, now: Date): Promise<OrdersView>;
  /** The top of the list as last kept in this browser session, for whichever member it was. */
  firstScreen(): Promise<FirstScreen | null>;
  /** Keeps the top of a member's unfiltered list for the next panel to open with. */
  keepFirstScreen(screen: FirstScreen): Promise<void>;
  /** Computes the chosen member's list and keeps its top (the background does, while no panel is open). */
  refreshFirstScreen(now: Date): Promise<void>;
  /**
   * With nothing kept: the member's oldest orders in holding, read through the store's index (a page,
   * not the scope) with their findings, under one heading; nothing is counted (`total` null). Shown
   * while the fresh list — every visible order's listing read — comes. The side panel asks the
   * background for it (oldest-from-background.ts), which may answer null (read for another member).
   */
  oldestInHolding(memberId: string, now: Date): Promise<FirstScreen | null>;
  orderDetail(memberId: string, salesOrderNumber: string, now: Date): Promise<OrderDetail | null>;
  /**
   * Ticks a step. The store checks the member's role; with `shared` (sync on) the tick goes into
   * the document holding the order and the store follows it, else the store writes it.
   */
  tickStep(
    memberId: string,
    salesOrderNumber: string,
    stepId: string,
    ticked: boolean,
    now: Date,
    shared?: SharedWrites | null,
  ): Promise<void>;
  /**
   * Records what a member did from an order's detail as an order event with the given id and time;
   * the store checks the member's role and the lifecycle, and writes it unless `shared` (sync on)
   * puts it into the document holding the order.
   */
  recordOrderAction(
    memberId: string,
    salesOrderNumber: string,
    action: OrderAction,
    stamp: { id: string; at: string },
    shared?: SharedWrites | null,
  ): Promise<void>;
  portalAdvice(
    memberId: string,
    salesOrderNumber: string,
    smartAccount: { value: string; label: string },
    /** The end customer the page names: for a new order (not stored), its account is found by name or domain. */
    customerName?: string,
  ): Promise<PortalAdvice | null>;
}

export function createSidePanelService(
  store: HoldfastStore,
  preferences: PreferencesStore,
  firstScreen: FirstScreenCache,
  { world, listItems, allowed }: OrderWorld,
): SidePanelService {
  const orders = async (memberId: string, now: Date): Promise<OrdersView> => {
    const items = await listItems(memberId, now);
    const virtualAccounts = [...new Map(items.map((i) => [i.virtualAccountId, i.virtualAccountName])).entries()]
      .map(([id, name]) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { items, virtualAccounts };
  };

  return {
    orders,
    firstScreen: () => firstScreen.read(),
    keepFirstScreen: (screen) => firstScreen.save(screen),
    async refreshFirstScreen(now) {
      const { memberId } = await preferences.read();
      if (!memberId) return;
      const { items } = await orders(memberId, now);
      await firstScreen.save({ memberId, total: items.length, entries: buildOrderList(items, NO_FILTERS) });
    },
    async oldestInHolding(memberId, now) {
      // The page, the directory and the hidden findings are read at once: the rules run as soon as
      // the page is in. Nothing is counted: counting every order in scope (one index count per
      // Virtual Account and state) took 5–10× the page's read at 40,000 orders, and the fresh
      // list, which follows at once, counts them anyway.
      const page = store.ordersPage(memberId, { status: 'in-holding', limit: FIRST_SCREEN_ENTRIES });
      const { rows, item } = await world(
        memberId,
        now,
        page.then((p) => p.rows),
      );
      const heading: ListEntry = { kind: 'heading', key: 'h:oldest-in-holding', title: 'Oldest in holding' };
      const entries: ListEntry[] = rows.map((row) => ({
        kind: 'order',
        key: `o:${row.salesOrderNumber}`,
        item: item(row),
      }));
      return { memberId, total: null, entries: entries.length ? [heading, ...entries] : [] };
    },
    async orderDetail(memberId, salesOrderNumber, now) {
      const row = await store.getOrder(memberId, salesOrderNumber);
      if (!row) return null;
      const [{ snapshot, item, placeName }, progress] = await Promise.all([
        world(memberId, now, [row]),
        store.checklistProgress(salesOrderNumber),
      ]);
      return orderDetailView({
        row,
        item: item(row),
        snapshot,
        placeName,
        progress,
        may: (action) => allowed(snapshot, memberId, row, action),
        now,
      });
    },
    async tickStep(memberId, salesOrderNumber, stepId, ticked, now, shared) {
      const tick = { salesOrderNumber, stepId, ticked, by: memberId, at: now.toISOString() };
      if (shared && (await shared.tick(await store.checkChecklistTick(memberId, tick)))) return;
      await store.tickChecklistStep(memberId, tick);
    },
    async recordOrderAction(memberId, salesOrderNumber, action, { id, at }, shared) {
      const stamp = { id, at, by: memberId };
      const record = async (event: OrderEventInput) => {
        if (
          shared &&
          (await shared.recordEvent(salesOrderNumber, await store.checkOrderEvent(memberId, salesOrderNumber, event)))
        )
          return;
        await store.recordOrderEvent(memberId, salesOrderNumber, event);
      };
      if (action.type === 'handed-to-reseller' || action.type === 'assigned') {
        // Named by its Virtual Account; the store checks the hand-off goes to the order's reseller's
        // holding account, and the lifecycle that assigned lines are on hold.
        const { smartAccounts, virtualAccounts } = await readDirectory(store);
        const va = virtualAccounts.find((v) => v.id === action.targetVirtualAccountId);
        const sa = va && smartAccounts.find((a) => a.id === va.smartAccountId);
        if (!va || !sa) throw new Error(`Virtual Account ${action.targetVirtualAccountId} is not known here.`);
        const assignment = { smartAccountId: sa.id, virtualAccountId: va.id, kind: sa.kind };
        await record(
          action.type === 'assigned'
            ? {
                type: 'assigned',
                assignment,
                ...(action.lineNumbers ? { lineNumbers: action.lineNumbers } : {}),
                ...stamp,
              }
            : { type: 'handed-to-reseller', assignment, ...stamp },
        );
        return;
      }
      if (action.type !== 'reassignment-started') {
        await record({ ...action, ...stamp });
        return;
      }
      const row = await store.getOrder(memberId, salesOrderNumber);
      if (!row) throw new Error(`Order ${salesOrderNumber} is not one of the orders your roles let you see.`);
      const target = reassignmentOptions(row.order, await readDirectory(store)).targets.find(
        (t) => t.assignment.virtualAccountId === action.targetVirtualAccountId,
      );
      if (!target)
        throw new Error(
          `Order ${salesOrderNumber} cannot be reassigned to Virtual Account ${action.targetVirtualAccountId}: it is not one of the customer's.`,
        );
      await record({
        type: 'reassignment-started',
        target: target.assignment,
        via: action.via,
        ...(action.lineNumbers ? { lineNumbers: action.lineNumbers } : {}),
        ...stamp,
      });
    },
    portalAdvice: (memberId, salesOrderNumber, chosen, customerName) =>
      readPortalAdvice(store, memberId, salesOrderNumber, chosen, customerName),
  };
}

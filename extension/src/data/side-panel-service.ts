import {
  citationText,
  orderState,
  reassignmentChecklist,
  reassignmentOptions,
  type ChecklistStep,
  type HoldfastSnapshot,
  type OrderEvent,
  type OrderEventInput,
  type Order,
  type ReassignmentTarget,
  type ReassignmentWay,
} from '@holdfast/core';
import type { HoldfastStore } from '@holdfast/core/store';
import type { OrderAction } from '../messaging/team-messages.ts';
import { lastAsked } from './ask-customer.ts';
import { bySeverity, findingView, type FindingView } from './finding-view.ts';
import { FIRST_SCREEN_ENTRIES, type FirstScreen, type FirstScreenCache } from './first-screen.ts';
import { buildOrderList, NO_FILTERS, type ListEntry, type OrderItem } from './order-list.ts';
import {
  choosableLines,
  handOffView,
  lineViews,
  underwayViews,
  type HandOffView,
  type LineView,
  type UnderwayView,
} from './order-lines.ts';
import { readDirectory, type OrderWorld, type placeNames } from './order-world.ts';
import { readPortalAdvice, type PortalAdvice } from './portal-advice.ts';
import type { PreferencesStore } from './preferences.ts';
import type { SharedWrites } from './shared-writes.ts';

export type { HandOffView, LineView, UnderwayView } from './order-lines.ts';

// The side panel's screen: the list, an order's detail and what a member records from it, the
// first screen kept for the next panel, and the advice for the portal page beside it.

/** Where an order's reassignment stands, for the member to record its next step. */
export type ReassignmentView =
  | {
      stage: 'not-started';
      targets: ReassignmentTarget[];
      /** Whether `targets` are the customer's own account (else every customer account known). */
      customerKnown: boolean;
      /** The target to preselect; null when the customer's account is not known. */
      defaultTarget: string | null;
      ways: ReassignmentWay[];
      /** Why the ordering portal is not among `ways`, with the source sentence. */
      portalClosed: { reason: string; citation: string } | null;
      /** The lines still in holding to choose from, when the order has more than one (each line moves whole). */
      lines?: { lineNumber: number; label: string }[];
    }
  | UnderwayView;

export interface OrderDetail {
  item: OrderItem;
  history: OrderEvent[];
  /** Most severe first: the first is the order's headline, the others are read on demand. */
  findings: FindingView[];
  /** What a rep copies or writes to the customer. */
  facts: { webOrderId: string; poNumber: string; customerDomain: string | null };
  /** When the customer was last asked for their Smart Account ("Ask the customer"), if ever. */
  asked: ReturnType<typeof lastAsked>;
  checklist: ChecklistStep[];
  /** The latest tick or untick of each step, so the panel can say who unticked it and when. */
  lastChange: Record<string, { ticked: boolean; by: string; at: string }>;
  /** Whether the member may tick checklist steps on this order (`can(…, 'tick-checklist-step', …)`). */
  canTick: boolean;
  /** Whether the member may mark the order reviewed and add notes (`can(…, 'annotate-order', …)`). */
  canAnnotate: boolean;
  /** Whether the member may record reassignment steps (`can(…, 'reassign-order', …)`). */
  canReassign: boolean;
  /** In holding: where and how it may go; reassignment in progress: where it is going; else null. */
  reassignment: ReassignmentView | null;
  /** Member names by id, to say who ticked what (an unknown id is shown as is). */
  memberNames: Record<string, string>;
  /** Every line with its own status and place: lines of one order may sit in different accounts. */
  lines?: LineView[];
  /** Some lines reassigned or being reassigned while others still wait in holding. */
  partial?: boolean;
  /** Reassignments under way for some lines while others still wait (shown beside `reassignment`). */
  underway?: UnderwayView[];
  /** In its distributor's holding account: the reseller's holding accounts it may be handed to. */
  handOff?: HandOffView | null;
}

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
   * not the scope) with their findings, under one heading counting every order in holding. Shown
   * while the fresh list — every visible order read, every rule run — is computed.
   */
  oldestInHolding(memberId: string, now: Date): Promise<FirstScreen>;
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

function reassignmentView(
  order: Order,
  snapshot: HoldfastSnapshot,
  placeName: ReturnType<typeof placeNames>,
): ReassignmentView | null {
  const state = orderState(order);
  if (state.status === 'in-holding') {
    const { portalClosed, targets, customerKnown, defaultTarget, ways } = reassignmentOptions(order, snapshot);
    const lines = choosableLines(order, state);
    return {
      stage: 'not-started',
      targets,
      customerKnown,
      defaultTarget,
      ways,
      portalClosed: portalClosed && { reason: portalClosed.reason, citation: citationText(portalClosed.citation) },
      ...(lines ? { lines } : {}),
    };
  }
  if (state.status !== 'reassignment-in-progress') return null;
  return underwayViews(order, state, placeName)[0] ?? null;
}

export function createSidePanelService(
  store: HoldfastStore,
  preferences: PreferencesStore,
  firstScreen: FirstScreenCache,
  { world, allowed }: OrderWorld,
): SidePanelService {
  const orders = async (memberId: string, now: Date): Promise<OrdersView> => {
    const { rows, item } = await world(memberId, now);
    const items = rows.map(item);
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
      const [page, counts] = await Promise.all([
        store.ordersPage(memberId, { status: 'in-holding', limit: FIRST_SCREEN_ENTRIES }),
        store.countByStatus(memberId),
      ]);
      const { item } = await world(memberId, now, page.rows);
      const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
      const heading: ListEntry = {
        kind: 'heading',
        key: 'h:oldest-in-holding',
        title: 'Oldest in holding',
        count: counts['in-holding'],
      };
      const rows: ListEntry[] = page.rows.map((row) => ({
        kind: 'order',
        key: `o:${row.salesOrderNumber}`,
        item: item(row),
      }));
      return { memberId, total, entries: rows.length ? [heading, ...rows] : [] };
    },
    async orderDetail(memberId, salesOrderNumber, now) {
      const row = await store.getOrder(memberId, salesOrderNumber);
      if (!row) return null;
      const [{ snapshot, item, placeName }, progress] = await Promise.all([
        world(memberId, now, [row]),
        store.checklistProgress(salesOrderNumber),
      ]);
      const view = item(row);
      const state = orderState(row.order);
      return {
        item: view,
        history: [...row.order.history].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
        findings: bySeverity(view.findings).map(findingView),
        facts: {
          webOrderId: row.order.webOrderId,
          poNumber: row.order.poNumber,
          customerDomain: row.order.endCustomer.emailDomain,
        },
        asked: lastAsked(row.order.history, now),
        checklist: reassignmentChecklist(row.order, snapshot, Object.values(progress)),
        lastChange: Object.fromEntries(
          Object.entries(progress).map(([step, t]) => [step, { ticked: t.ticked, by: t.by, at: t.at }]),
        ),
        canTick: allowed(snapshot, memberId, row, 'tick-checklist-step'),
        canAnnotate: allowed(snapshot, memberId, row, 'annotate-order'),
        canReassign: allowed(snapshot, memberId, row, 'reassign-order'),
        reassignment: reassignmentView(row.order, snapshot, placeName),
        memberNames: Object.fromEntries(snapshot.members.map((m) => [m.id, m.name])),
        lines: lineViews(row.order, state, placeName),
        partial: state.partial,
        underway: state.status === 'in-holding' ? underwayViews(row.order, state, placeName) : [],
        handOff: handOffView(row.order, state, snapshot, placeName),
      };
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
      if (action.type === 'handed-to-reseller') {
        // Named by its Virtual Account; the store checks it is the order's reseller's holding account.
        const { smartAccounts, virtualAccounts } = await readDirectory(store);
        const va = virtualAccounts.find((v) => v.id === action.targetVirtualAccountId);
        const sa = va && smartAccounts.find((a) => a.id === va.smartAccountId);
        if (!va || !sa) throw new Error(`Virtual Account ${action.targetVirtualAccountId} is not known here.`);
        await record({
          type: 'handed-to-reseller',
          assignment: { smartAccountId: sa.id, virtualAccountId: va.id, kind: sa.kind },
          ...stamp,
        });
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

import {
  actorOf,
  can,
  citationText,
  evaluateRules,
  HOLDFAST_FORMAT,
  orderState,
  reassignmentChecklist,
  reassignmentOptions,
  subjectKey,
  type Action,
  type ChecklistStep,
  type Finding,
  type HoldfastSnapshot,
  type Member,
  type OrderEvent,
  type OrderEventInput,
  type Order,
  type ReassignmentTarget,
  type ReassignmentWay,
  type RuleSettings,
} from '@holdfast/core';
import {
  isOnHoldBucket,
  type HoldfastStore,
  type ImportOutcome,
  type ImportProgress,
  type OrderRow,
} from '@holdfast/core/store';
import type { OrderAction } from '../messaging/team-messages.ts';
import type { SharedWrites } from './shared-writes.ts';
import type { FirstScreen, FirstScreenCache } from './first-screen.ts';
import { readPortalAdvice, type PortalAdvice } from './portal-advice.ts';
import { buildOrderList, needsAction, NO_FILTERS, toOrderItem, type OrderItem } from './order-list.ts';
import { agingBands, type AgeBand } from './aging.ts';
import { lastAsked } from './ask-customer.ts';
import { bySeverity, findingView, type FindingView } from './finding-view.ts';
import type { PreferencesStore } from './preferences.ts';
import { claimHoldingAccount, readWhoIAm, type WhoIAm } from './who-i-am.ts';
import {
  choosableLines,
  handOffView,
  lineViews,
  underwayViews,
  type HandOffView,
  type LineView,
  type UnderwayView,
} from './order-lines.ts';

export type { HandOffView, LineView, UnderwayView } from './order-lines.ts';

export type { FindingView } from './finding-view.ts';

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

export interface HoldfastSummary {
  inHolding: number;
  overdue: number;
  dueForReview: number;
  /** Orders that need action, overdue first, then oldest. */
  urgent: OrderItem[];
  /** Orders waiting for their customer by age band, for the popup's chart. */
  aging: AgeBand[];
}

export interface MemberChoice {
  id: string;
  label: string;
}

/** The view-model layer between the UI and core's store: components call only this. */
export interface HoldfastService {
  members(): Promise<MemberChoice[]>;
  /** Members with their roles, the holding accounts one may name instead, and how many orders are stored. */
  whoIAm(): Promise<WhoIAm>;
  /** "I am not in this file: my holding account is …": stores a local member for it, returns its id. */
  claimHoldingAccount(smartAccountId: string, now: Date): Promise<string>;
  orders(memberId: string, now: Date): Promise<OrdersView>;
  /** The top of the list as last kept in this browser session, for whichever member it was. */
  firstScreen(): Promise<FirstScreen | null>;
  /** Keeps the top of a member's unfiltered list for the next panel to open with. */
  keepFirstScreen(screen: FirstScreen): Promise<void>;
  /** Computes the chosen member's list and keeps its top (the background does, while no panel is open). */
  refreshFirstScreen(now: Date): Promise<void>;
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
  summary(memberId: string, now: Date): Promise<HoldfastSummary>;
  portalAdvice(
    memberId: string,
    salesOrderNumber: string,
    smartAccount: { value: string; label: string },
    /** The end customer the page names: for a new order (not stored), its account is found by name or domain. */
    customerName?: string,
  ): Promise<PortalAdvice | null>;
  importFile(
    /** The file's text, or its bytes (an `.xlsx` workbook is read from its bytes). */
    content: string | Uint8Array,
    fileName: string,
    memberId: string | null,
    now: Date,
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<ImportOutcome>;
  exportJson(now: Date): Promise<string>;
  exportCsv(): Promise<string>;
  settings(): Promise<RuleSettings>;
  updateSettings(change: Partial<RuleSettings>): Promise<RuleSettings>;
  /** Calls `listener` after any change to the store or the preferences, from this page, the background (sync) or another page. */
  onChange(listener: () => void): () => void;
  readonly preferences: PreferencesStore;
}

const ON_HOLD_NAME = 'On Smart Account hold';
/** Large reads are cheaper in IndexedDB than many small ones; a member rarely sees more. */
const ROWS_PER_READ = 10_000;

async function allVisibleRows(store: HoldfastStore, memberId: string): Promise<OrderRow[]> {
  const rows: OrderRow[] = [];
  let page = await store.ordersPage(memberId, { limit: ROWS_PER_READ });
  rows.push(...page.rows);
  while (page.next) {
    page = await store.ordersPage(memberId, { limit: ROWS_PER_READ, after: page.next });
    rows.push(...page.rows);
  }
  return rows;
}

type Directory = Omit<HoldfastSnapshot, 'format' | 'exportedAt' | 'orders' | 'checklistTicks'>;

async function readDirectory(store: HoldfastStore): Promise<Directory> {
  const { db } = store;
  const settings = await store.settings();
  return db.transaction(
    'r',
    [db.organizations, db.smartAccounts, db.virtualAccounts, db.members, db.roleGrants],
    async () => ({
      organizations: await db.organizations.toArray(),
      smartAccounts: await db.smartAccounts.toArray(),
      virtualAccounts: await db.virtualAccounts.toArray(),
      members: await db.members.toArray(),
      roleGrants: await db.roleGrants.toArray(),
      settings,
    }),
  );
}

/**
 * A snapshot of the whole directory with only the given orders. No rule reads checklist ticks, so
 * none are read here; an order's detail reads its own.
 */
function scopedSnapshot(directory: Directory, rows: readonly OrderRow[], now: Date): HoldfastSnapshot {
  return {
    format: HOLDFAST_FORMAT,
    exportedAt: now.toISOString(),
    ...directory,
    orders: rows.map((r) => r.order),
    checklistTicks: [],
  };
}

/** Names a place as "Smart Account / Virtual Account", as the portal does; an unknown id shows as is. */
function placeNames(
  directory: Pick<HoldfastSnapshot, 'smartAccounts' | 'virtualAccounts'>,
): (smartAccountId: string, virtualAccountId: string) => string {
  const accounts = new Map(directory.smartAccounts.map((sa) => [sa.id, sa.name]));
  const virtualAccounts = new Map(directory.virtualAccounts.map((va) => [va.id, va.name]));
  return (smartAccountId, virtualAccountId) =>
    `${accounts.get(smartAccountId) ?? smartAccountId} / ${virtualAccounts.get(virtualAccountId) ?? virtualAccountId}`;
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

const NO_FIRST_SCREEN: FirstScreenCache = { read: async () => null, save: async () => {} };

export function createHoldfastService(
  store: HoldfastStore,
  preferences: PreferencesStore,
  firstScreen = NO_FIRST_SCREEN,
): HoldfastService {
  /**
   * Orders with their findings: the member's whole scope, or the `only` ones given. Rules run over
   * a snapshot holding the directory and just those orders: an order's findings depend on itself
   * and the directory alone (a rules test checks it), so one order's detail never reads the rest.
   */
  const world = async (memberId: string, now: Date, only?: OrderRow[]) => {
    const [rows, directory, hidden] = await Promise.all([
      only ?? allVisibleRows(store, memberId),
      readDirectory(store),
      store.hiddenFindingKeys(now),
    ]);
    const snapshot = scopedSnapshot(directory, rows, now);
    const findings = evaluateRules(snapshot, now).filter((f) => !hidden.has(`${f.ruleId}|${subjectKey(f.subject)}`));
    const byOrder = new Map<string, Finding[]>();
    for (const finding of findings) {
      if (finding.subject.kind !== 'order') continue;
      const list = byOrder.get(finding.subject.salesOrderNumber) ?? [];
      list.push(finding);
      byOrder.set(finding.subject.salesOrderNumber, list);
    }
    const placeName = placeNames(snapshot);
    const vaName = (row: OrderRow) =>
      isOnHoldBucket(row.virtualAccountId) ? ON_HOLD_NAME : placeName(row.smartAccountId, row.virtualAccountId);
    const item = (row: OrderRow) => toOrderItem(row, byOrder.get(row.salesOrderNumber) ?? [], vaName(row), now);
    return { snapshot, rows, item, placeName };
  };

  const allowed = (snapshot: HoldfastSnapshot, memberId: string, row: OrderRow, action: Action): boolean => {
    const member: Member | undefined = snapshot.members.find((m) => m.id === memberId);
    const smartAccount = snapshot.smartAccounts.find((sa) => sa.id === row.smartAccountId);
    if (!member || !smartAccount) return false;
    return can(actorOf(member, snapshot.roleGrants), action, { smartAccount, virtualAccountId: row.virtualAccountId });
  };

  const orders = async (memberId: string, now: Date): Promise<OrdersView> => {
    const { rows, item } = await world(memberId, now);
    const items = rows.map(item);
    const virtualAccounts = [...new Map(items.map((i) => [i.virtualAccountId, i.virtualAccountName])).entries()]
      .map(([id, name]) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { items, virtualAccounts };
  };

  return {
    preferences,
    async members() {
      const snapshot = await store.exportSnapshot(new Date(0));
      const orgNames = new Map(snapshot.organizations.map((o) => [o.id, o.name]));
      return snapshot.members
        .map((m) => ({ id: m.id, label: `${m.name} (${orgNames.get(m.organizationId) ?? m.organizationId})` }))
        .sort((a, b) => a.label.localeCompare(b.label));
    },
    whoIAm: () => readWhoIAm(store),
    claimHoldingAccount: (smartAccountId, now) => claimHoldingAccount(store, smartAccountId, now),
    orders,
    firstScreen: () => firstScreen.read(),
    keepFirstScreen: (screen) => firstScreen.save(screen),
    async refreshFirstScreen(now) {
      const { memberId } = await preferences.read();
      if (!memberId) return;
      const { items } = await orders(memberId, now);
      await firstScreen.save({ memberId, total: items.length, entries: buildOrderList(items, NO_FILTERS) });
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
    async summary(memberId, now) {
      const { rows, item } = await world(memberId, now);
      const items = rows.map(item);
      const due = await store.dueForReview(memberId, { now, limit: 10000 });
      const isOverdue = (i: OrderItem) => i.findings.some((f) => f.overdue);
      const urgent = items
        .filter(needsAction)
        .sort((a, b) => Number(isOverdue(b)) - Number(isOverdue(a)) || (a.since < b.since ? -1 : 1))
        .slice(0, 3);
      return {
        inHolding: items.filter((i) => i.status === 'in-holding').length,
        overdue: items.filter(isOverdue).length,
        dueForReview: due.rows.length,
        urgent,
        aging: agingBands(items),
      };
    },
    portalAdvice: (memberId, salesOrderNumber, chosen, customerName) =>
      readPortalAdvice(store, memberId, salesOrderNumber, chosen, customerName),
    importFile: (content, fileName, memberId, now, onProgress) =>
      store.importFile(content, { fileName, now, actorId: memberId ?? 'options-page', onProgress }),
    exportJson: (now) => store.backupJson(now),
    exportCsv: () => store.exportOrdersCsv(),
    settings: () => store.settings(),
    updateSettings: (change) => store.updateSettings(change),
    onChange(listener) {
      const stops = [store.onChange(listener), preferences.watch(listener)];
      return () => stops.forEach((stop) => stop());
    },
  };
}

import {
  activeLines,
  type HoldfastSnapshot,
  linesInHolding,
  linesOnHold,
  ORDER_STATUS_LABELS,
  type LineFulfilment,
  type Order,
  type OrderState,
  type OrderStatus,
  type ReassignmentWay,
} from '@holdfast/core';

/** One order line as the detail lists it: what it is, CCW's status, and where it sits now. */
export interface LineView {
  lineNumber: number;
  /** As CCW names it: "1.0", "2.1" (or Holdfast's number when the file gave no dotted id). */
  label: string;
  sku: string;
  quantity: number;
  /** CCW's words: Entered, Booked, Shipped, Cancelled. */
  fulfilment: string;
  status: OrderStatus;
  /** "On Smart Account hold", "In holding", …; "Needs nothing" for a cancelled line. */
  statusLabel: string;
  /** "Smart Account / Virtual Account", or "On Smart Account hold". */
  place: string;
  cancelled: boolean;
}

/** A reassignment under way for some lines, to be marked delivered or cancelled for just those. */
export interface UnderwayView {
  stage: 'started';
  target: string;
  via: ReassignmentWay;
  startedAt: string;
  by: string;
  /** The lines it moves, when not the whole order: delivered and cancelled then name them. */
  lines?: { lineNumber: number; label: string }[];
}

const FULFILMENT_WORDS: Record<LineFulfilment, string> = {
  open: 'Entered',
  booked: 'Booked',
  shipped: 'Shipped',
  cancelled: 'Cancelled',
};

const labelOf = (order: Pick<Order, 'lines'>, n: number) =>
  order.lines.find((l) => l.lineNumber === n)?.lineId ?? String(n);

/** Every line of the order with its own status and place (line-level and partial reassignment). */
export function lineViews(
  order: Order,
  state: OrderState,
  placeName: (smartAccountId: string, virtualAccountId: string) => string,
): LineView[] {
  return order.lines.map((line) => {
    const placement = state.placements[line.lineNumber];
    const fulfilment = state.lines[line.lineNumber] ?? 'open';
    const status = placement?.status ?? state.status;
    const holder = placement?.holder ?? null;
    const cancelled = fulfilment === 'cancelled';
    return {
      lineNumber: line.lineNumber,
      label: line.lineId ?? String(line.lineNumber),
      sku: line.sku,
      quantity: line.quantity,
      fulfilment: FULFILMENT_WORDS[fulfilment],
      status,
      statusLabel: cancelled ? 'Needs nothing' : ORDER_STATUS_LABELS[status],
      place: holder ? placeName(holder.smartAccountId, holder.virtualAccountId) : 'On Smart Account hold',
      cancelled,
    };
  });
}

/**
 * The lines a new reassignment can take: those still in holding, named, when the order has more
 * than one line that needs something (else the whole order goes and there is nothing to choose).
 */
export function choosableLines(order: Order, state: OrderState): { lineNumber: number; label: string }[] | undefined {
  if (activeLines(state).length < 2) return undefined;
  return linesInHolding(state).map((n) => ({ lineNumber: n, label: labelOf(order, n) }));
}

/** Each reassignment under way, with its lines when it moves only part of the order. */
export function underwayViews(
  order: Order,
  state: OrderState,
  placeName: (smartAccountId: string, virtualAccountId: string) => string,
): UnderwayView[] {
  const active = activeLines(state);
  const groups = new Map<string, { view: UnderwayView; lineNumbers: number[] }>();
  for (const n of active) {
    const r = state.placements[n]?.reassignment;
    if (!r || state.placements[n]?.status !== 'reassignment-in-progress') continue;
    const key = `${r.startedAt}|${r.by}|${r.target.virtualAccountId}|${r.via}`;
    const group = groups.get(key) ?? {
      view: {
        stage: 'started' as const,
        target: placeName(r.target.smartAccountId, r.target.virtualAccountId),
        via: r.via,
        startedAt: r.startedAt,
        by: r.by,
      },
      lineNumbers: [],
    };
    group.lineNumbers.push(n);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ view, lineNumbers }) =>
    lineNumbers.length === active.length
      ? view
      : { ...view, lines: lineNumbers.map((n) => ({ lineNumber: n, label: labelOf(order, n) })) },
  );
}

/** Where a distributor may hand an order it parked in its own holding account: its reseller's. */
export interface HandOffView {
  distributor: string;
  reseller: string;
  /** The Virtual Accounts of the reseller's Partner Holding Accounts. */
  targets: { virtualAccountId: string; label: string }[];
}

/**
 * "If a distributor creates the software license order in Cisco Commerce Workspace (CCW), the
 * distributor can assign the order to their reseller’s Partner Holding Account." Offered while the
 * whole order sits in holding in an account of the order's distributor, for a reseller Holdfast
 * knows as an organisation; null otherwise (the store checks the same before it records it).
 */
export function handOffView(
  order: Order,
  state: OrderState,
  directory: Pick<HoldfastSnapshot, 'smartAccounts' | 'virtualAccounts'>,
  placeName: (smartAccountId: string, virtualAccountId: string) => string,
): HandOffView | null {
  const { distributor, reseller } = order;
  if (state.status !== 'in-holding' || state.partial || !state.holder) return null;
  if (!distributor?.organizationId || !reseller?.organizationId) return null;
  const from = directory.smartAccounts.find((sa) => sa.id === state.holder!.smartAccountId);
  if (from?.organizationId !== distributor.organizationId || reseller.organizationId === distributor.organizationId)
    return null;
  const accounts = new Set(
    directory.smartAccounts
      .filter((sa) => sa.kind === 'partner-holding' && sa.organizationId === reseller.organizationId)
      .map((sa) => sa.id),
  );
  const targets = directory.virtualAccounts
    .filter((va) => accounts.has(va.smartAccountId))
    .map((va) => ({ virtualAccountId: va.id, label: placeName(va.smartAccountId, va.id) }));
  return { distributor: distributor.name, reseller: reseller.name, targets };
}

/** Where an order on Smart Account hold may be assigned, and which of its lines. */
export interface AssignmentView {
  /** The customer's accounts (or every customer account, theirs first) and the partner's own holding accounts. */
  targets: { virtualAccountId: string; label: string }[];
  /** The lines still on hold to choose from, when more than one line needs something (each line is assigned whole). */
  lines?: { lineNumber: number; label: string }[];
  /** Some lines already have their account. */
  partial: boolean;
}

/**
 * Assigning an order out of Smart Account hold, line by line as Cisco applies it ("Smart Account
 * Assignment and Reassignment are always applied to the entire order line", LIC222301): to an
 * active Customer Smart Account (`customerTargets`, the reassignment's own list) or the partner's
 * own Partner Holding Account. Null unless some line is on hold and the file said where it is.
 */
export function assignmentView(
  order: Order,
  state: OrderState,
  directory: Pick<HoldfastSnapshot, 'smartAccounts' | 'virtualAccounts'>,
  customerTargets: readonly { assignment: { virtualAccountId: string }; label: string }[],
  placeName: (smartAccountId: string, virtualAccountId: string) => string,
): AssignmentView | null {
  const waiting = linesOnHold(state);
  if (state.status !== 'on-hold' || waiting.length === 0) return null;
  // "the hold is released once an active account is assigned": pending accounts are not offered.
  const active = new Set(directory.smartAccounts.filter((sa) => sa.status !== 'pending').map((sa) => sa.id));
  const partner = order.reseller?.organizationId ?? order.distributor?.organizationId;
  const holding = new Set(
    directory.smartAccounts
      .filter((sa) => sa.kind === 'partner-holding' && sa.organizationId === partner && active.has(sa.id))
      .map((sa) => sa.id),
  );
  const customer = customerTargets
    .filter((t) =>
      active.has(directory.virtualAccounts.find((va) => va.id === t.assignment.virtualAccountId)?.smartAccountId ?? ''),
    )
    .map((t) => ({ virtualAccountId: t.assignment.virtualAccountId, label: t.label }));
  const own = directory.virtualAccounts
    .filter((va) => holding.has(va.smartAccountId))
    .map((va) => ({ virtualAccountId: va.id, label: `${placeName(va.smartAccountId, va.id)} (your holding account)` }));
  return {
    targets: [...customer, ...own],
    ...(activeLines(state).length > 1
      ? { lines: waiting.map((n) => ({ lineNumber: n, label: labelOf(order, n) })) }
      : {}),
    partial: state.partial,
  };
}

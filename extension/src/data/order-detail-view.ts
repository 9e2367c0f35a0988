import {
  citationText,
  orderState,
  reassignmentChecklist,
  reassignmentOptions,
  type Action,
  type ChecklistStep,
  type ChecklistTick,
  type Finding,
  type HoldfastSnapshot,
  type OrderEvent,
  type Order,
  type ReassignmentTarget,
  type ReassignmentWay,
} from '@holdfast/core';
import type { OrderRow } from '@holdfast/core/store';
import { lastAsked } from './ask-customer.ts';
import { bySeverity, findingView, type FindingView } from './finding-view.ts';
import type { OrderItem } from './order-list.ts';
import {
  assignmentView,
  choosableLines,
  handOffView,
  type AssignmentView,
  lineViews,
  underwayViews,
  type HandOffView,
  type LineView,
  type UnderwayView,
} from './order-lines.ts';
import type { placeNames } from './order-world.ts';

// One order's detail as the side panel shows it: actions first, findings by severity, lines, the
// checklist with who ticked what. Plain data in, plain data out: the service reads, this arranges.

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
  item: OrderItem<Finding>;
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
  /** On Smart Account hold: the accounts its lines may be assigned to, and which lines. */
  assignment?: AssignmentView | null;
  /** Handed to the reseller: the end of the distributor's record, said with where and when. */
  handedOn?: { to: string; at: string; by: string } | null;
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

export interface OrderDetailInput {
  row: OrderRow;
  item: OrderItem<Finding>;
  snapshot: HoldfastSnapshot;
  placeName: ReturnType<typeof placeNames>;
  /** The latest tick or untick of each checklist step, by step id. */
  progress: Record<string, ChecklistTick>;
  /** Whether the member may take the action on this order (`can()`). */
  may(action: Action): boolean;
  now: Date;
}

export function orderDetailView({ row, item, snapshot, placeName, progress, may, now }: OrderDetailInput): OrderDetail {
  const state = orderState(row.order);
  return {
    item,
    history: [...row.order.history].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
    findings: bySeverity(item.findings).map(findingView),
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
    canTick: may('tick-checklist-step'),
    canAnnotate: may('annotate-order'),
    canReassign: may('reassign-order'),
    reassignment: reassignmentView(row.order, snapshot, placeName),
    memberNames: Object.fromEntries(snapshot.members.map((m) => [m.id, m.name])),
    lines: lineViews(row.order, state, placeName),
    partial: state.partial,
    underway: state.status === 'in-holding' ? underwayViews(row.order, state, placeName) : [],
    handOff: handOffView(row.order, state, snapshot, placeName),
    assignment: assignmentView(
      row.order,
      state,
      snapshot,
      state.status === 'on-hold' ? reassignmentOptions(row.order, snapshot).targets : [],
      placeName,
    ),
    handedOn: state.handedOn && {
      to: placeName(state.handedOn.to.smartAccountId, state.handedOn.to.virtualAccountId),
      at: state.handedOn.at,
      by: state.handedOn.by,
    },
  };
}

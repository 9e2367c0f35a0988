import { possessive } from '../rules/possessive.ts';
import type { ChecklistTick } from '../domain/checklist-tick.ts';
import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import { orderState } from '../domain/lifecycle.ts';
import { allLinesCancelled, closedLines, linesInHolding } from '../domain/lifecycle-lines.ts';
import type { OrderState } from '../domain/lifecycle-state.ts';
import { isAssignableOrder, lineLabels, type Order } from '../domain/order.ts';
import { isPublicEmailDomain } from '../domain/public-email-domains.ts';
import { isPartnerOn } from '../domain/role.ts';
import { CITATIONS, type Citation } from '../citations/citation.ts';
import { indexSnapshot, type SnapshotIndex } from '../rules/snapshot-index.ts';
import { assignmentUnknown, linesStillOnHold, pendingAccountOf } from '../rules/next-step.ts';

export const CHECKLIST_STEP_IDS = [
  'activate-pending-account',
  'assign-active-account',
  'identify-customer-account',
  'choose-target-virtual-account',
  'confirm-delegated-role',
  'reassign-in-portal',
  'reassign-by-support-case-or-transfer',
  'customer-accepts-agreement',
  'confirm-delivery',
] as const;
export type ChecklistStepId = (typeof CHECKLIST_STEP_IDS)[number];

export interface ChecklistStep {
  id: ChecklistStepId;
  title: string;
  /** What to do, written for what is known about this order. */
  detail: string;
  citation: Citation | null;
  /** The latest tick wins; unticking records who and when too. */
  done: { by: string; at: string } | null;
}

/** Reduces tick events to the current state of each step: the latest tick (by time, then member) wins. */
export function latestTicks(salesOrderNumber: string, ticks: readonly ChecklistTick[]): Map<string, ChecklistTick> {
  const latest = new Map<string, ChecklistTick>();
  for (const tick of ticks) {
    if (tick.salesOrderNumber !== salesOrderNumber) continue;
    const current = latest.get(tick.stepId);
    if (!current || tick.at > current.at || (tick.at === current.at && tick.by > current.by))
      latest.set(tick.stepId, tick);
  }
  return latest;
}

interface Known {
  order: Order;
  state: OrderState;
  index: SnapshotIndex;
  snapshot: HoldfastSnapshot;
}

function identifyStep({ order }: Known): Omit<ChecklistStep, 'done'> {
  const { name, emailDomain, smartAccountId } = order.endCustomer;
  if (smartAccountId) {
    return {
      id: 'identify-customer-account',
      title: "Confirm the customer's Smart Account",
      detail: `${possessive(name)} Smart Account is known (${smartAccountId}); confirm it with the customer.`,
      citation: CITATIONS.assignDirectly,
    };
  }
  if (!emailDomain) {
    return {
      id: 'identify-customer-account',
      title: "Identify the customer's Smart Account",
      detail: `Ask ${name} for their Smart Account, or have them create one (the file gave no e-mail domain to search CCW by; search by name).`,
      citation: CITATIONS.findAccountByDomainOrName,
    };
  }
  if (isPublicEmailDomain(emailDomain)) {
    return {
      id: 'identify-customer-account',
      title: 'Have the customer create a Limited Use Smart Account',
      detail: `${name} uses ${emailDomain}, a public e-mail domain: a Limited Use Smart Account is the kind for them.`,
      citation: CITATIONS.limitedUse,
    };
  }
  return {
    id: 'identify-customer-account',
    title: "Identify the customer's Smart Account",
    detail: `Ask ${name} (${emailDomain}) for their Smart Account, or have them create one.`,
    citation: CITATIONS.mustTransfer,
  };
}

/** An order on Smart Account hold first needs an active account: "the hold is going to be released". */
function holdStep({ order, state, index }: Known): Omit<ChecklistStep, 'done'> | null {
  if (state.status !== 'on-hold') return null;
  if (assignmentUnknown(order)) {
    return {
      id: 'assign-active-account',
      title: 'Check in CCW which Smart Account holds the order',
      detail: `The file (the CCW order API) does not say where order ${order.salesOrderNumber} is assigned: open it in CCW ("View or change Smart Account Assignments"); if it has no active Smart Account, assign one.`,
      citation: CITATIONS.smartAccountHold,
    };
  }
  const pending = pendingAccountOf(order, state);
  if (pending) {
    return {
      id: 'activate-pending-account',
      title: 'Have the customer activate their pending Smart Account',
      detail: `Order ${order.salesOrderNumber} was placed with "${index.accountName(pending)}", which is still pending: ${order.endCustomer.name} activates it (or assign an active Smart Account in CCW instead).`,
      citation: CITATIONS.smartAccountHold,
    };
  }
  // Partly assigned: the step names the lines still on hold (each line is assigned whole).
  const partly = linesStillOnHold(order, state);
  return {
    id: 'assign-active-account',
    title: 'Assign an active Smart Account in CCW',
    detail: `${partly ? `Order ${order.salesOrderNumber}: ${partly} still` : `Order ${order.salesOrderNumber}`} ${partly?.startsWith('lines') ? 'have' : 'has'} no Smart Account: in CCW, open it and choose "View or change Smart Account Assignments"; assign ${possessive(order.endCustomer.name)} account if they have one, else your Partner Holding Account.`,
    citation: CITATIONS.releaseHold,
  };
}

function targetStep({ order, snapshot, index }: Known): Omit<ChecklistStep, 'done'> {
  const accountId = order.endCustomer.smartAccountId;
  const restricted = accountId
    ? snapshot.virtualAccounts.filter((va) => va.smartAccountId === accountId && va.restricted)
    : [];
  const detail = restricted.length
    ? `Choose the Virtual Account in "${index.accountName(accountId!)}". Restricted ones (${restricted.map((va) => `"${va.name}"`).join(', ')}) are not listed in CCW: type the exact name.`
    : "Choose the Virtual Account in the customer's Smart Account; with none, the order lands in the Default Virtual Account.";
  return {
    id: 'choose-target-virtual-account',
    title: 'Choose the target Virtual Account',
    detail,
    citation: restricted.length ? CITATIONS.restrictedVirtualAccount : null,
  };
}

function delegatedRoleStep({ order, snapshot, index }: Known): Omit<ChecklistStep, 'done'> | null {
  const accountId = order.endCustomer.smartAccountId;
  const account = accountId ? index.smartAccount(accountId) : undefined;
  const partnerOrganizationId = order.reseller?.organizationId;
  if (!account || !partnerOrganizationId) return null;
  const partnerGrants = snapshot.roleGrants.filter((g) => {
    const member = index.member(g.memberId);
    return (
      g.smartAccountId === account.id &&
      member?.organizationId === partnerOrganizationId &&
      isPartnerOn(member, account)
    );
  });
  if (partnerGrants.length === 0) return null; // the partner will not manage this customer's account
  const granted = partnerGrants.every((g) => g.grantedByCustomer);
  return {
    id: 'confirm-delegated-role',
    title: "Confirm the partner's role granted by the customer",
    detail: granted
      ? `The customer granted ${partnerGrants.length} role(s) on "${account.name}" to the partner; confirm they are still what the partner needs.`
      : `A partner role on "${account.name}" was not granted by the customer: ask the customer to grant it explicitly.`,
    citation: CITATIONS.customerGrant,
  };
}

function reassignStep({ order, state }: Known): Omit<ChecklistStep, 'done'> {
  const closed = closedLines(state);
  if (closed.length > 0) {
    return {
      id: 'reassign-by-support-case-or-transfer',
      title: 'Open a licensing support case or request an asset transfer',
      detail: `Line${closed.length > 1 ? 's' : ''} ${lineLabels(order, closed)} already booked or shipped: CCW cannot reassign; the holding account's administrator approves an asset transfer.`,
      citation: CITATIONS.portalReassignmentEnds,
    };
  }
  const waiting = linesInHolding(state);
  return {
    id: 'reassign-in-portal',
    title: 'Reassign the order in CCW',
    detail: state.partial
      ? `Reassign line${waiting.length > 1 ? 's' : ''} ${lineLabels(order, waiting)}, still in holding, to the customer's Smart Account and Virtual Account in Cisco Commerce Workspace (each line moves whole; the others have left holding).`
      : "Reassign every order line to the customer's Smart Account and Virtual Account in Cisco Commerce Workspace.",
    citation: CITATIONS.reassignSoon,
  };
}

/**
 * The Smart Licensing Agreement is accepted once per Smart Account, by its Administrator or
 * Approver — not once per order, and never by a partner. The step asks whether the customer's
 * account has accepted it, and disappears once an acceptance by the customer is recorded.
 */
function agreementStep({ order, snapshot, index }: Known): Omit<ChecklistStep, 'done'> | null {
  const accountId = order.endCustomer.smartAccountId;
  const account = accountId ? index.smartAccount(accountId) : undefined;
  if (account) {
    const accepted = snapshot.orders.some((o) =>
      o.history.some((e) => {
        if (e.type !== 'agreement-accepted' || e.smartAccountId !== account.id) return false;
        const member = index.member(e.by);
        return member !== undefined && !isPartnerOn(member, account);
      }),
    );
    if (accepted) return null;
  }
  const name = account ? `"${account.name}"` : `${possessive(order.endCustomer.name)} Smart Account`;
  return {
    id: 'customer-accepts-agreement',
    title: "Has the customer's Smart Account accepted the Smart Licensing Agreement?",
    detail: `Once per Smart Account: ${name} accepts it through its Administrator or Approver; a partner may not accept it on the customer's behalf.`,
    citation: CITATIONS.agreementsByAdministratorOrApprover,
  };
}

const deliveryStep: Omit<ChecklistStep, 'done'> = {
  id: 'confirm-delivery',
  title: 'Confirm delivery and subscription start',
  detail:
    'Check with the customer that the licenses are in their Smart Account: the subscription timer starts on delivery.',
  citation: CITATIONS.subscriptionTimer,
};

/**
 * The reassignment checklist of an order in holding (or on Smart Account hold, or being
 * reassigned): the steps that apply to what is known about it, each with who ticked it and when.
 * Returns an empty list for an order that has reached the customer, or whose every line was
 * cancelled. Lines already reassigned, or cancelled, are left out of the reassignment step.
 */
export function reassignmentChecklist(
  order: Order,
  snapshot: HoldfastSnapshot,
  ticks: readonly ChecklistTick[] = snapshot.checklistTicks,
): ChecklistStep[] {
  if (!isAssignableOrder(order)) return []; // EA and stocking orders are not assigned to a Smart Account
  const state = orderState(order);
  // Nothing left to do here: delivered, or handed to the reseller (whose team reassigns it).
  if (state.status === 'delivered' || state.status === 'consuming' || state.status === 'handed-on') return [];
  if (allLinesCancelled(state)) return []; // a cancelled line needs nothing
  const known: Known = { order, state, index: indexSnapshot(snapshot), snapshot };
  const latest = latestTicks(order.salesOrderNumber, ticks);
  const steps = [
    holdStep(known),
    identifyStep(known),
    targetStep(known),
    delegatedRoleStep(known),
    state.status === 'on-hold' ? null : reassignStep(known),
    agreementStep(known),
    deliveryStep,
  ].filter((step): step is Omit<ChecklistStep, 'done'> => step !== null);
  return steps.map((step) => {
    const tick = latest.get(step.id);
    return { ...step, done: tick?.ticked ? { by: tick.by, at: tick.at } : null };
  });
}

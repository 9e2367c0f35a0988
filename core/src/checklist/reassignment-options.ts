import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import { orderState } from '../domain/lifecycle.ts';
import { closedLines } from '../domain/lifecycle-lines.ts';
import type { Assignment, OrderEvent } from '../domain/order-event.ts';
import { lineLabels, type EndCustomer, type Order } from '../domain/order.ts';
import { isPublicEmailDomain } from '../domain/public-email-domains.ts';
import { isCustomerOwned, type SmartAccount } from '../domain/smart-account.ts';
import { CITATIONS, type Citation } from '../citations/citation.ts';

/** How the licenses are moved: the portal while it still can, else a support case or an asset transfer. */
export type ReassignmentWay = Extract<OrderEvent, { type: 'reassignment-started' }>['via'];

/** Why a target is offered: it is the customer's account, or its domain or name matches the end customer. */
export type TargetMatch = 'customer' | 'domain' | 'name' | 'none';

export interface ReassignmentTarget {
  assignment: Assignment;
  /** "Smart Account / Virtual Account", as the portal lists it. */
  label: string;
  match: TargetMatch;
  /** Said when the account's domain and name both differ from the end customer's; null otherwise. */
  warning: string | null;
}

export interface ReassignmentOptions {
  /**
   * Where the order may go: the Virtual Accounts of its customer's Smart Account when the order
   * names it; otherwise the customer-owned accounts of the directory, those whose domain or name
   * matches the end customer first (each with a warning when neither matches). Each account's
   * Default Virtual Account comes first.
   */
  targets: ReassignmentTarget[];
  /** Whether `targets` are the order's own customer's account. */
  customerKnown: boolean;
  /**
   * The target to preselect: the customer's Default Virtual Account when it is known, else none —
   * a one-click default would record the order as reassigned to an unrelated customer.
   */
  defaultTarget: string | null;
  ways: ReassignmentWay[];
  /** Why the portal is not among `ways`, and the sentence that says so; null while it is. */
  portalClosed: { reason: string; citation: Citation } | null;
  /** The portal finds the customer's account by "Domain Identifier/Account Name/Email ID" (LIC220936). */
  searchCitation: Citation;
}

const LEGAL_SUFFIXES = new Set(['inc', 'llc', 'ltd', 'limited', 'gmbh', 'ag', 'sa', 'sas', 'bv', 'plc', 'corp', 'co']);

/** A company name reduced to its distinctive words: lower case, no punctuation or legal suffix. */
const nameWords = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w !== '' && !LEGAL_SUFFIXES.has(w))
    .join(' ');

/** How an account relates to an order's end customer, by the portal's search keys: domain, then name. */
export function matchOf(account: Pick<SmartAccount, 'name' | 'emailDomain'>, customer: EndCustomer): TargetMatch {
  const domain = customer.emailDomain;
  // A public domain (gmail.com…) is shared by unrelated Limited Use accounts: it identifies nobody.
  if (domain && !isPublicEmailDomain(domain) && account.emailDomain === domain) return 'domain';
  const a = nameWords(account.name);
  const c = nameWords(customer.name);
  if (a !== '' && c !== '' && (a.includes(c) || c.includes(a))) return 'name';
  return 'none';
}

const MATCH_RANK: Record<TargetMatch, number> = { customer: 0, domain: 1, name: 2, none: 3 };

/**
 * Where and how an order in holding can be reassigned, from what the directory knows. Orders leave
 * holding for a Customer or Limited Use Smart Account only ("they must eventually be transferred to
 * the Customer Smart Account"); the lifecycle refuses any other target.
 */
export function reassignmentOptions(
  order: Order,
  directory: Pick<HoldfastSnapshot, 'smartAccounts' | 'virtualAccounts'>,
): ReassignmentOptions {
  const customer = order.endCustomer;
  const ownAccount = directory.smartAccounts.find((sa) => sa.id === customer.smartAccountId && isCustomerOwned(sa));
  const accounts: { account: SmartAccount; match: TargetMatch }[] = ownAccount
    ? [{ account: ownAccount, match: 'customer' }]
    : directory.smartAccounts
        .filter(isCustomerOwned)
        .map((account) => ({ account, match: matchOf(account, customer) }))
        .sort((a, b) => MATCH_RANK[a.match] - MATCH_RANK[b.match] || a.account.name.localeCompare(b.account.name));
  const targets = accounts.flatMap(({ account, match }) =>
    directory.virtualAccounts
      .filter((va) => va.smartAccountId === account.id)
      .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name))
      .map((va): ReassignmentTarget => ({
        assignment: { smartAccountId: account.id, virtualAccountId: va.id, kind: account.kind },
        label: `${account.name} / ${va.name}`,
        match,
        warning:
          match === 'none'
            ? `"${account.name}" (${account.emailDomain}) matches neither the name nor the domain of ${customer.name}${customer.emailDomain ? ` (${customer.emailDomain})` : ''}: make sure it is theirs.`
            : null,
      })),
  );
  const closed = closedLines(orderState(order));
  const portalClosed =
    closed.length === 0
      ? null
      : {
          reason: `Line${closed.length > 1 ? 's' : ''} ${lineLabels(order, closed)} already booked or shipped: the ordering portal can no longer reassign ${closed.length > 1 ? 'them' : 'it'}.`,
          citation: CITATIONS.portalReassignmentEnds,
        };
  return {
    targets,
    customerKnown: ownAccount !== undefined,
    defaultTarget: ownAccount ? (targets[0]?.assignment.virtualAccountId ?? null) : null,
    ways: portalClosed ? ['support-case', 'asset-transfer'] : ['portal', 'support-case', 'asset-transfer'],
    portalClosed,
    searchCitation: CITATIONS.findAccountByDomainOrName,
  };
}

import { possessive } from './possessive.ts';
import { daysBetween } from '../domain/common.ts';
import { isPublicEmailDomain } from '../domain/public-email-domains.ts';
import { CITATIONS } from '../citations/citation.ts';
import type { Finding, Rule, RuleContext } from './rule.ts';
import { indexSnapshot } from './snapshot-index.ts';
import { closedLines, inHoldingSince } from '../domain/lifecycle-lines.ts';
import { lineLabels } from '../domain/order.ts';
import { nextStep } from './next-step.ts';

const inHolding = (status: string) => status === 'in-holding' || status === 'reassignment-in-progress';
const undelivered = (status: string) => status === 'on-hold' || inHolding(status);

export function orderFindings(
  context: RuleContext,
  rule: Pick<Rule, 'id' | 'severity'>,
  produce: (
    entry: RuleContext['orders'][number],
  ) => (Omit<Finding, 'ruleId' | 'severity' | 'subject' | 'overdue'> & Partial<Pick<Finding, 'severity'>>) | null,
  overdue = false,
): Finding[] {
  return context.orders.flatMap((entry) => {
    const found = produce(entry);
    return found
      ? [
          {
            ruleId: rule.id,
            severity: rule.severity,
            subject: { kind: 'order', salesOrderNumber: entry.order.salesOrderNumber },
            overdue,
            ...found,
          },
        ]
      : [];
  });
}

export const customerAccountKnown: Rule = {
  id: 'customer-account-known',
  title: 'Customer Smart Account known: do not park the order in holding',
  severity: 'warning',
  citation: CITATIONS.assignDirectly,
  check(context) {
    const index = indexSnapshot(context.snapshot);
    return orderFindings(context, this, ({ order, state }) => {
      const customerAccount = order.endCustomer.smartAccountId;
      if (state.status !== 'in-holding' || !customerAccount) return null;
      const name = index.accountName(customerAccount);
      return {
        message: `Order ${order.salesOrderNumber} sits in the Partner Holding Account although ${possessive(order.endCustomer.name)} Smart Account "${name}" is known.`,
        // The same next step as every finding about the order: only the lines still in holding, and
        // by a support case once one of them is booked or shipped.
        suggestedAction: nextStep(order, state, index)!,
      };
    });
  },
};

export const holdingTooLong: Rule = {
  id: 'holding-too-long',
  title: 'In holding longer than the threshold',
  // "There is no time limit": past the team's threshold an order is overdue, a warning; critical
  // only past the number of days the team configures as critical (holdingCriticalDays).
  severity: 'warning',
  citation: CITATIONS.reassignSoon,
  check(context) {
    const limit = context.snapshot.settings.holdingThresholdDays;
    const critical = context.snapshot.settings.holdingCriticalDays ?? null;
    const index = indexSnapshot(context.snapshot);
    return orderFindings(
      context,
      this,
      ({ order, state }) => {
        const since = inHolding(state.status) ? inHoldingSince(state) : null;
        if (!since) return null;
        const days = daysBetween(since, context.now);
        if (days <= limit) return null;
        const shipped = since !== state.heldSince ? ' since its first line shipped' : '';
        return {
          severity: critical !== null && days > critical ? 'critical' : this.severity,
          message: `Order ${order.salesOrderNumber} for ${order.endCustomer.name} has been in holding for ${days} days${shipped} (threshold ${limit}${critical !== null ? `, critical after ${critical}` : ''}).`,
          suggestedAction: nextStep(order, state, index)!,
        };
      },
      true,
    );
  },
};

export const reviewOverdue: Rule = {
  id: 'holding-review-overdue',
  title: 'Holding order not reviewed within the review interval',
  severity: 'warning',
  citation: CITATIONS.reviewRegularly,
  check(context) {
    const interval = context.snapshot.settings.reviewIntervalDays;
    const index = indexSnapshot(context.snapshot);
    return orderFindings(context, this, ({ order, state }) => {
      if (!inHolding(state.status) || !state.heldSince) return null;
      const since = state.lastReviewedAt ?? state.heldSince;
      const days = daysBetween(since, context.now);
      if (days < interval) return null;
      const what = state.lastReviewedAt
        ? `was last reviewed ${days} days ago`
        : `has not been reviewed in the ${days} days since it entered holding`;
      return {
        message: `Order ${order.salesOrderNumber} ${what} (review every ${interval} days).`,
        suggestedAction: `${nextStep(order, state, index)} Then mark order ${order.salesOrderNumber} reviewed.`,
      };
    });
  },
};

const SUBSCRIPTION_GRACE_DAYS = 7;

export const subscriptionNotStarted: Rule = {
  id: 'subscription-not-started',
  title: 'Subscription not started: licenses never reached the customer',
  severity: 'info',
  citation: CITATIONS.subscriptionTimer,
  check(context) {
    const index = indexSnapshot(context.snapshot);
    return orderFindings(context, this, ({ order, state }) => {
      if (!undelivered(state.status)) return null;
      // Only term (subscription) lines have a timer; a perpetual license has none to start.
      // A line already delivered to the customer has its timer running; a cancelled one needs nothing.
      const termLines = order.lines.filter(
        (line) =>
          line.termMonths !== null &&
          state.lines[line.lineNumber] !== 'cancelled' &&
          undelivered(state.placements[line.lineNumber]?.status ?? state.status),
      );
      if (termLines.length === 0) return null;
      const days = daysBetween(state.placedAt, context.now);
      if (days < SUBSCRIPTION_GRACE_DAYS) return null;
      const where = state.status === 'on-hold' ? 'is on Smart Account hold' : 'is still in the Partner Holding Account';
      const lines = termLines.map((l) => `${l.lineId ?? l.lineNumber} (${l.termMonths} months)`).join(', ');
      return {
        message: `Order ${order.salesOrderNumber} ${where} ${days} days after it was placed: the subscription of line${termLines.length > 1 ? 's' : ''} ${lines} has not started and ${order.endCustomer.name} cannot use its licenses.`,
        suggestedAction: nextStep(order, state, index)!,
      };
    });
  },
};

export const limitedUseForPublicDomain: Rule = {
  id: 'public-domain-needs-limited-use',
  title: 'Customer on a public e-mail domain needs a Limited Use Smart Account',
  severity: 'warning',
  citation: CITATIONS.limitedUse,
  check(context) {
    const orderSide = orderFindings(context, this, ({ order, state }) => {
      const { emailDomain, smartAccountId, name } = order.endCustomer;
      if (smartAccountId || !emailDomain || !undelivered(state.status) || !isPublicEmailDomain(emailDomain))
        return null;
      return {
        message: `${name} uses the public e-mail domain ${emailDomain} and has no Smart Account yet.`,
        suggestedAction: `Ask ${name} to create a Limited Use Smart Account, then reassign order ${order.salesOrderNumber} to it.`,
      };
    });
    const accountSide: Finding[] = context.snapshot.smartAccounts
      .filter((account) => account.kind === 'customer' && isPublicEmailDomain(account.emailDomain))
      .map((account) => ({
        ruleId: this.id,
        severity: 'info',
        subject: { kind: 'smart-account', smartAccountId: account.id },
        overdue: false,
        message: `Customer Smart Account "${account.name}" was created on the public e-mail domain ${account.emailDomain}.`,
        suggestedAction:
          'A Limited Use Smart Account is the kind meant for small businesses on a public e-mail domain.',
      }));
    return [...orderSide, ...accountSide];
  },
};

export const activationInHolding: Rule = {
  id: 'activation-in-holding',
  title: 'License activation attempted in a Partner Holding Account',
  severity: 'critical',
  citation: CITATIONS.noActivationInHolding,
  check(context) {
    return orderFindings(context, this, ({ order, state }) => {
      const attempt = state.activationAttempts.find((a) => a.inHoldingAccount);
      if (!attempt) return null;
      return {
        message: `Someone tried to activate licenses of order ${order.salesOrderNumber} while it sat in the Partner Holding Account (${attempt.at.slice(0, 10)}).`,
        suggestedAction: `Reassign order ${order.salesOrderNumber} to the Customer Smart Account first; licenses activate only there.`,
      };
    });
  },
};

export const pastPortalReassignment: Rule = {
  id: 'past-portal-reassignment',
  title: 'Order line booked or shipped: the portal can no longer reassign it',
  severity: 'warning',
  citation: CITATIONS.portalReassignmentEnds,
  check(context) {
    return orderFindings(context, this, ({ order, state }) => {
      if (state.status !== 'in-holding') return null;
      const closed = closedLines(state);
      if (closed.length === 0) return null;
      const lines = closed.map((n) => `line ${lineLabels(order, [n])} (${state.lines[n]})`).join(', ');
      return {
        message: `Order ${order.salesOrderNumber} is in holding with ${lines}: CCW can no longer reassign ${closed.length === 1 ? 'it' : 'them'}.`,
        suggestedAction:
          "Open a licensing support case, or request an asset transfer approved by the holding account's administrator.",
      };
    });
  },
};

export const restrictedTargetNeedsExactName: Rule = {
  id: 'restricted-virtual-account-exact-name',
  title: 'A Restricted Virtual Account needs its exact name for assignment',
  severity: 'info',
  citation: CITATIONS.restrictedVirtualAccount,
  check(context) {
    const index = indexSnapshot(context.snapshot);
    return orderFindings(context, this, ({ order, state }) => {
      const target = state.reassignment ? index.virtualAccount(state.reassignment.target.virtualAccountId) : undefined;
      if (!target?.restricted) return null;
      return {
        message: `Order ${order.salesOrderNumber} is being reassigned to the Restricted Virtual Account "${target.name}", which CCW does not list.`,
        suggestedAction: `Type the Virtual Account name exactly as "${target.name}" when you reassign in CCW.`,
      };
    });
  },
};

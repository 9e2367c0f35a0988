import { daysBetween } from '../domain/common.ts';
import { CITATIONS } from '../citations/citation.ts';
import { assignmentUnknown, linesStillOnHold, nextStep, pendingAccountOf } from './next-step.ts';
import type { Finding, Rule } from './rule.ts';
import { indexSnapshot } from './snapshot-index.ts';

/**
 * An order on Smart Account hold goes nowhere until an active account is assigned: "A Pending
 * Smart Account was assigned to the order, or there is no smart account assigned to the order."
 * (LIC220965). It is always a finding, aged from the order's placement and escalated like holding:
 * overdue past the team's holding threshold, critical past its critical threshold when it sets one.
 */
export const smartAccountHold: Rule = {
  id: 'smart-account-hold',
  title: 'On Smart Account hold: no Smart Account, or a pending one',
  severity: 'warning',
  citation: CITATIONS.smartAccountHold,
  check(context) {
    const limit = context.snapshot.settings.holdingThresholdDays;
    const critical = context.snapshot.settings.holdingCriticalDays ?? null;
    const index = indexSnapshot(context.snapshot);
    return context.orders.flatMap(({ order, state }): Finding[] => {
      if (state.status !== 'on-hold') return [];
      const days = daysBetween(state.placedAt, context.now);
      if (assignmentUnknown(order)) {
        // The CCW order API carries no Smart Account: say so instead of calling the order held.
        return [
          {
            ruleId: this.id,
            severity: 'info',
            subject: { kind: 'order', salesOrderNumber: order.salesOrderNumber },
            overdue: false,
            message: `Order ${order.salesOrderNumber} for ${order.endCustomer.name} came from a source that does not say which Smart Account it is assigned to.`,
            suggestedAction: nextStep(order, state, index)!,
          },
        ];
      }
      const pending = pendingAccountOf(order, state);
      const why = pending
        ? `was placed with the pending Smart Account "${index.accountName(pending)}", which ${order.endCustomer.name} has not activated`
        : 'has no Smart Account assigned';
      const partly = linesStillOnHold(order, state);
      return [
        {
          ruleId: this.id,
          severity: critical !== null && days > critical ? 'critical' : this.severity,
          subject: { kind: 'order', salesOrderNumber: order.salesOrderNumber },
          overdue: days > limit,
          message: partly
            ? `Part of order ${order.salesOrderNumber} for ${order.endCustomer.name} (${partly}) has been on Smart Account hold for ${days} days: it ${why}; the other lines have an account.`
            : `Order ${order.salesOrderNumber} for ${order.endCustomer.name} has been on Smart Account hold for ${days} days: it ${why}.`,
          suggestedAction: nextStep(order, state, index)!,
        },
      ];
    });
  },
};

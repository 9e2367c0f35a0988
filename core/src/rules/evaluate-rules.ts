import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import { orderState } from '../domain/lifecycle.ts';
import { allLinesCancelled } from '../domain/lifecycle-lines.ts';
import { isAssignableOrder } from '../domain/order.ts';
import { RULES } from './catalogue.ts';
import { SEVERITY_RANK, type Finding, type Rule, type RuleContext } from './rule.ts';

/** Runs the rules over a snapshot at `now`; findings come most severe first, then by rule order. */
export function evaluateRules(snapshot: HoldfastSnapshot, now: Date, rules: readonly Rule[] = RULES): Finding[] {
  const context: RuleContext = {
    snapshot,
    now,
    // EA and stocking orders "cannot be assigned to a Smart Account" (LIC225452): no rule flags them as if they could.
    orders: snapshot.orders
      .filter(isAssignableOrder)
      .map((order) => ({ order, state: orderState(order) }))
      // An order whose every line was cancelled needs nothing.
      .filter(({ state }) => !allLinesCancelled(state)),
  };
  return rules
    .flatMap((rule) => rule.check(context))
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

export const findingsForOrder = (findings: readonly Finding[], salesOrderNumber: string): Finding[] =>
  findings.filter((f) => f.subject.kind === 'order' && f.subject.salesOrderNumber === salesOrderNumber);

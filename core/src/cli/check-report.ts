import { daysBetween } from '../domain/common.ts';
import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import { orderState } from '../domain/lifecycle.ts';
import { inHoldingSince, partialWords } from '../domain/lifecycle-lines.ts';
import { ORDER_STATUS_LABELS } from '../domain/lifecycle-state.ts';
import { reassignmentChecklist, type ChecklistStep } from '../checklist/reassignment-checklist.ts';
import { evaluateRules } from '../rules/evaluate-rules.ts';
import { groupFindings, type FindingGroup } from '../rules/group-findings.ts';
import { SEVERITY_RANK, type Finding } from '../rules/rule.ts';
import { isAssignableOrder, type Order } from '../domain/order.ts';

export interface OrderReport {
  order: Order;
  headline: string;
  findings: Finding[];
  /** The finding to act on first; the others are grouped under it. */
  group: FindingGroup;
  checklist: ChecklistStep[];
}

export interface CheckReport {
  orders: OrderReport[];
  /** Findings about accounts, organisations and roles rather than one order. */
  accountFindings: Finding[];
  totals: {
    orders: number;
    inHolding: number;
    onHold: number;
    overdue: number;
    dueForReview: number;
    findings: number;
  };
}

/** Builds the report `holdfast check` prints: every order with findings, most urgent first. */
export function buildCheckReport(snapshot: HoldfastSnapshot, now: Date): CheckReport {
  const findings = evaluateRules(snapshot, now);
  const byOrder = new Map<string, Finding[]>();
  const accountFindings: Finding[] = [];
  for (const finding of findings) {
    if (finding.subject.kind !== 'order') accountFindings.push(finding);
    else
      byOrder.set(finding.subject.salesOrderNumber, [
        ...(byOrder.get(finding.subject.salesOrderNumber) ?? []),
        finding,
      ]);
  }
  const accountName = new Map(snapshot.smartAccounts.map((a) => [a.id, a.name]));
  const vaName = new Map(snapshot.virtualAccounts.map((va) => [va.id, va.name]));
  const states = new Map(snapshot.orders.map((o) => [o.salesOrderNumber, orderState(o)]));

  const orders = snapshot.orders
    .filter((order) => byOrder.has(order.salesOrderNumber))
    .map((order): OrderReport => {
      const state = states.get(order.salesOrderNumber)!;
      const where = state.holder
        ? `${accountName.get(state.holder.smartAccountId) ?? state.holder.smartAccountId} / ${vaName.get(state.holder.virtualAccountId) ?? state.holder.virtualAccountId}`
        : 'no Smart Account';
      const since = inHoldingSince(state) ?? (state.status === 'on-hold' ? state.placedAt : null);
      const age = since ? ` ${daysBetween(since, now)} days` : '';
      return {
        order,
        headline: `SO ${order.salesOrderNumber} · ${order.endCustomer.name} · ${ORDER_STATUS_LABELS[state.status]}${state.partial ? ` (${partialWords(state)})` : ''}${age} · ${where}`,
        findings: byOrder.get(order.salesOrderNumber)!,
        group: groupFindings(byOrder.get(order.salesOrderNumber)!)!,
        checklist: reassignmentChecklist(order, snapshot),
      };
    })
    .sort((a, b) => {
      const rank = (r: OrderReport) => Math.min(...r.findings.map((f) => SEVERITY_RANK[f.severity]));
      const held = (r: OrderReport) => Date.parse(states.get(r.order.salesOrderNumber)!.heldSince ?? r.order.createdAt);
      return rank(a) - rank(b) || held(a) - held(b) || a.order.salesOrderNumber.localeCompare(b.order.salesOrderNumber);
    });

  const statuses = snapshot.orders.filter(isAssignableOrder).map((o) => states.get(o.salesOrderNumber)!.status);
  return {
    orders,
    accountFindings,
    totals: {
      orders: snapshot.orders.length,
      inHolding: statuses.filter((s) => s === 'in-holding' || s === 'reassignment-in-progress').length,
      onHold: statuses.filter((s) => s === 'on-hold').length,
      overdue: new Set(
        findings.filter((f) => f.overdue).map((f) => (f.subject.kind === 'order' ? f.subject.salesOrderNumber : '')),
      ).size,
      dueForReview: findings.filter((f) => f.ruleId === 'holding-review-overdue').length,
      findings: findings.length,
    },
  };
}

const SEVERITY_TAG = { critical: 'CRITICAL', warning: 'WARNING ', info: 'INFO    ' } as const;

export function formatCheckReport(report: CheckReport): string {
  const out: string[] = [];
  for (const entry of report.orders) {
    out.push(entry.headline);
    const { headline, related } = entry.group;
    out.push(
      `  ${SEVERITY_TAG[headline.severity]} ${headline.ruleId}: ${headline.message}`,
      `           → ${headline.suggestedAction}`,
    );
    for (const f of related) out.push(`           also ${f.severity} ${f.ruleId}: ${f.message}`);
    if (entry.checklist.length) {
      out.push('  Reassignment checklist:');
      for (const step of entry.checklist)
        out.push(
          `    [${step.done ? 'x' : ' '}] ${step.title}${step.done ? ` (${step.done.by}, ${step.done.at.slice(0, 10)})` : ''}`,
        );
    }
    out.push('');
  }
  if (report.accountFindings.length) {
    out.push('Accounts, organisations and roles');
    for (const f of report.accountFindings)
      out.push(`  ${SEVERITY_TAG[f.severity]} ${f.ruleId}: ${f.message}`, `           → ${f.suggestedAction}`);
    out.push('');
  }
  const t = report.totals;
  out.push(
    `${t.orders} orders · ${t.inHolding} in holding · ${t.onHold} on Smart Account hold · ${t.overdue} overdue · ${t.dueForReview} due for review · ${t.findings} findings`,
  );
  return out.join('\n');
}

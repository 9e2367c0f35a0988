import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import type { OrderState } from '../domain/lifecycle-state.ts';
import type { Order } from '../domain/order.ts';
import type { Citation } from '../citations/citation.ts';

export type Severity = 'info' | 'warning' | 'critical';
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** What a finding is about, so a UI can link to it and a store can snooze it. */
export type FindingSubject =
  | { kind: 'order'; salesOrderNumber: string }
  | { kind: 'smart-account'; smartAccountId: string }
  | { kind: 'virtual-account'; virtualAccountId: string }
  | { kind: 'organization'; organizationId: string }
  | { kind: 'role-grant'; roleGrantId: string };

export interface Finding {
  ruleId: string;
  severity: Severity;
  subject: FindingSubject;
  message: string;
  suggestedAction: string;
  /** True for findings that mean an order is overdue; the CLI's exit code and the badge count these. */
  overdue: boolean;
}

/** What a rule's check sees: the snapshot, each order's folded state computed once, and the clock. */
export interface RuleContext {
  snapshot: HoldfastSnapshot;
  orders: readonly { order: Order; state: OrderState }[];
  now: Date;
}

export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  citation: Citation;
  check(context: RuleContext): Finding[];
}

export const subjectKey = (subject: FindingSubject): string => {
  switch (subject.kind) {
    case 'order':
      return `order:${subject.salesOrderNumber}`;
    case 'smart-account':
      return `smart-account:${subject.smartAccountId}`;
    case 'virtual-account':
      return `virtual-account:${subject.virtualAccountId}`;
    case 'organization':
      return `organization:${subject.organizationId}`;
    case 'role-grant':
      return `role-grant:${subject.roleGrantId}`;
  }
};

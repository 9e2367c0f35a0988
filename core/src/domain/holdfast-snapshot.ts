import { z } from 'zod';
import { instantSchema } from './common.ts';
import { checklistTickSchema } from './checklist-tick.ts';
import { memberSchema } from './member.ts';
import { orderSchema } from './order.ts';
import { organizationSchema } from './organization.ts';
import { roleGrantSchema } from './role.ts';
import { DEFAULT_RULE_SETTINGS, ruleSettingsSchema } from './settings.ts';
import { smartAccountSchema } from './smart-account.ts';
import { virtualAccountSchema } from './virtual-account.ts';

export const HOLDFAST_FORMAT = 'holdfast/v1';

export type SnapshotIssue = { path: (string | number)[]; message: string };

function duplicates<T>(rows: readonly T[], key: (row: T) => string, path: string, label: string): SnapshotIssue[] {
  const seen = new Set<string>();
  const issues: SnapshotIssue[] = [];
  rows.forEach((row, index) => {
    const k = key(row);
    if (seen.has(k)) issues.push({ path: [path, index], message: `${label} "${k}" appears more than once` });
    seen.add(k);
  });
  return issues;
}

/**
 * Everything Holdfast knows, as one plain value: the Holdfast JSON file format, the input of
 * the rules and checklists, and the shape of a backup. Cross-references are checked so that a
 * file that parses is also a file whose references resolve.
 */
export const snapshotFieldsSchema = z.object({
  format: z.literal(HOLDFAST_FORMAT),
  exportedAt: instantSchema,
  organizations: z.array(organizationSchema).default([]),
  smartAccounts: z.array(smartAccountSchema).default([]),
  virtualAccounts: z.array(virtualAccountSchema).default([]),
  members: z.array(memberSchema).default([]),
  roleGrants: z.array(roleGrantSchema).default([]),
  orders: z.array(orderSchema).default([]),
  checklistTicks: z.array(checklistTickSchema).default([]),
  settings: ruleSettingsSchema.default(DEFAULT_RULE_SETTINGS),
});

/**
 * What a snapshot whose every field parsed may still get wrong: duplicate ids and references that
 * do not resolve. Apart from the schema so a file read in steps (orders a chunk at a time, for a
 * progress bar) runs the same checks once at the end.
 */
export function snapshotReferenceIssues(snapshot: z.infer<typeof snapshotFieldsSchema>): SnapshotIssue[] {
  const issues: SnapshotIssue[] = [];
  const report = (issue: SnapshotIssue) => issues.push(issue);
  const organizations = new Set(snapshot.organizations.map((o) => o.id));
  const accounts = new Set(snapshot.smartAccounts.map((a) => a.id));
  const virtualAccounts = new Map(snapshot.virtualAccounts.map((va) => [va.id, va]));
  const members = new Set(snapshot.members.map((m) => m.id));

  [
    ...duplicates(snapshot.organizations, (o) => o.id, 'organizations', 'organization id'),
    ...duplicates(snapshot.smartAccounts, (a) => a.id, 'smartAccounts', 'Smart Account id'),
    ...duplicates(snapshot.virtualAccounts, (va) => va.id, 'virtualAccounts', 'Virtual Account id'),
    ...duplicates(snapshot.members, (m) => m.id, 'members', 'member id'),
    ...duplicates(snapshot.roleGrants, (g) => g.id, 'roleGrants', 'role grant id'),
    ...duplicates(snapshot.orders, (o) => o.salesOrderNumber, 'orders', 'sales order number'),
  ].forEach(report);

  snapshot.smartAccounts.forEach((account, index) => {
    if (!organizations.has(account.organizationId)) {
      report({
        path: ['smartAccounts', index, 'organizationId'],
        message: `no organization "${account.organizationId}"`,
      });
    }
    const defaults = snapshot.virtualAccounts.filter((va) => va.smartAccountId === account.id && va.isDefault).length;
    if (defaults !== 1) {
      report({
        path: ['smartAccounts', index],
        message: `Smart Account "${account.id}" must have exactly one Default Virtual Account, has ${defaults}`,
      });
    }
  });
  snapshot.virtualAccounts.forEach((va, index) => {
    if (!accounts.has(va.smartAccountId))
      report({
        path: ['virtualAccounts', index, 'smartAccountId'],
        message: `no Smart Account "${va.smartAccountId}"`,
      });
  });
  snapshot.members.forEach((member, index) => {
    if (!organizations.has(member.organizationId))
      report({ path: ['members', index, 'organizationId'], message: `no organization "${member.organizationId}"` });
  });
  snapshot.roleGrants.forEach((grant, index) => {
    if (!members.has(grant.memberId))
      report({ path: ['roleGrants', index, 'memberId'], message: `no member "${grant.memberId}"` });
    if (!accounts.has(grant.smartAccountId))
      report({
        path: ['roleGrants', index, 'smartAccountId'],
        message: `no Smart Account "${grant.smartAccountId}"`,
      });
    if (
      grant.virtualAccountId !== null &&
      virtualAccounts.get(grant.virtualAccountId)?.smartAccountId !== grant.smartAccountId
    ) {
      report({
        path: ['roleGrants', index, 'virtualAccountId'],
        message: `no Virtual Account "${grant.virtualAccountId}" in Smart Account "${grant.smartAccountId}"`,
      });
    }
  });
  snapshot.orders.forEach((order, index) => {
    order.history.forEach((event, eventIndex) => {
      const assignment =
        event.type === 'placed' || event.type === 'assigned'
          ? event.assignment
          : event.type === 'reassignment-started'
            ? event.target
            : null;
      if (
        assignment &&
        virtualAccounts.get(assignment.virtualAccountId)?.smartAccountId !== assignment.smartAccountId
      ) {
        report({
          path: ['orders', index, 'history', eventIndex],
          message: `Virtual Account "${assignment.virtualAccountId}" is not in Smart Account "${assignment.smartAccountId}"`,
        });
      }
    });
  });
  return issues;
}

export const holdfastSnapshotSchema = snapshotFieldsSchema.superRefine((snapshot, ctx) => {
  for (const issue of snapshotReferenceIssues(snapshot)) ctx.addIssue({ code: 'custom', ...issue });
});
export type HoldfastSnapshot = z.infer<typeof holdfastSnapshotSchema>;
export type HoldfastSnapshotInput = z.input<typeof holdfastSnapshotSchema>;

/** A Holdfast file with nothing in it yet: where a first import, or one tracked order, goes. */
export const emptySnapshot = (now: Date): HoldfastSnapshot => ({
  format: HOLDFAST_FORMAT,
  exportedAt: now.toISOString(),
  organizations: [],
  smartAccounts: [],
  virtualAccounts: [],
  members: [],
  roleGrants: [],
  orders: [],
  checklistTicks: [],
  settings: DEFAULT_RULE_SETTINGS,
});

// Small builders for unit tests: plain data, valid by construction, overridable field by field.
import { createSmartAccount, type SmartAccount, type SmartAccountKind } from '../domain/smart-account.ts';
import { createVirtualAccount, type VirtualAccount } from '../domain/virtual-account.ts';
import { memberSchema, type Member } from '../domain/member.ts';
import { organizationSchema, type Organization } from '../domain/organization.ts';
import { roleGrantSchema, type Role, type RoleGrant } from '../domain/role.ts';
import { orderSchema, type Order, type OrderInput } from '../domain/order.ts';
import type { Assignment, OrderEventInput } from '../domain/order-event.ts';

export const T0 = '2026-01-01T00:00:00.000Z';
export const daysAfter = (iso: string, days: number): string =>
  new Date(Date.parse(iso) + days * 86_400_000).toISOString();

export function organization(overrides: Partial<Organization> & Pick<Organization, 'id'>): Organization {
  return organizationSchema.parse({
    name: overrides.id,
    kind: 'partner',
    emailDomain: `${overrides.id}.example.com`,
    ...overrides,
  });
}

export function account(
  id: string,
  kind: SmartAccountKind,
  organizationId: string,
  overrides: Partial<SmartAccount> = {},
): { smartAccount: SmartAccount; defaultVirtualAccount: VirtualAccount } {
  return createSmartAccount({
    id,
    name: id,
    kind,
    organizationId,
    emailDomain: `${organizationId}.example.com`,
    createdAt: T0,
    ...overrides,
  });
}

export function virtualAccount(
  id: string,
  smartAccountId: string,
  overrides: Partial<VirtualAccount> = {},
): VirtualAccount {
  return createVirtualAccount({ id, smartAccountId, name: id, createdAt: T0, ...overrides });
}

export function member(id: string, organizationId: string): Member {
  return memberSchema.parse({ id, name: id, email: `${id}@${organizationId}.example.com`, organizationId });
}

export function grant(
  memberId: string,
  role: Role,
  smartAccountId: string,
  virtualAccountId: string | null = null,
  overrides: Partial<RoleGrant> = {},
): RoleGrant {
  return roleGrantSchema.parse({
    id: `${memberId}:${role}:${smartAccountId}:${virtualAccountId ?? '*'}`,
    memberId,
    role,
    smartAccountId,
    virtualAccountId,
    grantedBy: 'admin',
    grantedAt: T0,
    ...overrides,
  });
}

export const assignment = (va: VirtualAccount, kind: SmartAccountKind): Assignment => ({
  smartAccountId: va.smartAccountId,
  virtualAccountId: va.id,
  kind,
});

export function placedEvent(
  at: string,
  assigned: Assignment | null,
  overrides: Partial<OrderEventInput> = {},
): OrderEventInput {
  return {
    id: `placed@${at}`,
    type: 'placed',
    at,
    by: 'rep',
    assignment: assigned,
    accountPending: false,
    ...overrides,
  } as OrderEventInput;
}

export function order(
  salesOrderNumber: string,
  history: OrderEventInput[],
  overrides: Partial<OrderInput> = {},
): Order {
  return orderSchema.parse({
    salesOrderNumber,
    webOrderId: `WO-${salesOrderNumber}`,
    poNumber: `PO-${salesOrderNumber}`,
    endCustomer: { name: 'Acme Corp', emailDomain: 'acme.example.com', smartAccountId: null },
    lines: [
      { lineNumber: 1, sku: 'C9300-DNA-E-24-3Y', quantity: 10, termMonths: 36 },
      { lineNumber: 2, sku: 'FPR1010-TMC-1Y', quantity: 1, termMonths: 12 },
    ],
    history,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  });
}

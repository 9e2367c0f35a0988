import { describe, expect, it } from 'vitest';
import { ACTIONS, type Action } from './action.ts';
import { can, actorOf } from './can.ts';
import { account, grant, member, organization, virtualAccount } from '../testing/builders.ts';
import { grantRole, roleScope, ROLE_DEFINITIONS, ROLES, type Role } from '../domain/role.ts';
import { RoleGrantRefusedError } from '../domain/errors.ts';
import type { SmartAccountKind } from '../domain/smart-account.ts';

// Expected permissions written out by hand from the seeds, one letter per action in ACTIONS order:
// A = anywhere in the account, V = only in the member's own Virtual Account, - = never.
//                    view annot tick reass crVA delVA renVA catVA addM remM addVA remVA grant notif appr activ acceptSLA
const EXPECTED: { role: Role; kind: SmartAccountKind; row: string }[] = [
  { role: 'holding-account-administrator', kind: 'partner-holding', row: 'AAAA AAAA AA AA AAA --' },
  { role: 'holding-account-user', kind: 'partner-holding', row: 'AAAA ---- -- -- --- --' },
  { role: 'virtual-account-administrator', kind: 'partner-holding', row: 'VVVV ---- -- VV VV- --' },
  { role: 'virtual-account-user', kind: 'partner-holding', row: 'VVVV ---- -- -- --- --' },
  { role: 'virtual-account-administrator', kind: 'customer', row: 'VVVV ---- -- VV VV- V-' },
  { role: 'virtual-account-user', kind: 'customer', row: 'VVVV ---- -- -- --- V-' },
  { role: 'smart-account-administrator', kind: 'customer', row: 'AAAA AAAA AA AA AAA AA' },
  { role: 'smart-account-user', kind: 'customer', row: 'AAAA ---- -- -- --- A-' },
  { role: 'smart-account-approver', kind: 'customer', row: '---- ---- -- -- --- -A' },
  { role: 'smart-account-viewer', kind: 'customer', row: 'A--- ---- -- -- --- --' },
  { role: 'smart-account-viewer', kind: 'partner-holding', row: 'A--- ---- -- -- --- --' },
  { role: 'virtual-account-viewer', kind: 'partner-holding', row: 'V--- ---- -- -- --- --' },
  { role: 'virtual-account-viewer', kind: 'customer', row: 'V--- ---- -- -- --- --' },
  { role: 'smart-account-administrator', kind: 'limited-use', row: 'AAAA AAAA AA AA AAA AA' },
];

const SCOPES = [
  'account-wide',
  'own Virtual Account',
  'another Virtual Account of the account',
  'another Smart Account',
] as const;
type Scope = (typeof SCOPES)[number];

function expected(letter: string, scope: Scope): boolean {
  if (scope === 'another Smart Account' || letter === '-') return false;
  if (letter === 'A') return true;
  return scope === 'own Virtual Account';
}

function world(kind: SmartAccountKind) {
  const owner = organization({
    id: kind === 'partner-holding' ? 'partner' : 'customer',
    kind: kind === 'partner-holding' ? 'partner' : 'customer',
  });
  const home = account('home', kind, owner.id);
  const other = account('elsewhere', kind, owner.id);
  const ownVa = virtualAccount('va-own', 'home');
  const otherVa = virtualAccount('va-other', 'home');
  const targets: Record<Scope, { smartAccount: typeof home.smartAccount; virtualAccountId: string | null }> = {
    'account-wide': { smartAccount: home.smartAccount, virtualAccountId: null },
    'own Virtual Account': { smartAccount: home.smartAccount, virtualAccountId: ownVa.id },
    'another Virtual Account of the account': { smartAccount: home.smartAccount, virtualAccountId: otherVa.id },
    'another Smart Account': { smartAccount: other.smartAccount, virtualAccountId: other.defaultVirtualAccount.id },
  };
  return { owner, ownVa, targets };
}

const cells = EXPECTED.flatMap(({ role, kind, row }) => {
  const letters = row.replaceAll(' ', '');
  expect(letters).toHaveLength(ACTIONS.length);
  return ACTIONS.flatMap((action, i) =>
    SCOPES.map((scope) => ({ role, kind, action, scope, allowed: expected(letters[i]!, scope) })),
  );
});

describe('the permission matrix', () => {
  it('covers every role on every account kind it exists on', () => {
    expect(new Set(EXPECTED.map((e) => e.role))).toEqual(new Set(ROLES));
  });

  it.each(cells)('$role on a $kind account: $action in $scope → $allowed', ({ role, kind, action, scope, allowed }) => {
    const { owner, ownVa, targets } = world(kind);
    const staff = member('staff', owner.id);
    const vaRole = roleScope(role) === 'virtual-account';
    const actor = actorOf(staff, [grant('staff', role, 'home', vaRole ? ownVa.id : null)]);
    expect(can(actor, action, targets[scope])).toBe(allowed);
  });
});

describe("Cisco's roles", () => {
  it('every role on every account kind it exists on has a row in the expected matrix', () => {
    const declared = ROLES.flatMap((role) => ROLE_DEFINITIONS[role].accountKinds.map((kind) => `${role}@${kind}`));
    const covered = new Set(EXPECTED.map((e) => `${e.role}@${e.kind}`));
    // Limited Use accounts follow Customer accounts; one administrator row stands for them.
    expect(declared.filter((cell) => !cell.endsWith('@limited-use') && !covered.has(cell))).toEqual([]);
  });

  it('only a Smart Account Administrator (a Holding Account Administrator on a holding account) approves access requests', () => {
    const allowed = ROLES.filter((role) =>
      ROLE_DEFINITIONS[role].accountKinds.some((kind) => {
        const { owner, ownVa, targets } = world(kind);
        const actor = actorOf(member('staff', owner.id), [
          grant('staff', role, 'home', roleScope(role) === 'virtual-account' ? ownVa.id : null),
        ]);
        return can(actor, 'approve-access-request', targets['own Virtual Account']);
      }),
    );
    expect(allowed.map((role) => ROLE_DEFINITIONS[role].ciscoName)).toEqual([
      'Smart Account Administrator',
      'Smart Account Administrator',
    ]);
  });

  it('holding-account labels map to Cisco role names', () => {
    expect(ROLE_DEFINITIONS['holding-account-administrator']).toMatchObject({
      label: 'Holding Account Administrator',
      ciscoName: 'Smart Account Administrator',
    });
    expect(ROLE_DEFINITIONS['holding-account-user'].ciscoName).toBe('Smart Account User');
  });
});

describe('partners on a customer Smart Account', () => {
  const customer = organization({ id: 'customer', kind: 'customer' });
  const partnerOrg = organization({ id: 'partner', kind: 'partner' });
  const { smartAccount } = account('cust-sa', 'customer', customer.id);
  const rep = member('rep', partnerOrg.id);
  const everywhere = { smartAccount, virtualAccountId: null };

  it('a partner with no grant from the customer can do nothing on the customer account', () => {
    const actor = actorOf(rep, [
      grant('rep', 'smart-account-administrator', 'cust-sa', null, { grantedByCustomer: false }),
    ]);
    for (const action of ACTIONS) expect(can(actor, action, everywhere)).toBe(false);
  });

  it('a partner granted Smart Account Administrator by the customer manages licenses and users', () => {
    const actor = actorOf(rep, [
      grant('rep', 'smart-account-administrator', 'cust-sa', null, { grantedByCustomer: true }),
    ]);
    const allowed: Action[] = ['view-order', 'reassign-order', 'add-member', 'grant-role', 'activate-licenses'];
    for (const action of allowed) expect(can(actor, action, everywhere)).toBe(true);
  });

  it('a partner never accepts the Smart Licensing Agreement, even as a granted administrator', () => {
    const actor = actorOf(rep, [
      grant('rep', 'smart-account-administrator', 'cust-sa', null, { grantedByCustomer: true }),
    ]);
    expect(can(actor, 'accept-smart-licensing-agreement', everywhere)).toBe(false);
  });

  it('a stored Approver grant to a partner confers nothing', () => {
    const actor = actorOf(rep, [grant('rep', 'smart-account-approver', 'cust-sa', null, { grantedByCustomer: true })]);
    for (const action of ACTIONS) expect(can(actor, action, everywhere)).toBe(false);
  });

  it('refuses to make a partner Smart Account Approver, with a message that says why', () => {
    const input = {
      id: 'g',
      memberId: 'rep',
      role: 'smart-account-approver' as const,
      smartAccountId: 'cust-sa',
      grantedBy: 'cust-admin',
      grantedAt: '2026-01-01T00:00:00.000Z',
      grantedByCustomer: true,
    };
    expect(() => grantRole(input, { member: rep, smartAccount, virtualAccount: null })).toThrow(RoleGrantRefusedError);
    expect(() => grantRole(input, { member: rep, smartAccount, virtualAccount: null })).toThrow(
      /cannot be made Smart Account Approver/,
    );
  });

  it("refuses a partner's role on a customer account unless the customer granted it", () => {
    const input = {
      id: 'g',
      memberId: 'rep',
      role: 'smart-account-user' as const,
      smartAccountId: 'cust-sa',
      grantedBy: 'partner-admin',
      grantedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(() => grantRole(input, { member: rep, smartAccount, virtualAccount: null })).toThrow(
      /granted explicitly by the customer/,
    );
    expect(
      grantRole({ ...input, grantedByCustomer: true }, { member: rep, smartAccount, virtualAccount: null }).role,
    ).toBe('smart-account-user');
  });

  it("lets the customer's own member be Approver", () => {
    const own = member('cust-admin', customer.id);
    const input = {
      id: 'g',
      memberId: 'cust-admin',
      role: 'smart-account-approver' as const,
      smartAccountId: 'cust-sa',
      grantedBy: 'x',
      grantedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(grantRole(input, { member: own, smartAccount, virtualAccount: null }).role).toBe('smart-account-approver');
  });
});

describe('role grants fit their account', () => {
  const partnerOrg = organization({ id: 'partner', kind: 'partner' });
  const holding = account('hold', 'partner-holding', partnerOrg.id);
  const staff = member('staff', partnerOrg.id);
  const base = {
    id: 'g',
    memberId: 'staff',
    smartAccountId: 'hold',
    grantedBy: 'admin',
    grantedAt: '2026-01-01T00:00:00.000Z',
  };

  it('refuses a customer-account role on a holding account and names the roles that exist there', () => {
    expect(() =>
      grantRole(
        { ...base, role: 'smart-account-user' },
        { member: staff, smartAccount: holding.smartAccount, virtualAccount: null },
      ),
    ).toThrow(/Grant one of: Holding Account Administrator, Holding Account User, Virtual Account Administrator/);
  });

  it('refuses a Virtual Account role that names no Virtual Account', () => {
    expect(() =>
      grantRole(
        { ...base, role: 'virtual-account-user' },
        { member: staff, smartAccount: holding.smartAccount, virtualAccount: null },
      ),
    ).toThrow(/must name one Virtual Account/);
  });

  it('refuses an account-wide role that names a Virtual Account', () => {
    const va = holding.defaultVirtualAccount;
    expect(() =>
      grantRole(
        { ...base, role: 'holding-account-user', virtualAccountId: va.id },
        { member: staff, smartAccount: holding.smartAccount, virtualAccount: va },
      ),
    ).toThrow(/must not name a Virtual Account/);
  });

  it('refuses a Holding Account role on a customer account', () => {
    const cust = account('cust', 'customer', 'partner');
    expect(() =>
      grantRole(
        { ...base, smartAccountId: 'cust', role: 'holding-account-administrator' },
        { member: staff, smartAccount: cust.smartAccount, virtualAccount: null },
      ),
    ).toThrow(/does not exist on a customer Smart Account/);
  });
});

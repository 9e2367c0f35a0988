import { describe, expect, it } from 'vitest';
import { cleanWorld } from '../testing/clean-world.ts';
import { T0 } from '../testing/builders.ts';
import { AccountStructureError } from './errors.ts';
import { holdfastSnapshotSchema } from './holdfast-snapshot.ts';
import { isPublicEmailDomain } from './public-email-domains.ts';
import { canActivateLicensesIn, createSmartAccount } from './smart-account.ts';
import {
  assertDeletable,
  categoriseVirtualAccount,
  createVirtualAccount,
  defaultVirtualAccountProblems,
  renameVirtualAccount,
} from './virtual-account.ts';

const newAccount = (kind: 'customer' | 'partner-holding' | 'limited-use') =>
  createSmartAccount({
    id: `sa-${kind}`,
    name: 'Bluewave Holding',
    kind,
    organizationId: 'bluewave',
    emailDomain: 'Bluewave.Example.com',
    createdAt: T0,
  });

describe('Smart Accounts', () => {
  it('a new Smart Account of any kind comes with its Default Virtual Account', () => {
    for (const kind of ['customer', 'partner-holding', 'limited-use'] as const) {
      const { smartAccount, defaultVirtualAccount } = newAccount(kind);
      expect(defaultVirtualAccount).toMatchObject({
        smartAccountId: smartAccount.id,
        isDefault: true,
        name: 'DEFAULT',
      });
    }
  });

  it('stores e-mail domains in lower case and rejects one that is not a domain, naming the field', () => {
    expect(newAccount('customer').smartAccount.emailDomain).toBe('bluewave.example.com');
    expect(() =>
      createSmartAccount({
        id: 'x',
        name: 'X',
        kind: 'customer',
        organizationId: 'o',
        emailDomain: 'not a domain',
        createdAt: T0,
      }),
    ).toThrow(/emailDomain/);
  });

  it('rejects an unknown kind and lists the three kinds', () => {
    expect(() =>
      createSmartAccount({
        id: 'x',
        name: 'X',
        kind: 'reseller' as 'customer',
        organizationId: 'o',
        emailDomain: 'x.com',
        createdAt: T0,
      }),
    ).toThrow(/customer.*partner-holding.*limited-use/s);
  });

  it('licenses can be activated in customer and Limited Use accounts but never in a Partner Holding Account', () => {
    expect(canActivateLicensesIn(newAccount('partner-holding').smartAccount)).toBe(false);
    expect(canActivateLicensesIn(newAccount('customer').smartAccount)).toBe(true);
    expect(canActivateLicensesIn(newAccount('limited-use').smartAccount)).toBe(true);
  });

  it('knows the public e-mail domains a Limited Use account is meant for', () => {
    expect(isPublicEmailDomain('Gmail.com')).toBe(true);
    expect(isPublicEmailDomain('yahoo.com')).toBe(true);
    expect(isPublicEmailDomain('acme.example.com')).toBe(false);
  });
});

describe('Virtual Accounts', () => {
  const va = createVirtualAccount({ id: 'va1', smartAccountId: 'sa', name: 'EMEA', createdAt: T0 });

  it('can be renamed and categorised by region, department or purchasing team', () => {
    expect(renameVirtualAccount(va, 'Europe').name).toBe('Europe');
    expect(categoriseVirtualAccount(va, { kind: 'purchasing-team', value: 'Central' }).category).toEqual({
      kind: 'purchasing-team',
      value: 'Central',
    });
    expect(() => renameVirtualAccount(va, '   ')).toThrow(/name/);
  });

  it('the Default Virtual Account cannot be deleted; another can', () => {
    const { defaultVirtualAccount } = newAccount('partner-holding');
    expect(() => assertDeletable(defaultVirtualAccount)).toThrow(AccountStructureError);
    expect(() => assertDeletable(va)).not.toThrow();
  });

  it('reports a Smart Account with no or two Default Virtual Accounts', () => {
    const { defaultVirtualAccount } = newAccount('customer');
    expect(defaultVirtualAccountProblems(['sa-customer'], [defaultVirtualAccount])).toEqual([]);
    expect(defaultVirtualAccountProblems(['sa-customer'], [])).toHaveLength(1);
    expect(
      defaultVirtualAccountProblems(
        ['sa-customer'],
        [defaultVirtualAccount, { ...defaultVirtualAccount, id: 'twin' }],
      )[0],
    ).toContain('has 2 Default');
  });
});

describe('the Holdfast snapshot', () => {
  it('accepts a consistent snapshot', () => {
    expect(holdfastSnapshotSchema.safeParse(cleanWorld()).success).toBe(true);
  });

  it('rejects dangling references and a missing Default Virtual Account, naming each path', () => {
    const world = cleanWorld();
    const broken = {
      ...world,
      virtualAccounts: world.virtualAccounts.filter((va) => va.id !== 'p-hold/default'),
      roleGrants: [...world.roleGrants, { ...world.roleGrants[0]!, id: 'ghost', memberId: 'nobody' }],
    };
    const result = holdfastSnapshotSchema.safeParse(broken);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^smartAccounts\.0: .*exactly one Default Virtual Account/));
    expect(messages).toContainEqual('roleGrants.4.memberId: no member "nobody"');
  });

  it('rejects two orders with the same sales order number', () => {
    const world = cleanWorld();
    const result = holdfastSnapshotSchema.safeParse({ ...world, orders: [...world.orders, world.orders[0]] });
    expect(
      result.error?.issues.some((i) => i.message.includes('sales order number "1001" appears more than once')),
    ).toBe(true);
  });
});

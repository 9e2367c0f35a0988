// A small, realistic snapshot that breaks no best-practice rule; rule tests change one thing in it.
// Also the one way test worlds are assembled (`snapshotOf`) and changed (`withOrder`, `adding`,
// `changing`): the store's test world and the rule tests build on these.
import { HOLDFAST_FORMAT, holdfastSnapshotSchema, type HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import type { Order } from '../domain/order.ts';
import { DEFAULT_RULE_SETTINGS } from '../domain/settings.ts';
import type { SmartAccount } from '../domain/smart-account.ts';
import type { VirtualAccount } from '../domain/virtual-account.ts';
import {
  account,
  assignment,
  daysAfter,
  grant,
  member,
  order,
  organization,
  placedEvent,
  T0,
  virtualAccount,
} from './builders.ts';

export const NOW = new Date(daysAfter(T0, 3));

type Parts = Pick<HoldfastSnapshot, 'organizations' | 'members' | 'roleGrants' | 'orders'>;

/**
 * A snapshot of the given parts: each account (as `account()` builds it) with its Default Virtual
 * Account, then the other Virtual Accounts; no ticks, default settings.
 */
export function snapshotOf(
  parts: Parts & {
    accounts: readonly { smartAccount: SmartAccount; defaultVirtualAccount: VirtualAccount }[];
    virtualAccounts?: readonly VirtualAccount[];
    exportedAt?: string;
  },
): HoldfastSnapshot {
  return {
    format: HOLDFAST_FORMAT,
    exportedAt: parts.exportedAt ?? T0,
    organizations: parts.organizations,
    smartAccounts: parts.accounts.map((a) => a.smartAccount),
    virtualAccounts: [...parts.accounts.map((a) => a.defaultVirtualAccount), ...(parts.virtualAccounts ?? [])],
    members: parts.members,
    roleGrants: parts.roleGrants,
    orders: parts.orders,
    checklistTicks: [],
    settings: DEFAULT_RULE_SETTINGS,
  };
}

/** The world with one order changed. */
export function withOrder(
  world: HoldfastSnapshot,
  salesOrderNumber: string,
  change: (o: Order) => Order,
): HoldfastSnapshot {
  return { ...world, orders: world.orders.map((o) => (o.salesOrderNumber === salesOrderNumber ? change(o) : o)) };
}

type ListKey = 'organizations' | 'smartAccounts' | 'virtualAccounts' | 'members' | 'orders';

/** The world with entries added to one of its lists. */
export const adding = <K extends ListKey>(
  world: HoldfastSnapshot,
  key: K,
  ...added: HoldfastSnapshot[K][number][]
): HoldfastSnapshot => ({ ...world, [key]: [...world[key], ...added] });

/** The world with the entry of one of its lists that has `id` changed. */
export const changing = <K extends Exclude<ListKey, 'orders'>>(
  world: HoldfastSnapshot,
  key: K,
  id: string,
  change: (entry: HoldfastSnapshot[K][number]) => HoldfastSnapshot[K][number],
): HoldfastSnapshot => ({
  ...world,
  [key]: (world[key] as { id: string }[]).map((entry) =>
    entry.id === id ? change(entry as HoldfastSnapshot[K][number]) : entry,
  ),
});

export function cleanWorld(): HoldfastSnapshot {
  const partner = organization({
    id: 'partner',
    kind: 'partner',
    emailDomain: 'partner.example.com',
    purchasing: { model: 'centralised', regions: [], hasIndependentSubsidiaries: false },
  });
  const distributor = organization({ id: 'distributor', kind: 'distributor', emailDomain: 'distri.example.com' });
  const customer = organization({ id: 'acme', kind: 'customer', emailDomain: 'acme.example.com' });
  const holding = account('p-hold', 'partner-holding', partner.id, { emailDomain: 'partner.example.com' });
  const partnerOwn = account('p-own', 'customer', partner.id, { emailDomain: 'partner.example.com' });
  const distributorHolding = account('d-hold', 'partner-holding', distributor.id, {
    emailDomain: 'distri.example.com',
  });
  const acme = account('acme-sa', 'customer', customer.id, { emailDomain: 'acme.example.com' });
  const emea = virtualAccount('p-hold/emea', 'p-hold', { name: 'EMEA', category: { kind: 'region', value: 'EMEA' } });
  const acmeNetwork = virtualAccount('acme-sa/network', 'acme-sa', { name: 'Network Team' });

  const inHolding = order(
    '1001',
    [
      placedEvent(daysAfter(T0, 0), assignment(emea, 'partner-holding')),
      { id: '1001:r', type: 'reviewed', at: daysAfter(T0, 2), by: 'p-rep' },
    ],
    {
      endCustomer: { name: 'NewCo', emailDomain: 'newco.example.com', smartAccountId: null },
      distributor: { name: 'Distri', organizationId: 'distributor' },
      reseller: { name: 'Partner', organizationId: 'partner' },
    },
  );
  const delivered = order('1002', [placedEvent(daysAfter(T0, 0), assignment(acmeNetwork, 'customer'))], {
    endCustomer: { name: 'Acme Corp', emailDomain: 'acme.example.com', smartAccountId: 'acme-sa' },
  });

  return holdfastSnapshotSchema.parse(
    snapshotOf({
      exportedAt: NOW.toISOString(),
      organizations: [partner, distributor, customer],
      accounts: [holding, partnerOwn, distributorHolding, acme],
      virtualAccounts: [emea, acmeNetwork],
      members: [
        member('p-admin', 'partner'),
        member('p-rep', 'partner'),
        member('d-admin', 'distributor'),
        member('acme-admin', 'acme'),
      ],
      roleGrants: [
        grant('p-admin', 'holding-account-administrator', 'p-hold'),
        grant('p-rep', 'virtual-account-user', 'p-hold', 'p-hold/emea'),
        grant('d-admin', 'holding-account-administrator', 'd-hold'),
        grant('acme-admin', 'smart-account-administrator', 'acme-sa'),
      ],
      orders: [inHolding, delivered],
    }),
  );
}

// A small world for the store's tests: one reseller with a Partner Holding Account of three
// Virtual Accounts, one customer, members with each kind of role, and a fresh fake IndexedDB.
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import type { Order } from '../domain/order.ts';
import {
  T0,
  account,
  assignment,
  daysAfter,
  grant,
  member,
  order,
  organization,
  placedEvent,
  virtualAccount,
} from '../testing/builders.ts';
import { snapshotOf } from '../testing/clean-world.ts';
import { createStore } from './create-store.ts';
import type { HoldfastStore } from './holdfast-store.ts';

let counter = 0;
/** A store on its own fresh database in fake-indexeddb (passed in, not the global). */
export function freshStore(): HoldfastStore {
  counter += 1;
  return createStore({
    name: `holdfast-test-${counter}-${Math.random().toString(36).slice(2)}`,
    indexedDB,
    IDBKeyRange,
  });
}

export const NOW = new Date(daysAfter(T0, 100));

const reseller = organization({ id: 'reseller', kind: 'partner', emailDomain: 'reseller.example.com' });
const acme = organization({ id: 'acme', kind: 'customer', emailDomain: 'acme.example.com' });
export const holding = account('holding', 'partner-holding', 'reseller');
export const customer = account('acme-sa', 'customer', 'acme');
export const east = virtualAccount('east', 'holding');
export const west = virtualAccount('west', 'holding');

export const MEMBERS = {
  admin: member('admin', 'reseller'),
  holdingUser: member('holding-user', 'reseller'),
  eastUser: member('east-user', 'reseller'),
  westAdmin: member('west-admin', 'reseller'),
  outsider: member('outsider', 'reseller'),
};

const inEast = assignment(east, 'partner-holding');
const inWest = assignment(west, 'partner-holding');

/** Orders placed `day` days after T0 into east, west, on hold or straight to the customer. */
export function worldOrder(
  salesOrderNumber: string,
  where: 'east' | 'west' | 'hold' | 'customer',
  day: number,
  overrides: Partial<Order> = {},
): Order {
  const at = daysAfter(T0, day);
  const target =
    where === 'east'
      ? inEast
      : where === 'west'
        ? inWest
        : where === 'customer'
          ? assignment(customer.defaultVirtualAccount, 'customer')
          : null;
  return order(salesOrderNumber, [placedEvent(at, target, { id: `${salesOrderNumber}:placed` })], {
    createdAt: at,
    updatedAt: at,
    reseller: { name: 'Reseller', organizationId: 'reseller' },
    ...overrides,
  });
}

export function worldSnapshot(orders: Order[]): HoldfastSnapshot {
  return snapshotOf({
    organizations: [reseller, acme],
    accounts: [holding, customer],
    virtualAccounts: [east, west],
    members: Object.values(MEMBERS),
    roleGrants: [
      grant('admin', 'holding-account-administrator', 'holding'),
      grant('holding-user', 'holding-account-user', 'holding'),
      grant('east-user', 'virtual-account-user', 'holding', 'east'),
      grant('west-admin', 'virtual-account-administrator', 'holding', 'west'),
    ],
    orders,
  });
}

export async function storeWith(orders: Order[]): Promise<HoldfastStore> {
  const store = freshStore();
  await store.importSnapshot(worldSnapshot(orders), { now: NOW, actorId: 'admin', source: 'test world' });
  return store;
}

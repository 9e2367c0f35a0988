import { Dexie, type EntityTable, type Table, type Transaction } from 'dexie';
import type { ChecklistTick } from '../domain/checklist-tick.ts';
import type { Member } from '../domain/member.ts';
import type { Organization } from '../domain/organization.ts';
import type { RoleGrant } from '../domain/role.ts';
import type { SmartAccount } from '../domain/smart-account.ts';
import type { VirtualAccount } from '../domain/virtual-account.ts';
import { listingInvalidation } from './listing-invalidation.ts';
import type { ListedVirtualAccount, OrderListing } from './order-listing.ts';
import { toOrderRow } from './order-row.ts';
import type { ActivityRow, FindingStateRow, OrderRow, SettingsRow } from './rows.ts';

/** The tables since version 2. */
const TABLES_V2 = {
  organizations: 'id',
  smartAccounts: 'id, organizationId',
  virtualAccounts: 'id, smartAccountId',
  members: 'id, organizationId, email',
  roleGrants: 'id, memberId, smartAccountId',
  // Compound indexes end with the primary key so a page can resume exactly after its last row.
  orders: [
    'salesOrderNumber',
    '[virtualAccountId+since+salesOrderNumber]',
    '[virtualAccountId+status+since+salesOrderNumber]',
    '[virtualAccountId+reviewBase+salesOrderNumber]',
    '*searchKeys',
  ].join(', '),
  checklistTicks: '[salesOrderNumber+stepId+by+at], salesOrderNumber',
  settings: 'key',
  findingStates: 'key, ruleId',
  activityLog: '++seq, at, salesOrderNumber',
} as const;

/**
 * Every schema version of the local database, oldest first. Never edit a published version:
 * add a new one, with an `upgrade` when stored rows must change. Version 1 is what Holdfast 0.0
 * wrote; the upgrade test opens a database written with it.
 */
export const SCHEMA_VERSIONS = {
  1: {
    organizations: 'id',
    smartAccounts: 'id, organizationId',
    virtualAccounts: 'id, smartAccountId',
    members: 'id, organizationId',
    roleGrants: 'id, memberId, smartAccountId',
    orders: 'salesOrderNumber, virtualAccountId, status',
    checklistTicks: '[salesOrderNumber+stepId+by+at], salesOrderNumber',
    settings: 'key',
  },
  2: TABLES_V2,
  // Same tables; orders on Smart Account hold are re-bucketed by organisation (see onHoldBucket).
  3: TABLES_V2,
  // Rows know the synced document they came from, so losing a document deletes exactly its rows.
  4: { ...TABLES_V2, orders: `${TABLES_V2.orders}, sourceDoc` },
  // Each order's listing (order-listing.ts): a cache the lists read instead of every row's history.
  5: {
    ...TABLES_V2,
    orders: `${TABLES_V2.orders}, sourceDoc`,
    listings: 'salesOrderNumber, [virtualAccountId+since+salesOrderNumber]',
  },
  // The Virtual Accounts whose every order has a listing: a list reads their listings alone.
  6: {
    ...TABLES_V2,
    orders: `${TABLES_V2.orders}, sourceDoc`,
    listings: 'salesOrderNumber, [virtualAccountId+since+salesOrderNumber]',
    listedVirtualAccounts: 'virtualAccountId',
  },
} as const;

export const CURRENT_SCHEMA_VERSION = 6;

/** Recomputes every order row's derived columns from its stored order. */
const refoldOrderRows = (tx: Transaction) =>
  tx
    .table<OrderRow, string>('orders')
    .toCollection()
    .modify((row) => {
      Object.assign(row, toOrderRow(row.order));
    });

/** The parts of an IndexedDB implementation Dexie needs: the browser's own, or fake-indexeddb. */
export interface HoldfastDbOptions {
  name: string;
  indexedDB: IDBFactory;
  IDBKeyRange: typeof IDBKeyRange;
}

/** Holdfast's local database: one Dexie class, every table typed by its row schema. */
export class HoldfastDb extends Dexie {
  organizations!: EntityTable<Organization, 'id'>;
  smartAccounts!: EntityTable<SmartAccount, 'id'>;
  virtualAccounts!: EntityTable<VirtualAccount, 'id'>;
  members!: EntityTable<Member, 'id'>;
  roleGrants!: EntityTable<RoleGrant, 'id'>;
  orders!: EntityTable<OrderRow, 'salesOrderNumber'>;
  checklistTicks!: Table<ChecklistTick, [string, string, string, string]>;
  settings!: EntityTable<SettingsRow, 'key'>;
  findingStates!: EntityTable<FindingStateRow, 'key'>;
  activityLog!: EntityTable<ActivityRow, 'seq'>;
  listings!: EntityTable<OrderListing, 'salesOrderNumber'>;
  listedVirtualAccounts!: EntityTable<ListedVirtualAccount, 'virtualAccountId'>;

  constructor(options: HoldfastDbOptions) {
    super(options.name, { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange });
    // Dexie's liveQuery stays silent unless Dexie's own (process-wide) dependencies name an
    // IndexedDB; where there is no global one (Node), lend it the factory this database uses.
    if (!Dexie.dependencies.indexedDB)
      Object.assign(Dexie.dependencies, { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange });
    this.version(1).stores(SCHEMA_VERSIONS[1]);
    this.version(2)
      .stores(SCHEMA_VERSIONS[2])
      // Version 1 rows held the order and its status only: fold each history again for the new columns.
      .upgrade(refoldOrderRows);
    this.version(3)
      .stores(SCHEMA_VERSIONS[3])
      // On-hold orders move from one shared bucket to their organisation's.
      .upgrade(refoldOrderRows);
    // Existing rows have no source yet: the next projection of their document binds them.
    this.version(4).stores(SCHEMA_VERSIONS[4]);
    // No upgrade: a missing listing is derived from its row on the next read (nothing is lost,
    // the rows stay the one source of truth). Writes of rows drop their listings (listing-invalidation.ts).
    this.version(5).stores(SCHEMA_VERSIONS[5]);
    // No upgrade: with none marked, the first list reads every order's key once, as before.
    this.version(6).stores(SCHEMA_VERSIONS[6]);
    this.use(listingInvalidation);
  }
}

import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { daysAfter, grant, member, T0 } from '../testing/builders.ts';
import { appendOrderEvent } from '../domain/lifecycle.ts';
import type { HoldfastDb } from '../store/holdfast-db.ts';
import { putOrders } from '../store/write-api.ts';
import { CloseCode } from './close-codes.ts';
import { writeAccountDirectory, type AccountDirectory } from './directory-doc.ts';
import { directoryDocName, memberDocName, onHoldDocName, virtualAccountDocName } from './doc-names.ts';
import { writeMemberAccounts } from './member-doc.ts';
import { createManualClock, type ManualClock } from './testing/manual-clock.ts';
import { createMemoryRelay, type MemoryRelay } from './testing/memory-relay.ts';
import { freshDb } from './testing/projection-tables.ts';
import { assignedFromHold, deliveredOrder, heldOrder, holding, onHoldOrder, vaA, vaB } from './testing/va-fixtures.ts';
import { createTeamSync, type TeamSync } from './team-sync.ts';
import { readVirtualAccountDoc, writeOrder } from './virtual-account-doc.ts';
import { movedToMapOf } from './order-doc-layout.ts';

// y-indexeddb reads the global indexedDB; set after Dexie loaded (see virtual-account-sync.test.ts).
beforeAll(() => {
  Object.assign(globalThis, { indexedDB, IDBKeyRange });
});

const ALEX = member('alex', 'org-partner'); // Holding Account Administrator: both VAs
const BO = member('bo', 'org-partner'); // Virtual Account User of VA-A only
const CY = member('cy', 'org-partner'); // no role, unless a test grants one
const DOC_A = virtualAccountDocName(holding.smartAccount.id, vaA.id);
const DOC_B = virtualAccountDocName(holding.smartAccount.id, vaB.id);
const DIRECTORY = directoryDocName(holding.smartAccount.id);
const ON_HOLD = onHoldDocName(holding.smartAccount.organizationId);
const SERVER = 'relay';

const directory = (
  grants = [
    grant('alex', 'holding-account-administrator', 'sa-hold'),
    grant('bo', 'virtual-account-user', 'sa-hold', vaA.id),
  ],
): AccountDirectory => ({
  smartAccount: holding.smartAccount,
  virtualAccounts: [holding.defaultVirtualAccount, vaA, vaB],
  organizations: [],
  members: [ALEX, BO, CY],
  roleGrants: grants,
});

let relay: MemoryRelay;
const teams: TeamSync[] = [];
const dbs: HoldfastDb[] = [];
afterEach(async () => {
  for (const team of teams.splice(0)) await team.destroy();
  for (const db of dbs.splice(0)) db.close();
  relay?.destroy();
});

/** A relay that serves the member and directory docs read-only and lets Bo open VA-A only. */
function startRelay(): MemoryRelay {
  relay = createMemoryRelay({
    authorize: (docName, token) => {
      if (docName.startsWith('holdfast:member:'))
        return docName === memberDocName(token) ? 'read' : { closeCode: CloseCode.forbidden };
      if (docName === DIRECTORY) return 'read';
      if (token === 'bo' && docName !== DOC_A) return { closeCode: CloseCode.forbidden };
      return 'write';
    },
  });
  for (const who of [ALEX, BO, CY])
    writeMemberAccounts(
      relay.serverDoc(memberDocName(who.id)),
      { member: who, smartAccounts: [holding.smartAccount] },
      SERVER,
    );
  writeAccountDirectory(relay.serverDoc(DIRECTORY), directory(), SERVER);
  writeOrder(relay.serverDoc(DOC_A), heldOrder('SO-A1', vaA), SERVER);
  writeOrder(relay.serverDoc(DOC_B), heldOrder('SO-B1', vaB), SERVER);
  writeOrder(relay.serverDoc(ON_HOLD), onHoldOrder('SO-H1'), SERVER);
  return relay;
}

function join(
  memberId: string,
  options: { persist?: boolean; db?: HoldfastDb } = {},
): { team: TeamSync; db: HoldfastDb; errors: unknown[]; clock: ManualClock } {
  const db = options.db ?? freshDb(`team-${memberId}`);
  if (!options.db) dbs.push(db);
  const clock = createManualClock();
  const errors: unknown[] = [];
  const team = createTeamSync({
    url: 'ws://relay.test',
    token: memberId,
    memberId,
    db,
    persist: options.persist ?? false,
    WebSocket: relay.WebSocket,
    random: () => 0.5,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    onChange: () => undefined,
    onError: (error) => errors.push(error),
  });
  teams.push(team);
  return { team, db, errors, clock };
}

/**
 * Delivers frames and lets every member's store catch up, until a pass leaves no frame in flight
 * and no member with work: a condition, not a number of rounds or a sleep. Every running member is
 * waited for (a member not named could still be reacting); the names say who the test is about.
 */
async function settle(..._about: TeamSync[]): Promise<void> {
  do {
    relay.flush();
    for (const team of teams) await team.idle();
  } while (relay.pendingCount() > 0);
}

const orderNumbers = async (db: HoldfastDb) => (await db.orders.toCollection().primaryKeys()).sort();

describe('syncing everything a member may see', () => {
  it("opens the Virtual Accounts the member's roles allow, and projects them and the directory into the store", async () => {
    startRelay();
    const alex = join('alex');
    const bo = join('bo');
    await settle(alex.team, bo.team);
    expect(await orderNumbers(alex.db)).toEqual(['SO-A1', 'SO-B1', 'SO-H1']);
    expect(await orderNumbers(bo.db)).toEqual(['SO-A1']);
    expect(relay.receivedBy('bo').has(DOC_B)).toBe(false);
    expect(relay.receivedBy('bo').has(ON_HOLD)).toBe(false);
    expect((await bo.db.roleGrants.toArray()).map((g) => g.memberId).sort()).toEqual(['alex', 'bo']);
    expect(bo.team.state()).toMatchObject({ status: 'synced', member: { id: 'bo' }, revoked: [] });
    expect(
      bo.team
        .state()
        .documents.map((d) => d.docName)
        .sort(),
    ).toEqual([DOC_A, DIRECTORY, memberDocName('bo')].sort());
    expect([...alex.errors, ...bo.errors]).toEqual([]);
  });

  it("a tick by one member reaches the other member's store", async () => {
    startRelay();
    const alex = join('alex');
    const bo = join('bo');
    await settle(alex.team, bo.team);
    const tick = { salesOrderNumber: 'SO-A1', stepId: 'confirm-customer', ticked: true, by: 'alex', at: T0 };
    expect(await alex.team.tick(tick)).toBe(true);
    await settle(alex.team, bo.team);
    expect(await bo.db.checklistTicks.toArray()).toEqual([tick]);
  });

  it('refuses a tick on an order no synced document holds', async () => {
    startRelay();
    const bo = join('bo');
    await settle(bo.team);
    expect(
      await bo.team.tick({ salesOrderNumber: 'SO-B1', stepId: 'confirm-customer', ticked: true, by: 'bo', at: T0 }),
    ).toBe(false);
  });

  it('shows who else is looking at the same order, and only to members of its Virtual Account', async () => {
    startRelay();
    const alex = join('alex');
    const bo = join('bo');
    await settle(alex.team, bo.team);
    alex.team.setViewing('SO-A1');
    await settle(alex.team, bo.team);
    expect(bo.team.viewers('SO-A1')).toEqual([{ memberId: 'alex', name: 'alex' }]);
    expect(alex.team.viewers('SO-A1')).toEqual([]);
    alex.team.setViewing('SO-B1');
    await settle(alex.team, bo.team);
    expect(bo.team.viewers('SO-A1')).toEqual([]);
  });

  it('writes imported orders into their Virtual Account documents', async () => {
    startRelay();
    const alex = join('alex');
    await settle(alex.team);
    const imported = heldOrder('SO-A2', vaA);
    await putOrders(alex.db, [imported]);
    const row = (await alex.db.orders.get('SO-A2'))!;
    expect(await alex.team.adoptOrders([row])).toBe(1);
    await settle(alex.team);
    expect(readVirtualAccountDoc(relay.serverDoc(DOC_A)).orders.map((o) => o.salesOrderNumber)).toEqual([
      'SO-A1',
      'SO-A2',
    ]);
  });

  it("syncs the organisation's orders on Smart Account hold with the Holding Account Administrator, and closes them with the role", async () => {
    startRelay();
    const alex = join('alex');
    await settle(alex.team);
    expect((await alex.db.orders.get('SO-H1'))!.status).toBe('on-hold');
    const imported = onHoldOrder('SO-H2');
    await putOrders(alex.db, [imported]);
    expect(await alex.team.adoptOrders([(await alex.db.orders.get('SO-H2'))!])).toBe(1);
    await settle(alex.team);
    expect(readVirtualAccountDoc(relay.serverDoc(ON_HOLD)).orders.map((o) => o.salesOrderNumber)).toEqual([
      'SO-H1',
      'SO-H2',
    ]);

    writeAccountDirectory(
      relay.serverDoc(DIRECTORY),
      directory([grant('alex', 'virtual-account-user', 'sa-hold', vaA.id)]),
      SERVER,
    );
    await settle(alex.team);
    expect(await orderNumbers(alex.db)).toEqual(['SO-A1']);
    expect(alex.team.state().revoked).toEqual(
      [DOC_B, ON_HOLD, virtualAccountDocName(holding.smartAccount.id, holding.defaultVirtualAccount.id)].sort(),
    );
    expect(alex.errors).toEqual([]);
  });

  it('an order assigned from hold moves from the on-hold document into its Virtual Account’s, ticks and all', async () => {
    startRelay();
    const alex = join('alex');
    const bo = join('bo');
    await settle(alex.team, bo.team);
    const tick = { salesOrderNumber: 'SO-H1', stepId: 'confirm-customer', ticked: true, by: 'alex', at: T0 };
    expect(await alex.team.tick(tick)).toBe(true);
    await settle(alex.team);
    await putOrders(alex.db, [assignedFromHold('SO-H1')]);
    expect(await alex.team.adoptOrders([(await alex.db.orders.get('SO-H1'))!])).toBe(1);
    await settle(alex.team, bo.team);

    expect(readVirtualAccountDoc(relay.serverDoc(ON_HOLD)).orders).toEqual([]);
    expect(readVirtualAccountDoc(relay.serverDoc(DOC_A)).ticks).toEqual([tick]);
    for (const { db } of [alex, bo]) {
      expect((await db.orders.get('SO-H1'))!.virtualAccountId).toBe(vaA.id);
      expect(await db.checklistTicks.where('salesOrderNumber').equals('SO-H1').toArray()).toEqual([tick]);
    }
    expect([...alex.errors, ...bo.errors]).toEqual([]);
  });

  it('a tick and a review made offline on an order that meanwhile moved out of hold follow it into its Virtual Account', async () => {
    startRelay();
    writeAccountDirectory(
      relay.serverDoc(DIRECTORY),
      directory([
        grant('alex', 'holding-account-administrator', 'sa-hold'),
        grant('cy', 'holding-account-administrator', 'sa-hold'),
      ]),
      SERVER,
    );
    const alex = join('alex');
    const cy = join('cy');
    await settle(alex.team, cy.team);

    relay.partition('cy');
    relay.flush();
    const tick = {
      salesOrderNumber: 'SO-H1',
      stepId: 'confirm-customer',
      ticked: true,
      by: 'cy',
      at: daysAfter(T0, 3),
    };
    expect(await cy.team.tick(tick)).toBe(true);
    const reviewed = appendOrderEvent((await cy.db.orders.get('SO-H1'))!.order, {
      id: 'cy:review-1',
      type: 'reviewed',
      at: daysAfter(T0, 3),
      by: 'cy',
    });
    await putOrders(cy.db, [reviewed]);
    expect(await cy.team.adoptOrders([(await cy.db.orders.get('SO-H1'))!])).toBe(1);

    await putOrders(alex.db, [assignedFromHold('SO-H1')]);
    expect(await alex.team.adoptOrders([(await alex.db.orders.get('SO-H1'))!])).toBe(1);
    await settle(alex.team);
    relay.heal('cy');
    cy.clock.advance(60_000);
    await settle(alex.team, cy.team);

    expect(readVirtualAccountDoc(relay.serverDoc(ON_HOLD)).orders).toEqual([]);
    const moved = readVirtualAccountDoc(relay.serverDoc(DOC_A));
    expect(moved.ticks).toEqual([tick]);
    expect(moved.orders.find((o) => o.salesOrderNumber === 'SO-H1')!.history.map((e) => e.id)).toEqual([
      'placed:SO-H1',
      'assigned:SO-H1',
      'cy:review-1',
    ]);
    for (const { db } of [alex, cy]) {
      const row = (await db.orders.get('SO-H1'))!;
      expect(row.virtualAccountId).toBe(vaA.id);
      expect(row.order.history.map((e) => e.id)).toContain('cy:review-1');
      expect(await db.checklistTicks.where('salesOrderNumber').equals('SO-H1').toArray()).toEqual([tick]);
    }
    expect([...alex.errors, ...cy.errors]).toEqual([]);
  });

  it('an imported order that left holding updates the document that held it, so the team sees it delivered', async () => {
    startRelay();
    const alex = join('alex');
    const bo = join('bo');
    await settle(alex.team, bo.team);
    await putOrders(alex.db, [deliveredOrder('SO-A1')]);
    const row = (await alex.db.orders.get('SO-A1'))!;
    expect(row.virtualAccountId).not.toBe(vaA.id);
    expect(await alex.team.adoptOrders([row])).toBe(1);
    await settle(alex.team, bo.team);
    expect((await bo.db.orders.get('SO-A1'))!.status).toBe('delivered');
    expect((await alex.db.orders.get('SO-A1'))!.status).toBe('delivered');
  });

  it("closes a Virtual Account and deletes its orders from the store when the directory drops the member's role", async () => {
    startRelay();
    const bo = join('bo');
    await settle(bo.team);
    expect(await orderNumbers(bo.db)).toEqual(['SO-A1']);
    writeAccountDirectory(
      relay.serverDoc(DIRECTORY),
      directory([grant('alex', 'holding-account-administrator', 'sa-hold')]),
      SERVER,
    );
    await settle(bo.team);
    expect(await orderNumbers(bo.db)).toEqual([]);
    expect(bo.team.state().revoked).toEqual([DOC_A]);
  });

  it('deletes the local copy when the relay revokes a document with 4410', async () => {
    startRelay();
    const bo = join('bo');
    await settle(bo.team);
    relay.closeConnections('bo', CloseCode.accessRevoked, DOC_A);
    await settle(bo.team);
    expect(await orderNumbers(bo.db)).toEqual([]);
    expect(bo.team.state().revoked).toEqual([DOC_A]);
  });

  it('forgets an account the member lost every role on, each document counted once however the news arrives', async () => {
    startRelay();
    const bo = join('bo');
    await settle(bo.team);
    writeMemberAccounts(relay.serverDoc(memberDocName('bo')), { member: BO, smartAccounts: [] }, SERVER);
    relay.closeConnections('bo', CloseCode.accessRevoked, DIRECTORY);
    relay.closeConnections('bo', CloseCode.accessRevoked, DOC_A);
    await settle(bo.team);
    expect(await orderNumbers(bo.db)).toEqual([]);
    expect(await bo.db.roleGrants.where('memberId').equals('bo').count()).toBe(0);
    expect(bo.team.state().revoked).toEqual([DIRECTORY, DOC_A].sort());
    expect(bo.team.state().documents.map((d) => d.docName)).toEqual([memberDocName('bo')]);
  });

  it('says "unauthorized" when the relay refuses the token itself', async () => {
    startRelay();
    relay.destroy();
    relay = createMemoryRelay({ authorize: () => ({ closeCode: CloseCode.unauthorized }) });
    const ghost = join('ghost');
    await settle(ghost.team);
    expect(ghost.team.state().status).toBe('unauthorized');
  });

  it('starts offline from its stored documents, takes edits, and sends them after reconnecting', async () => {
    startRelay();
    const db = freshDb('team-offline');
    dbs.push(db);
    const first = join('alex', { persist: true, db });
    await settle(first.team);
    await first.team.destroy();

    relay.partition('alex');
    const offline = join('alex', { persist: true, db });
    await offline.team.settled();
    relay.flush(); // the relay refuses the connections
    expect(offline.team.state().status).toBe('offline');
    const tick = { salesOrderNumber: 'SO-B1', stepId: 'confirm-customer', ticked: true, by: 'alex', at: T0 };
    expect(await offline.team.tick(tick)).toBe(true);
    relay.flush();
    expect(readVirtualAccountDoc(relay.serverDoc(DOC_B)).ticks).toEqual([]);

    relay.heal('alex');
    offline.clock.advance(60_000); // past the longest backoff: every document reconnects
    await settle(offline.team);
    expect(readVirtualAccountDoc(relay.serverDoc(DOC_B)).ticks).toEqual([tick]);
    expect(offline.team.state().status).toBe('synced');
    expect([...first.errors, ...offline.errors]).toEqual([]);
  });
});

describe('rows bound to their document', () => {
  it('a Virtual Account User who plants entries under the number of an order held only in another Virtual Account never gets a byte of it through an administrator syncing both', async () => {
    startRelay();
    const alex = join('alex');
    const bo = join('bo');
    await settle(alex.team, bo.team);
    const secret = appendOrderEvent(heldOrder('SO-B1', vaB), {
      id: 'alex:n1',
      type: 'note-added',
      at: daysAfter(T0, 1),
      by: 'alex',
      text: 'VA-B only: the customer is late paying',
    });
    await putOrders(alex.db, [secret]);
    await alex.team.adoptOrders([(await alex.db.orders.get('SO-B1'))!]);
    await settle(alex.team, bo.team);

    // Bo writes into VA-A an entry under SO-B1, and a forwarding address pointing into VA-B.
    const planted = heldOrder('SO-B1', vaA);
    writeOrder(relay.serverDoc(DOC_A), planted, 'bo');
    relay.serverDoc(DOC_A).transact(() => movedToMapOf(relay.serverDoc(DOC_A)).set('SO-B1', vaB.id), 'bo');
    writeOrder(relay.serverDoc(DOC_A), { ...heldOrder('SO-B2', vaA) }, 'bo');
    await settle(alex.team, bo.team);

    const inA = JSON.stringify(relay.serverDoc(DOC_A).toJSON());
    expect(inA).not.toContain('customer is late paying');
    expect(inA).not.toContain('alex:n1');
    expect(JSON.stringify(await bo.db.orders.toArray())).not.toContain('customer is late paying');
    const row = (await alex.db.orders.get('SO-B1'))!;
    expect([row.sourceDoc, row.order.history.map((e) => e.id)]).toEqual([DOC_B, ['placed:SO-B1', 'alex:n1']]);
    expect([...alex.errors, ...bo.errors]).toEqual([]);
  });

  it('turning sync on keeps every order that exists only here and shares the ones the member may write', async () => {
    startRelay();
    const db = freshDb('import-then-sync');
    dbs.push(db);
    const elsewhere = { ...onHoldOrder('SO-X1'), reseller: { name: 'Other', organizationId: 'org-other' } };
    await putOrders(db, [onHoldOrder('SO-H9'), heldOrder('SO-A9', vaA), elsewhere]);
    const alex = join('alex', { db });
    await settle(alex.team);
    expect(await orderNumbers(db)).toEqual(['SO-A1', 'SO-A9', 'SO-B1', 'SO-H1', 'SO-H9', 'SO-X1']);
    expect(readVirtualAccountDoc(relay.serverDoc(ON_HOLD)).orders.map((o) => o.salesOrderNumber)).toEqual([
      'SO-H1',
      'SO-H9',
    ]);
    expect(readVirtualAccountDoc(relay.serverDoc(DOC_A)).orders.map((o) => o.salesOrderNumber)).toEqual([
      'SO-A1',
      'SO-A9',
    ]);
    expect((await db.orders.get('SO-X1'))!.sourceDoc).toBeUndefined();
  });

  it('a revoked document takes every row it brought with it, a delivered order included, and nothing else', async () => {
    startRelay();
    writeOrder(relay.serverDoc(DOC_A), deliveredOrder('SO-A7', vaA), SERVER);
    const db = freshDb('revoked-rows');
    dbs.push(db);
    await putOrders(db, [heldOrder('SO-LOCAL', vaB)]);
    const bo = join('bo', { db });
    await settle(bo.team);
    expect(await orderNumbers(db)).toEqual(['SO-A1', 'SO-A7', 'SO-LOCAL']);
    writeAccountDirectory(
      relay.serverDoc(DIRECTORY),
      directory([grant('alex', 'holding-account-administrator', 'sa-hold')]),
      SERVER,
    );
    await settle(bo.team);
    expect(await orderNumbers(db)).toEqual(['SO-LOCAL']);
    expect(bo.team.state().revoked).toEqual([DOC_A]);
  });
});

import { describe, expect, it } from 'vitest';
import { daysAfter, grant, T0 } from '../testing/builders.ts';
import { appendOrderEvent } from '../domain/lifecycle.ts';
import { putOrders } from '../store/write-api.ts';
import { writeAccountDirectory } from './directory-doc.ts';
import { virtualAccountDocName } from './doc-names.ts';
import { DIRECTORY, DOC_A, DOC_B, ON_HOLD, directory, orderNumbers, useTeamWorld } from './testing/team-world.ts';
import { assignedFromHold, deliveredOrder, heldOrder, holding, onHoldOrder, vaA, vaB } from './testing/va-fixtures.ts';
import { writeOrder } from './virtual-account-doc.ts';
import { readVirtualAccountDoc } from './virtual-account-reads.ts';
import { movedToMapOf } from './order-doc-layout.ts';

// Imported orders written into the team's documents: into their Virtual Account's, moved out of
// hold when their history proves it, and rows bound to the document they came from.
const world = useTeamWorld();
const { startRelay, join, settle } = world;

describe("writing imported orders into the team's documents", () => {
  it('writes imported orders into their Virtual Account documents', async () => {
    startRelay();
    const alex = join('alex');
    await settle(alex.team);
    const imported = heldOrder('SO-A2', vaA);
    await putOrders(alex.db, [imported]);
    const row = (await alex.db.orders.get('SO-A2'))!;
    expect(await alex.team.adoptOrders([row])).toBe(1);
    await settle(alex.team);
    expect(readVirtualAccountDoc(world.relay.serverDoc(DOC_A)).orders.map((o) => o.salesOrderNumber)).toEqual([
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
    expect(readVirtualAccountDoc(world.relay.serverDoc(ON_HOLD)).orders.map((o) => o.salesOrderNumber)).toEqual([
      'SO-H1',
      'SO-H2',
    ]);

    world.relay.write(DIRECTORY, (doc, origin) =>
      writeAccountDirectory(doc, directory([grant('alex', 'virtual-account-user', 'sa-hold', vaA.id)]), origin),
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

    expect(readVirtualAccountDoc(world.relay.serverDoc(ON_HOLD)).orders).toEqual([]);
    expect(readVirtualAccountDoc(world.relay.serverDoc(DOC_A)).ticks).toEqual([tick]);
    for (const { db } of [alex, bo]) {
      expect((await db.orders.get('SO-H1'))!.virtualAccountId).toBe(vaA.id);
      expect(await db.checklistTicks.where('salesOrderNumber').equals('SO-H1').toArray()).toEqual([tick]);
    }
    expect([...alex.errors, ...bo.errors]).toEqual([]);
  });

  it('a tick and a review made offline on an order that meanwhile moved out of hold follow it into its Virtual Account', async () => {
    startRelay();
    world.relay.write(DIRECTORY, (doc, origin) =>
      writeAccountDirectory(
        doc,
        directory([
          grant('alex', 'holding-account-administrator', 'sa-hold'),
          grant('cy', 'holding-account-administrator', 'sa-hold'),
        ]),
        origin,
      ),
    );
    const alex = join('alex');
    const cy = join('cy');
    await settle(alex.team, cy.team);

    world.relay.partition('cy');
    world.relay.flush();
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
    world.relay.heal('cy');
    cy.clock.advance(60_000);
    await settle(alex.team, cy.team);

    expect(readVirtualAccountDoc(world.relay.serverDoc(ON_HOLD)).orders).toEqual([]);
    const moved = readVirtualAccountDoc(world.relay.serverDoc(DOC_A));
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
    world.relay.write(DOC_A, (doc, origin) => writeOrder(doc, planted, origin));
    world.relay.write(DOC_A, (doc, origin) => doc.transact(() => movedToMapOf(doc).set('SO-B1', vaB.id), origin));
    world.relay.write(DOC_A, (doc, origin) => writeOrder(doc, { ...heldOrder('SO-B2', vaA) }, origin));
    await settle(alex.team, bo.team);

    const inA = JSON.stringify(world.relay.serverDoc(DOC_A).toJSON());
    expect(inA).not.toContain('customer is late paying');
    expect(inA).not.toContain('alex:n1');
    expect(JSON.stringify(await bo.db.orders.toArray())).not.toContain('customer is late paying');
    const row = (await alex.db.orders.get('SO-B1'))!;
    expect([row.sourceDoc, row.order.history.map((e) => e.id)]).toEqual([DOC_B, ['placed:SO-B1', 'alex:n1']]);
    expect([...alex.errors, ...bo.errors]).toEqual([]);
  });

  it('turning sync on keeps every order that exists only here and shares the ones the member may write', async () => {
    startRelay();
    const db = world.db('import-then-sync');
    const elsewhere = { ...onHoldOrder('SO-X1'), reseller: { name: 'Other', organizationId: 'org-other' } };
    await putOrders(db, [onHoldOrder('SO-H9'), heldOrder('SO-A9', vaA), elsewhere]);
    const alex = join('alex', { db });
    await settle(alex.team);
    expect(await orderNumbers(db)).toEqual(['SO-A1', 'SO-A9', 'SO-B1', 'SO-H1', 'SO-H9', 'SO-X1']);
    expect(readVirtualAccountDoc(world.relay.serverDoc(ON_HOLD)).orders.map((o) => o.salesOrderNumber)).toEqual([
      'SO-H1',
      'SO-H9',
    ]);
    expect(readVirtualAccountDoc(world.relay.serverDoc(DOC_A)).orders.map((o) => o.salesOrderNumber)).toEqual([
      'SO-A1',
      'SO-A9',
    ]);
    expect((await db.orders.get('SO-X1'))!.sourceDoc).toBeUndefined();
  });

  it('a revoked document takes every row it brought with it, a delivered order included, and nothing else', async () => {
    startRelay();
    world.relay.write(DOC_A, (doc, origin) => writeOrder(doc, deliveredOrder('SO-A7', vaA), origin));
    const db = world.db('revoked-rows');
    await putOrders(db, [heldOrder('SO-LOCAL', vaB)]);
    const bo = join('bo', { db });
    await settle(bo.team);
    expect(await orderNumbers(db)).toEqual(['SO-A1', 'SO-A7', 'SO-LOCAL']);
    world.relay.write(DIRECTORY, (doc, origin) =>
      writeAccountDirectory(doc, directory([grant('alex', 'holding-account-administrator', 'sa-hold')]), origin),
    );
    await settle(bo.team);
    expect(await orderNumbers(db)).toEqual(['SO-LOCAL']);
    expect(bo.team.state().revoked).toEqual([DOC_A]);
  });
});

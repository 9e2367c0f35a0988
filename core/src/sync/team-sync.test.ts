import { describe, expect, it } from 'vitest';
import { grant, T0 } from '../testing/builders.ts';
import { CloseCode } from './close-codes.ts';
import { writeAccountDirectory } from './directory-doc.ts';
import { memberDocName } from './doc-names.ts';
import { writeMemberAccounts } from './member-doc.ts';
import { BO, DIRECTORY, DOC_A, DOC_B, ON_HOLD, directory, orderNumbers, useTeamWorld } from './testing/team-world.ts';
import { readVirtualAccountDoc } from './virtual-account-reads.ts';

// Opening and closing what a member may see, presence, revocation and offline start. Writing
// imported orders (and moves between documents) is in team-sync-moves.test.ts.
const world = useTeamWorld();
const { startRelay, join, settle } = world;

describe('syncing everything a member may see', () => {
  it("opens the Virtual Accounts the member's roles allow, and projects them and the directory into the store", async () => {
    startRelay();
    const alex = join('alex');
    const bo = join('bo');
    await settle(alex.team, bo.team);
    expect(await orderNumbers(alex.db)).toEqual(['SO-A1', 'SO-B1', 'SO-H1']);
    expect(await orderNumbers(bo.db)).toEqual(['SO-A1']);
    expect(world.relay.receivedBy('bo').has(DOC_B)).toBe(false);
    expect(world.relay.receivedBy('bo').has(ON_HOLD)).toBe(false);
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
  it("closes a Virtual Account and deletes its orders from the store when the directory drops the member's role", async () => {
    startRelay();
    const bo = join('bo');
    await settle(bo.team);
    expect(await orderNumbers(bo.db)).toEqual(['SO-A1']);
    world.relay.write(DIRECTORY, (doc, origin) =>
      writeAccountDirectory(doc, directory([grant('alex', 'holding-account-administrator', 'sa-hold')]), origin),
    );
    await settle(bo.team);
    expect(await orderNumbers(bo.db)).toEqual([]);
    expect(bo.team.state().revoked).toEqual([DOC_A]);
  });

  it('deletes the local copy when the relay revokes a document with 4410', async () => {
    startRelay();
    const bo = join('bo');
    await settle(bo.team);
    world.relay.closeConnections('bo', CloseCode.accessRevoked, DOC_A);
    await settle(bo.team);
    expect(await orderNumbers(bo.db)).toEqual([]);
    expect(bo.team.state().revoked).toEqual([DOC_A]);
  });

  it('forgets an account the member lost every role on, each document counted once however the news arrives', async () => {
    startRelay();
    const bo = join('bo');
    await settle(bo.team);
    world.relay.write(memberDocName('bo'), (doc, origin) =>
      writeMemberAccounts(doc, { member: BO, smartAccounts: [] }, origin),
    );
    world.relay.closeConnections('bo', CloseCode.accessRevoked, DIRECTORY);
    world.relay.closeConnections('bo', CloseCode.accessRevoked, DOC_A);
    await settle(bo.team);
    expect(await orderNumbers(bo.db)).toEqual([]);
    expect(await bo.db.roleGrants.where('memberId').equals('bo').count()).toBe(0);
    expect(bo.team.state().revoked).toEqual([DIRECTORY, DOC_A].sort());
    expect(bo.team.state().documents.map((d) => d.docName)).toEqual([memberDocName('bo')]);
  });

  it('says "unauthorized" when the relay refuses the token itself', async () => {
    startRelay();
    world.useRelay({ authorize: () => ({ closeCode: CloseCode.unauthorized }) });
    const ghost = join('ghost');
    await settle(ghost.team);
    expect(ghost.team.state().status).toBe('unauthorized');
  });

  it('starts offline from its stored documents, takes edits, and sends them after reconnecting', async () => {
    startRelay();
    const db = world.db('team-offline');
    const first = join('alex', { persist: true, db });
    await settle(first.team);
    await first.team.destroy();

    world.relay.partition('alex');
    const offline = join('alex', { persist: true, db });
    await offline.team.settled();
    world.relay.flush(); // the relay refuses the connections
    expect(offline.team.state().status).toBe('offline');
    const tick = { salesOrderNumber: 'SO-B1', stepId: 'confirm-customer', ticked: true, by: 'alex', at: T0 };
    expect(await offline.team.tick(tick)).toBe(true);
    world.relay.flush();
    expect(readVirtualAccountDoc(world.relay.serverDoc(DOC_B)).ticks).toEqual([]);

    world.relay.heal('alex');
    offline.clock.advance(60_000); // past the longest backoff: every document reconnects
    await settle(offline.team);
    expect(readVirtualAccountDoc(world.relay.serverDoc(DOC_B)).ticks).toEqual([tick]);
    expect(offline.team.state().status).toBe('synced');
    expect([...first.errors, ...offline.errors]).toEqual([]);
  });
});

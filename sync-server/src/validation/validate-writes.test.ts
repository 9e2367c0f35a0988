import { actorOf, createSmartAccount, memberSchema, orderSchema, roleGrantSchema, type Role } from '@holdfast/core';
import { virtualAccountDocName } from '@holdfast/core/protocol';
import { appendOrderEventToDoc, writeOrder } from '@holdfast/core/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createWriteValidator } from './validate-writes.ts';
import { LOCAL_EDIT } from '@holdfast/core/sync';

const T0 = '2026-01-01T00:00:00.000Z';
const holding = createSmartAccount({
  id: 'hold',
  name: 'Keystone Holding',
  kind: 'partner-holding',
  organizationId: 'keystone',
  emailDomain: 'keystone.example.com',
  createdAt: T0,
});
const customer = createSmartAccount({
  id: 'acme',
  name: 'Acme',
  kind: 'customer',
  organizationId: 'acme',
  emailDomain: 'acme.example.com',
  createdAt: T0,
});
const reseller = createSmartAccount({
  id: 'reseller-hold',
  name: 'Reseller Holding',
  kind: 'partner-holding',
  organizationId: 'reseller',
  emailDomain: 'reseller.example.com',
  createdAt: T0,
});
const docName = virtualAccountDocName('hold', 'hold/east');

/** Members of the holding account's organisation with one role each on the East Virtual Account. */
const ROLES: Record<string, Role> = { user: 'virtual-account-user', viewer: 'virtual-account-viewer' };
const directory = {
  version: () => 1,
  smartAccount: (id: string) => [holding.smartAccount, customer.smartAccount].find((sa) => sa.id === id),
  actor: (memberId: string) => {
    const role = ROLES[memberId];
    if (!role) return undefined;
    const member = memberSchema.parse({
      id: memberId,
      name: memberId,
      email: `${memberId}@keystone.example.com`,
      organizationId: 'keystone',
    });
    const grant = roleGrantSchema.parse({
      id: `${memberId}:grant`,
      memberId,
      role,
      smartAccountId: 'hold',
      virtualAccountId: 'hold/east',
      grantedBy: 'admin',
      grantedAt: T0,
    });
    return actorOf(member, [grant]);
  },
};

const order = orderSchema.parse({
  salesOrderNumber: 'SO-1',
  webOrderId: 'WO-1',
  poNumber: 'PO-1',
  endCustomer: { name: 'Acme' },
  lines: [
    { lineNumber: 1, lineId: '1.0', sku: 'A', quantity: 1 },
    { lineNumber: 2, lineId: '2.0', sku: 'B', quantity: 1 },
  ],
  history: [
    {
      id: 'placed',
      type: 'placed',
      at: T0,
      by: 'import',
      assignment: { smartAccountId: 'hold', virtualAccountId: 'hold/east', kind: 'partner-holding' },
    },
  ],
  createdAt: T0,
  updatedAt: T0,
});

/** The relay's document holding SO-1 (imported by the user) and a replica of it for `memberId`. */
function world(memberId: string) {
  const validator = createWriteValidator({ directory });
  const owners = new Map<number, string>();
  // As the relay does once the update is stored: the ids it used first are bound to its writer.
  const validate = (member: string, doc: Y.Doc, update: Uint8Array) => {
    const verdict = validator({ docName, doc, memberId: member, update, ownerOfClient: (id) => owners.get(id) });
    if (verdict.ok) for (const clientId of verdict.newClients) owners.set(clientId, member);
    return verdict;
  };
  const relay = new Y.Doc();
  const importer = new Y.Doc();
  writeOrder(importer, order, LOCAL_EDIT);
  const imported = Y.encodeStateAsUpdate(importer);
  expect(validate('user', relay, imported)).toEqual({ ok: true, newClients: [importer.clientID] });
  Y.applyUpdate(relay, imported);
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(relay));
  const send = () => validate(memberId, relay, Y.encodeStateAsUpdate(replica, Y.encodeStateVector(relay)));
  return { replica, send };
}

const lineStart = (by: string) => ({
  id: `${by}:start`,
  type: 'reassignment-started' as const,
  at: '2026-01-02T00:00:00.000Z',
  by,
  target: { smartAccountId: 'acme', virtualAccountId: customer.defaultVirtualAccount.id, kind: 'customer' as const },
  via: 'portal' as const,
  lineNumbers: [1],
});
const handOn = (by: string) => ({
  id: `${by}:hand-on`,
  type: 'handed-to-reseller' as const,
  at: '2026-01-02T00:00:00.000Z',
  by,
  assignment: {
    smartAccountId: 'reseller-hold',
    virtualAccountId: reseller.defaultVirtualAccount.id,
    kind: 'partner-holding' as const,
  },
});

describe("the relay's write validation of line-level reassignment and the distributor hand-off", () => {
  it('accepts the reassignment of one line, and a hand-off, from a member whose role may reassign here', () => {
    for (const event of [lineStart('user'), handOn('user')]) {
      const { replica, send } = world('user');
      appendOrderEventToDoc(replica, 'SO-1', event, LOCAL_EDIT);
      expect(send()).toMatchObject({ ok: true });
    }
  });

  it('refuses them from a Virtual Account Viewer, naming the event', () => {
    for (const event of [lineStart('viewer'), handOn('viewer')]) {
      const { replica, send } = world('viewer');
      appendOrderEventToDoc(replica, 'SO-1', event, LOCAL_EDIT);
      expect(send()).toMatchObject({ ok: false, reason: expect.stringContaining(event.type) });
    }
  });
});

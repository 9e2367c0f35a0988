import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { heldOrder } from './testing/va-fixtures.ts';
import { clearLocalDoc, persistDoc } from './local-persistence.ts';
import { writeOrder } from './virtual-account-doc.ts';
import { readVirtualAccountDoc } from './virtual-account-reads.ts';
import { LOCAL_EDIT } from './origins.ts';

describe('local persistence of a Virtual Account document', () => {
  it('restores the document a previous session stored', async () => {
    const doc = new Y.Doc();
    const first = persistDoc(doc, 'holdfast:va:sa:va-restore');
    await first.whenSynced;
    writeOrder(doc, heldOrder('SO-1'), LOCAL_EDIT);
    await first.destroy();

    const reopened = new Y.Doc();
    const second = persistDoc(reopened, 'holdfast:va:sa:va-restore');
    await second.whenSynced;
    expect(readVirtualAccountDoc(reopened).orders).toEqual([heldOrder('SO-1')]);
    await second.destroy();
  });

  it('loads stored updates with its own origin so they are not saved again', async () => {
    const doc = new Y.Doc();
    const first = persistDoc(doc, 'holdfast:va:sa:va-origin');
    await first.whenSynced;
    writeOrder(doc, heldOrder('SO-1'), LOCAL_EDIT);
    await first.destroy();

    const reopened = new Y.Doc();
    const origins: unknown[] = [];
    reopened.on('afterTransaction', (tr) => origins.push(tr.origin));
    const second = persistDoc(reopened, 'holdfast:va:sa:va-origin');
    await second.whenSynced;
    expect(origins.length).toBeGreaterThan(0);
    expect(origins.every((o) => o === second.origin)).toBe(true);
    await second.destroy();
  });

  it('forgets a document once its local copy is cleared after revocation', async () => {
    const doc = new Y.Doc();
    const first = persistDoc(doc, 'holdfast:va:sa:va-revoked');
    await first.whenSynced;
    writeOrder(doc, heldOrder('SO-1'), LOCAL_EDIT);
    await first.destroy();
    await clearLocalDoc('holdfast:va:sa:va-revoked');

    const reopened = new Y.Doc();
    const second = persistDoc(reopened, 'holdfast:va:sa:va-revoked');
    await second.whenSynced;
    expect(readVirtualAccountDoc(reopened).orders).toEqual([]);
    await second.destroy();
  });
});

import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { putDocumentOrders, putOrders } from '../store/write-api.ts';
import { virtualAccountDocName } from './doc-names.ts';
import { forgetLostDocuments } from './forget-lost-documents.ts';
import { persistDoc } from './local-persistence.ts';
import { freshDb } from './testing/projection-tables.ts';
import { heldOrder, vaA, vaB } from './testing/va-fixtures.ts';
import { writeOrder } from './virtual-account-doc.ts';
import { readVirtualAccountDoc } from './virtual-account-reads.ts';
import { LOCAL_EDIT } from './origins.ts';

const DOC_A = virtualAccountDocName('sa-hold', vaA.id);
const DOC_B = virtualAccountDocName('sa-hold', vaB.id);

async function storeCopy(name: string, salesOrderNumber: string): Promise<void> {
  const doc = new Y.Doc();
  const persistence = persistDoc(doc, name);
  await persistence.whenSynced;
  writeOrder(doc, heldOrder(salesOrderNumber), LOCAL_EDIT);
  await persistence.destroy();
}

async function storedOrders(name: string): Promise<string[]> {
  const doc = new Y.Doc();
  const persistence = persistDoc(doc, name);
  await persistence.whenSynced;
  await persistence.destroy();
  return readVirtualAccountDoc(doc).orders.map((o) => o.salesOrderNumber);
}

describe('a change of member', () => {
  it('deletes exactly the rows and stored copies of the documents the new member does not sync', async () => {
    const db = freshDb('forget-lost');
    await putDocumentOrders(db, DOC_A, [heldOrder('SO-A1', vaA)]);
    await putDocumentOrders(db, DOC_B, [heldOrder('SO-B1', vaB), heldOrder('SO-B2', vaB)]);
    await putOrders(db, [heldOrder('SO-LOCAL', vaB)]); // exists only here: never deleted
    await storeCopy(DOC_A, 'SO-A1');
    await storeCopy(DOC_B, 'SO-B1');
    await storeCopy('not-a-holdfast-document', 'SO-X');

    const lost = await forgetLostDocuments(db, new Set([DOC_A]), {
      persist: true,
      databases: () => indexedDB.databases(),
    });

    expect(lost).toEqual([DOC_B]);
    expect((await db.orders.toArray()).map((r) => [r.salesOrderNumber, r.sourceDoc]).sort()).toEqual([
      ['SO-A1', DOC_A],
      ['SO-LOCAL', undefined],
    ]);
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).not.toContain(DOC_B);
    expect(await storedOrders(DOC_A)).toEqual(['SO-A1']);
    expect(names).toContain('not-a-holdfast-document');
  });

  it('forgets nothing while every document it finds is open', async () => {
    const db = freshDb('forget-nothing');
    await putDocumentOrders(db, DOC_A, [heldOrder('SO-A1', vaA)]);
    expect(await forgetLostDocuments(db, new Set([DOC_A]), { persist: false })).toEqual([]);
    expect(await db.orders.count()).toBe(1);
  });
});

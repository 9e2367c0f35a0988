import type * as Y from 'yjs';
import { notesTextName } from './order-doc-layout.ts';
import { UnknownOrderError } from './virtual-account-doc.ts';
import { heldOrderNumbers, holdsOrder } from './virtual-account-reads.ts';
import type { SyncOrigin } from './origins.ts';

/**
 * The shared notes text of an order, for binding an editor (edit it inside `doc.transact(…, origin)`).
 * It is the document's root text named after the order (`notesTextName`): every replica gets the
 * same one by name and none creates it, so two members typing an order's first notes at the same
 * time type into one text, and Yjs merges their words character by character. Asking for it
 * writes nothing.
 */
export function orderNotesText(doc: Y.Doc, salesOrderNumber: string): Y.Text {
  if (!holdsOrder(doc, salesOrderNumber)) throw new UnknownOrderError(salesOrderNumber, heldOrderNumbers(doc));
  return doc.getText(notesTextName(salesOrderNumber));
}

/** Replaces `deleteCount` characters at `index` by `insert` in an order's notes. */
export function editOrderNotes(
  doc: Y.Doc,
  salesOrderNumber: string,
  edit: { index: number; deleteCount: number; insert: string },
  origin: SyncOrigin,
): void {
  const text = orderNotesText(doc, salesOrderNumber);
  doc.transact(() => {
    const index = Math.max(0, Math.min(edit.index, text.length));
    const deleteCount = Math.max(0, Math.min(edit.deleteCount, text.length - index));
    if (deleteCount > 0) text.delete(index, deleteCount);
    if (edit.insert.length > 0) text.insert(index, edit.insert);
  }, origin);
}

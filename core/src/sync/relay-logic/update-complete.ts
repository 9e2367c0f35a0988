import * as Y from 'yjs';
import { decodeUpdateOnce, type DecodedUpdate } from './decoded-update.ts';
import { MalformedMessageError } from '../wire-protocol.ts';

/**
 * Refuses, before anything is applied, a client update that Yjs could apply only in part: one that
 * does not decode whole, skips clocks, builds on items or deletes ranges the relay does not hold.
 * Yjs would keep such parts pending inside the relay's document — content held under a client id
 * that no connected client ever received — so the relay takes an update completely or not at all.
 */
export function checkUpdateComplete(doc: Y.Doc, update: Uint8Array): void {
  let decoded: DecodedUpdate;
  try {
    decoded = decodeUpdateOnce(update);
  } catch {
    throw new MalformedMessageError('the update is not a valid Yjs update');
  }
  // Only the clients the update names are looked up (not the whole state vector, which grows with
  // every client id that ever wrote to the document).
  const end = new Map<number, number>();
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    const have = endOf(doc, end, client);
    if (struct instanceof Y.Skip || clock > have)
      throw new MalformedMessageError('the update builds on changes the relay has not received; send sync step 2');
    end.set(client, Math.max(have, clock + struct.length));
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent instanceof Y.ID ? struct.parent : null;
    if (!holds(doc, end, struct.origin) || !holds(doc, end, struct.rightOrigin) || !holds(doc, end, parent))
      throw new MalformedMessageError('the update refers to items the relay does not hold');
  }
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges)
      if (range.clock + range.len > endOf(doc, end, client))
        throw new MalformedMessageError('the update deletes items the relay does not hold');
  }
}

/** Where a client's clocks end once the update is applied: the document's, then the update's. */
function endOf(doc: Y.Doc, end: Map<number, number>, client: number): number {
  let clock = end.get(client);
  if (clock === undefined) end.set(client, (clock = Y.getState(doc.store, client)));
  return clock;
}

/** Whether the document or the update holds `id` (plain functions: this runs for every update). */
function holds(doc: Y.Doc, end: Map<number, number>, id: Y.ID | null): boolean {
  return id === null || id.clock < endOf(doc, end, id.client);
}

/** True when Yjs holds structs or deletions it could not integrate (the check above keeps this false). */
export function hasPendingContent(doc: Y.Doc): boolean {
  const store = doc.store as unknown as { pendingStructs: unknown; pendingDs: unknown };
  return store.pendingStructs !== null || store.pendingDs !== null;
}

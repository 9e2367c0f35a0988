import { afterEach, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { daysAfter, T0 } from '../testing/builders.ts';
import { virtualAccountDocName } from './doc-names.ts';
import { createManualClock } from './testing/manual-clock.ts';
import { createMemoryRelay } from './testing/memory-relay.ts';
import { connectReplica } from './testing/replica.ts';
import { heldOrder } from './testing/va-fixtures.ts';
import { appendOrderEventToDoc, tickChecklistStep, writeOrder } from './virtual-account-doc.ts';
import { readVirtualAccountDoc } from './virtual-account-reads.ts';
import { editOrderNotes } from './order-notes.ts';
import { LOCAL_EDIT } from './origins.ts';

const DOC = virtualAccountDocName('sa-hold', 'va-a');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('the provider and a stock y-websocket WebsocketProvider', () => {
  it('converge through the same relay', () => {
    const relay = createMemoryRelay();
    const clock = createManualClock();
    const ours = connectReplica(relay, clock, DOC, 'alice');
    const stockDoc = new Y.Doc();
    const stock = new WebsocketProvider('ws://relay.test/sync', DOC, stockDoc, {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- y-websocket types its polyfill as the DOM WebSocket class
      WebSocketPolyfill: relay.WebSocket as any,
      disableBc: true,
      params: { token: 'bob' },
    });
    cleanups.push(
      () => stock.destroy(),
      () => ours.provider.destroy(),
      () => relay.destroy(),
    );
    relay.flush();

    writeOrder(ours.doc, heldOrder('SO-1'), LOCAL_EDIT);
    relay.flush();
    appendOrderEventToDoc(
      stockDoc,
      'SO-1',
      { id: 'r1', type: 'reviewed', at: daysAfter(T0, 1), by: 'bob' },
      LOCAL_EDIT,
    );
    tickChecklistStep(
      stockDoc,
      'SO-1',
      { salesOrderNumber: 'SO-1', stepId: 'collect-domain', ticked: true, by: 'bob', at: daysAfter(T0, 1) },
      LOCAL_EDIT,
    );
    editOrderNotes(ours.doc, 'SO-1', { index: 0, deleteCount: 0, insert: 'waiting for the customer' }, LOCAL_EDIT);
    relay.flush();

    expect(stock.synced).toBe(true);
    expect(ours.provider.status).toBe('synced');
    expect(readVirtualAccountDoc(stockDoc)).toEqual(readVirtualAccountDoc(ours.doc));
    expect(readVirtualAccountDoc(ours.doc).ticks).toHaveLength(1);
    expect(Y.encodeStateVector(stockDoc)).toEqual(Y.encodeStateVector(ours.doc));
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { Observable } from 'dexie';
import { MEMBERS, NOW, storeWith, worldOrder } from './test-world.ts';

/** Collects a live query's values and resolves when one satisfies `until`. */
function nextMatching<T>(observable: Observable<T>, until: (value: T) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const subscription = observable.subscribe({
      next: (value) => {
        if (until(value)) {
          subscription.unsubscribe();
          resolve(value);
        }
      },
      error: reject,
    });
  });
}

describe('live queries', () => {
  it('a subscribed page emits again when an order moves into it', async () => {
    const store = await storeWith([worldOrder('SO-1', 'east', 1), worldOrder('SO-2', 'hold', 2)]);
    const page = store.live.ordersPage(MEMBERS.westAdmin.id, { status: 'in-holding' });
    expect((await nextMatching(page, () => true)).rows).toEqual([]);
    const moved = nextMatching(page, (value) => value.rows.length === 1);
    await store.recordOrderEvent(MEMBERS.admin.id, 'SO-2', {
      id: 'a',
      type: 'assigned',
      at: NOW.toISOString(),
      by: 'admin',
      assignment: { smartAccountId: 'holding', virtualAccountId: 'west', kind: 'partner-holding' },
    });
    expect((await moved).rows.map((r) => r.salesOrderNumber)).toEqual(['SO-2']);
  });

  it('live counts, search, single order and activity follow imports', async () => {
    const store = await storeWith([]);
    const counts = nextMatching(store.live.countByStatus(MEMBERS.eastUser.id), (c) => c['in-holding'] === 1);
    const search = nextMatching(store.live.searchOrders(MEMBERS.eastUser.id, 'so-9'), (rows) => rows.length === 1);
    const one = nextMatching(store.live.order(MEMBERS.eastUser.id, 'SO-9'), (row) => row !== undefined);
    const activity = nextMatching(store.live.activity(1), (rows) => rows[0]?.summary.includes('late import') ?? false);
    const due = nextMatching(
      store.live.dueForReview(MEMBERS.eastUser.id, { now: NOW }),
      (page) => page.rows.length === 1,
    );
    const snapshot = await store.exportSnapshot(NOW);
    await store.importSnapshot(
      { ...snapshot, orders: [worldOrder('SO-9', 'east', 1)] },
      { now: NOW, actorId: 'admin', source: 'late import' },
    );
    expect((await counts)['in-holding']).toBe(1);
    expect((await search)[0]?.salesOrderNumber).toBe('SO-9');
    expect((await one)?.status).toBe('in-holding');
    expect((await activity)[0]?.kind).toBe('import');
    expect((await due).rows[0]?.salesOrderNumber).toBe('SO-9');
  });

  it('onChange reports every committed write until unsubscribed', async () => {
    const store = await storeWith([worldOrder('SO-1', 'east', 1)]);
    let calls = 0;
    const stop = store.onChange(() => calls++);
    await store.tickChecklistStep(MEMBERS.admin.id, {
      salesOrderNumber: 'SO-1',
      stepId: 'confirm-customer',
      ticked: true,
      by: MEMBERS.admin.id,
      at: NOW.toISOString(),
    });
    await vi.waitFor(() => expect(calls).toBeGreaterThan(0));
    stop();
    const before = calls;
    // A listener still subscribed is the barrier: once it has heard the write, the stopped one would have too.
    const heard = new Promise<void>((resolve) => {
      const stopMarker = store.onChange(() => {
        stopMarker();
        resolve();
      });
    });
    await store.updateSettings({ reviewIntervalDays: 3 });
    await heard;
    expect(calls).toBe(before);
  });
});

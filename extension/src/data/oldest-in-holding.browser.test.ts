import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, SAMPLE_NOW as NOW, SAMPLE_TEXT, type TestStore } from '../testing/browser-store.ts';
import { FIRST_SCREEN_ENTRIES } from './first-screen.ts';
import { createHoldfastService, type HoldfastService } from './holdfast-service.ts';
import { createPreferences, memoryArea } from './preferences.ts';

const KEYSTONE_ADMIN = 'keystone-integrators:alex';

describe('the screen a side panel shows when nothing is kept', () => {
  let testStore: TestStore;
  let service: HoldfastService;

  beforeEach(async () => {
    testStore = createTestStore('oldest-in-holding-test');
    service = createHoldfastService(testStore.store, createPreferences(memoryArea()));
    expect((await service.importFile(SAMPLE_TEXT, 'holdfast-sample.json', null, NOW)).ok).toBe(true);
  });
  afterEach(() => testStore.remove());

  it('lists the oldest orders in holding with their findings, under one heading, and counts nothing', async () => {
    const read = await service.oldestInHolding(KEYSTONE_ADMIN, NOW);
    expect(read).not.toBeNull();
    const screen = read!;
    const { items } = await service.orders(KEYSTONE_ADMIN, NOW);
    const inHolding = items
      .filter((i) => i.status === 'in-holding')
      .sort((a, b) => a.since.localeCompare(b.since) || a.salesOrderNumber.localeCompare(b.salesOrderNumber));
    // Counting every order in scope cost more than the page: the fresh list counts them.
    expect(screen.total).toBeNull();
    expect(screen.entries[0]).toEqual({ kind: 'heading', key: 'h:oldest-in-holding', title: 'Oldest in holding' });
    const shown = screen.entries.flatMap((e) => (e.kind === 'order' ? [e.item] : []));
    expect(shown.length).toBe(Math.min(FIRST_SCREEN_ENTRIES, inHolding.length));
    expect(shown.map((i) => i.salesOrderNumber)).toEqual(
      inHolding.slice(0, shown.length).map((i) => i.salesOrderNumber),
    );
    // The same findings as the full list gives them: the rules ran over these orders.
    const full = new Map(items.map((i) => [i.salesOrderNumber, i.findings.map((f) => f.ruleId).sort()]));
    for (const item of shown)
      expect(item.findings.map((f) => f.ruleId).sort()).toEqual(full.get(item.salesOrderNumber));
  });
});

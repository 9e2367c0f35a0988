import type { HoldfastStore } from '@holdfast/core/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, SAMPLE_NOW as NOW, SAMPLE_TEXT, type TestStore } from '../testing/browser-store.ts';
import { createHoldfastService, type HoldfastService } from '../data/holdfast-service.ts';
import { createPreferences, memoryArea, type KeyValueArea } from '../data/preferences.ts';
import { refreshReminders, type ReminderApi } from './reminders.ts';

const fakeApi = () => {
  const calls = {
    badge: [] as string[],
    looks: [] as { color: string; title: string }[],
    notifications: [] as { id: string; title: string; message: string }[],
  };
  const api: ReminderApi = {
    setBadge: async (text) => void calls.badge.push(text),
    setBadgeLook: async (look) => void calls.looks.push(look),
    notify: async (id, title, message) => void calls.notifications.push({ id, title, message }),
  };
  return { api, calls };
};

describe('reminders', () => {
  let testStore: TestStore;
  let store: HoldfastStore;
  let area: KeyValueArea;
  let service: HoldfastService;

  beforeEach(async () => {
    testStore = createTestStore('reminders-test');
    store = testStore.store;
    area = memoryArea();
    service = createHoldfastService(store, createPreferences(area));
    await service.importFile(SAMPLE_TEXT, 'holdfast-sample.json', null, NOW);
  });
  afterEach(() => testStore.remove());

  it('clear the badge while nobody is chosen in the options', async () => {
    const { api, calls } = fakeApi();
    await refreshReminders(service, area, api, NOW, { reviewReminder: true });
    expect(calls.badge).toEqual(['']);
    expect(calls.notifications).toEqual([]);
  });

  it('show the overdue count on the badge and notify each overdue order only once', async () => {
    await service.preferences.update({ memberId: 'keystone-integrators:alex' });
    const { overdue } = await service.summary('keystone-integrators:alex', NOW);
    expect(overdue).toBeGreaterThan(0);
    const { api, calls } = fakeApi();
    await refreshReminders(service, area, api, NOW, { reviewReminder: false });
    expect(calls.badge).toEqual([String(overdue)]);
    expect(calls.looks[0]!.color).toBe('#cf222e');
    expect(calls.looks[0]!.title).toMatch(new RegExp(`^Holdfast: ${overdue} overdue · `));
    expect(calls.notifications).toHaveLength(1);
    await refreshReminders(service, area, api, NOW, { reviewReminder: false });
    expect(calls.notifications).toHaveLength(1);
  });

  it('remind of the review when orders in holding are due for it', async () => {
    await service.preferences.update({ memberId: 'keystone-integrators:alex' });
    const { api, calls } = fakeApi();
    await refreshReminders(service, area, api, NOW, { reviewReminder: true });
    expect(calls.notifications.map((n) => n.title)).toContain('Holding review due');
  });

  it('send no review reminder when it is turned off in the options, and keep the badge', async () => {
    await service.preferences.update({ memberId: 'keystone-integrators:alex', reviewReminder: false });
    const { api, calls } = fakeApi();
    await refreshReminders(service, area, api, NOW, { reviewReminder: true });
    expect(calls.notifications.map((n) => n.title)).not.toContain('Holding review due');
    expect(calls.badge[0]).not.toBe('');
  });
});

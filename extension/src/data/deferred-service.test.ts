import { describe, expect, it } from 'vitest';
import { deferredService, type ServiceAtOnce } from './deferred-service.ts';
import type { HoldfastService } from './holdfast-service.ts';
import { createPreferences, memoryArea } from './preferences.ts';

/** A promise with its resolve at hand: the store's code "loads" when the test says so. */
function loading() {
  let resolve!: (service: HoldfastService) => void;
  const loaded = new Promise<HoldfastService>((r) => (resolve = r));
  return { loaded, resolve };
}

const atOnce = (): ServiceAtOnce => ({
  preferences: createPreferences(memoryArea()),
  firstScreen: async () => ({ memberId: 'dana', total: 1, entries: [] }),
  keepFirstScreen: async () => {},
  oldestInHolding: async () => null,
});

/** The loaded service: answers `orders`, and keeps its change listeners. */
function realService(listeners: Set<() => void>): HoldfastService {
  return {
    orders: async (memberId: string) => ({ items: [], virtualAccounts: [{ id: memberId, name: 'loaded' }] }),
    onChange(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as Partial<HoldfastService> as HoldfastService;
}

describe('a service whose store code loads beside the first screen', () => {
  it('answers the first screen at once, before the store code is in', async () => {
    const { loaded } = loading();
    const service = deferredService(loaded, atOnce());
    expect(await service.firstScreen()).toMatchObject({ memberId: 'dana' });
    expect(await service.preferences.read()).toMatchObject({ memberId: null });
  });

  it('lets every other call wait for the store code, then answers from it', async () => {
    const { loaded, resolve } = loading();
    const service = deferredService(loaded, atOnce());
    const orders = service.orders('dana', new Date());
    resolve(realService(new Set()));
    expect(await orders).toEqual({ items: [], virtualAccounts: [{ id: 'dana', name: 'loaded' }] });
  });

  it('attaches a change listener once the store code is in, and never one stopped before', async () => {
    const { loaded, resolve } = loading();
    const listeners = new Set<() => void>();
    const service = deferredService(loaded, atOnce());
    const stop = service.onChange(() => {});
    const stoppedEarly = service.onChange(() => {});
    stoppedEarly();
    resolve(realService(listeners));
    await loaded;
    expect(listeners.size).toBe(1);
    stop();
    expect(listeners.size).toBe(0);
  });

  it("fails each waiting call with the loading's error", async () => {
    const service = deferredService(Promise.reject(new Error('chunk failed')), atOnce());
    const stop = service.onChange(() => {});
    await expect(service.whoIAm()).rejects.toThrow('chunk failed');
    stop();
  });
});

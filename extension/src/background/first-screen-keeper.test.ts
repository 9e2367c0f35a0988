import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFirstScreenKeeper } from './first-screen-keeper.ts';

describe('the background keeping the first screen', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const keeper = (panelOpen: () => boolean) => {
    const refreshes: number[] = [];
    const errors: unknown[] = [];
    const kept = createFirstScreenKeeper({
      refresh: async () => void refreshes.push(Date.now()),
      panelOpen,
      quietMs: 1000,
      onError: (error) => errors.push(error),
    });
    return { kept, refreshes, errors };
  };

  it('recomputes once after a burst of changes settles', async () => {
    const { kept, refreshes, errors } = keeper(() => false);
    for (let i = 0; i < 5; i++) {
      kept.changed();
      await vi.advanceTimersByTimeAsync(300);
    }
    expect(refreshes).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(refreshes).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('leaves the work to an open side panel', async () => {
    const { kept, refreshes } = keeper(() => true);
    kept.changed();
    await vi.advanceTimersByTimeAsync(2000);
    expect(refreshes).toEqual([]);
  });

  it('reports a failed recompute and still recomputes after the next change', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const kept = createFirstScreenKeeper({
      refresh: async () => {
        calls++;
        if (calls === 1) throw new Error('store closed');
      },
      panelOpen: () => false,
      quietMs: 10,
      onError: (error) => errors.push(error),
    });
    kept.changed();
    await vi.advanceTimersByTimeAsync(20);
    kept.changed();
    await vi.advanceTimersByTimeAsync(20);
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('store closed')]);
  });
});

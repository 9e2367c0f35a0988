import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SummaryResponse } from '../messaging/summary-messages.ts';
import { createSummaryKeeper } from './summary-keeper.ts';

const counts = (inHolding: number): SummaryResponse => ({
  summary: { inHolding, overdue: 0, dueForReview: 0, urgent: [], aging: [] },
});

describe('the background keeping the popup’s counts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const keeper = () => {
    let stored = 1;
    const computed: number[] = [];
    const kept = createSummaryKeeper({
      compute: async () => (computed.push(stored), counts(stored)),
      quietMs: 1000,
      maxAgeMs: 60_000,
      now: () => Date.now(),
      onError: (error) => {
        throw error;
      },
    });
    return { kept, computed, set: (n: number) => (stored = n) };
  };

  it('answers from what it kept until something changes, then never with the old counts', async () => {
    const { kept, computed, set } = keeper();
    expect(await kept.get()).toEqual(counts(1));
    expect(await kept.get()).toEqual(counts(1));
    expect(computed).toEqual([1]);
    set(2);
    kept.changed();
    expect(await kept.get()).toEqual(counts(2));
  });

  it('recomputes once a burst of changes settles, so the next popup finds the counts ready', async () => {
    const { kept, computed, set } = keeper();
    set(3);
    for (let i = 0; i < 5; i++) {
      kept.changed();
      await vi.advanceTimersByTimeAsync(300);
    }
    expect(computed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(computed).toEqual([3]);
    expect(await kept.get()).toEqual(counts(3));
    expect(computed).toEqual([3]);
  });

  it('computes again once the kept counts are older than allowed (ages grow)', async () => {
    const { kept, computed } = keeper();
    await kept.get();
    await vi.advanceTimersByTimeAsync(61_000);
    await kept.get();
    expect(computed).toEqual([1, 1]);
  });
});

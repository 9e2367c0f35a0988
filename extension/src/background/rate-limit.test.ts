import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';

describe('the portal check rate limit', () => {
  it('allows a burst per tab, then one more per interval, each tab on its own', () => {
    let now = 0;
    const limiter = createRateLimiter({ burst: 3, intervalMs: 1_000, now: () => now });
    expect([1, 2, 3, 4].map(() => limiter.allow('tab-1'))).toEqual([true, true, true, false]);
    expect(limiter.allow('tab-2')).toBe(true);
    now = 999;
    expect(limiter.allow('tab-1')).toBe(false);
    now = 1_000;
    expect([limiter.allow('tab-1'), limiter.allow('tab-1')]).toEqual([true, false]);
    now = 100_000;
    expect([1, 2, 3, 4].map(() => limiter.allow('tab-1'))).toEqual([true, true, true, false]);
  });

  it('forgets tabs whose bucket refilled once many tabs asked', () => {
    let now = 0;
    const limiter = createRateLimiter({ burst: 1, intervalMs: 1_000, now: () => now });
    for (let tab = 0; tab < 300; tab += 1) expect(limiter.allow(`tab-${tab}`)).toBe(true);
    expect(limiter.allow('tab-299')).toBe(false);
    now = 1_000;
    expect(limiter.allow('tab-0')).toBe(true);
    expect(limiter.allow('tab-0')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.ts';

describe('the per-connection rate limiter', () => {
  it('allows a burst, then refills at the sustained rate', () => {
    let t = 0;
    const limiter = createRateLimiter(10, 3, () => t);
    expect([limiter.take(), limiter.take(), limiter.take(), limiter.take()]).toEqual([true, true, true, false]);
    t = 100; // 0.1 s at 10/s = one token
    expect([limiter.take(), limiter.take()]).toEqual([true, false]);
  });
});

/** A token bucket: `perSecond` sustained, `burst` at once. `now` is passed in so tests need no clock. */
export function createRateLimiter(perSecond: number, burst: number, now: () => number = Date.now) {
  let tokens = burst;
  let last = now();
  return {
    /** Takes `amount` tokens (one message, or a frame's bytes); false when the bucket holds fewer. */
    take(amount = 1): boolean {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * perSecond);
      last = t;
      if (tokens < amount) return false;
      tokens -= amount;
      return true;
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;

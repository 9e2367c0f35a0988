/**
 * A token bucket per key (a tab): `burst` requests at once, then one more every `intervalMs`. Kept
 * in the worker's memory on purpose: a stopped worker forgets it, which only ever allows more.
 */
export interface RateLimiter {
  /** Whether `key` may make one more request now; counts it if so. */
  allow(key: string): boolean;
}

/** Past this many keys, buckets that have refilled are dropped (closed tabs leave nothing behind). */
const PRUNE_AT = 256;

export function createRateLimiter(options: { burst: number; intervalMs: number; now(): number }): RateLimiter {
  const { burst, intervalMs, now } = options;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const tokensAt = (bucket: { tokens: number; at: number }, at: number) =>
    Math.min(burst, bucket.tokens + (at - bucket.at) / intervalMs);
  return {
    allow(key) {
      const at = now();
      if (buckets.size >= PRUNE_AT)
        for (const [other, bucket] of buckets) if (tokensAt(bucket, at) >= burst) buckets.delete(other);
      const bucket = buckets.get(key);
      const tokens = bucket ? tokensAt(bucket, at) : burst;
      if (tokens < 1) return false;
      buckets.set(key, { tokens: tokens - 1, at });
      return true;
    },
  };
}

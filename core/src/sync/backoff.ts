/** Reconnect delays: exponential backoff with full jitter, capped. */
export interface BackoffOptions {
  /** Delay ceiling of the first retry, in ms. */
  baseMs: number;
  /** No delay ever exceeds this, in ms. */
  capMs: number;
}

/**
 * Capped at 1.5 s: a rep's panel is back in sync within 2 s of the relay returning (the retry plus
 * the handshake). A relay is one small process per team, so a few retries a second per client
 * while it is down cost little; the jitter spreads them.
 */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 1_500 };

/** A delay drawn uniformly from [0, min(cap, base·2^attempt)); `random` returns [0, 1). */
export function backoffDelay(
  attempt: number,
  random: () => number,
  { baseMs, capMs }: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

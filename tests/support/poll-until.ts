// The one sanctioned poller. Tests wait for a condition or a marker, never a set time (the
// tests/no-fixed-sleep lint rule, scripts/eslint-no-sleep.js); a condition nothing announces has to
// be asked again, with a pause between tries: that pause lives here, and this file is the only one
// the rule exempts. It imports no test runner, so benches can use it too.

export interface PollOptions {
  /** The pause between tries. */
  everyMs: number;
  /** How long to keep trying before giving up. */
  timeoutMs: number;
  /** The error to throw on timeout, when the caller can say more (a process's output, the last failure). */
  timeoutError?: () => Error;
}

/**
 * Tries `condition` until it holds, pausing `everyMs` between tries; after `timeoutMs` throws
 * `timeoutError()` or an error naming what it waited for (`timed out waiting until <describe>`).
 * An error thrown by `condition` ends the wait at once.
 */
export async function pollUntil(
  describe: string,
  condition: () => boolean | Promise<boolean>,
  { everyMs, timeoutMs, timeoutError }: PollOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw timeoutError?.() ?? new Error(`timed out waiting until ${describe}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * One queue per key (a document name): tasks of one key run one after another in the order they
 * were queued, tasks of different keys run concurrently. With an asynchronous store this keeps
 * "stored, then broadcast" in order for each document: an update is applied and broadcast only
 * after every update queued before it was. A failed task rejects its own promise only; the
 * tasks behind it still run (the caller decides what a failure means for the document).
 */
export interface SerialQueues {
  run<T>(key: string, task: () => Promise<T> | T): Promise<T>;
  /** Resolves once everything queued for `key` so far has settled (e.g. before unloading it). */
  settled(key: string): Promise<void>;
  /** Keys with queued or running tasks; a drained key is forgotten, so this never grows unbounded. */
  readonly busyKeys: number;
}

export function createSerialQueues(): SerialQueues {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T> | T): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    async settled(key) {
      await tails.get(key);
    },
    get busyKeys() {
      return tails.size;
    },
  };
}

import { describe, expect, it } from 'vitest';
import { createSerialQueues } from './serial-queues.ts';

/** A promise the test resolves or rejects when it chooses. */
function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

describe('serial queues per document', () => {
  it('runs the tasks of one document one at a time, in the order they were queued', async () => {
    const queues = createSerialQueues();
    const events: string[] = [];
    const first = gate();
    const a = queues.run('d', async () => {
      events.push('start 1');
      await first.promise;
      events.push('end 1');
    });
    const b = queues.run('d', () => {
      events.push('run 2');
    });
    // A marker queued after the second task, on another document: once it has run, a second task
    // not held behind the first would have run too.
    await queues.run('marker', () => undefined);
    expect(events).toEqual(['start 1']);
    first.open();
    await Promise.all([a, b]);
    expect(events).toEqual(['start 1', 'end 1', 'run 2']);
  });

  it('runs different documents concurrently', async () => {
    const queues = createSerialQueues();
    const blocked = gate();
    const slow = queues.run('d1', () => blocked.promise);
    // d2 finishes while d1 is still blocked: it did not wait behind d1.
    expect(await queues.run('d2', () => 'done')).toBe('done');
    blocked.open();
    await slow;
  });

  it('a failed task rejects its own promise and the next task still runs', async () => {
    const queues = createSerialQueues();
    const failing = gate();
    const failed = queues.run('d', () => failing.promise);
    const next = queues.run('d', () => 'next ran');
    failing.fail(new Error('store down'));
    await expect(failed).rejects.toThrow('store down');
    expect(await next).toBe('next ran');
  });

  it('settled waits for what was queued, and a drained document is forgotten', async () => {
    const queues = createSerialQueues();
    const blocked = gate();
    let finished = false;
    void queues.run('d', async () => {
      await blocked.promise;
      finished = true;
    });
    expect(queues.busyKeys).toBe(1);
    const settled = queues.settled('d').then(() => finished);
    blocked.open();
    expect(await settled).toBe(true);
    await queues.settled('d');
    expect(queues.busyKeys).toBe(0);
  });
});

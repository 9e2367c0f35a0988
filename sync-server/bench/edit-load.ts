// The latency scenarios' edit load, the same code wherever the clients run (in the bench's own
// process, or spread over client processes: latency-clients.ts), so the two placements compare
// like with like. Also the messages between the bench and its client processes.
import { performance } from 'node:perf_hooks';
import type { BenchClient } from './bench-clients.ts';
import type { RelayKind } from './relay-servers.ts';

export const EDITS_PER_SECOND = 2; // per client

/**
 * Edits written in the first second are warm-up, not measured. Every server runs its first updates
 * on code V8 has not compiled yet: with 100 edits in a 10-client run, the very first one (delayed
 * 5–10 ms by that) set the p99 on its own (docs/benchmarks.md, 2026-12-01 sixth session).
 */
export const WARMUP_MS = 1_000;

/** From when edits count: those stamped earlier are the warm-up (set once the edits start). */
export interface MeasuredWindow {
  from: number;
}

/**
 * Milliseconds since the Unix epoch with sub-ms resolution. `performance.now()` alone counts from
 * each process's own start, so an edit stamped in one process and received in another needs the
 * origin added: every process's `timeOrigin` is the same wall clock read at its start, and `now()`
 * the monotonic clock since, so the sum agrees between processes on one machine (the bench checks
 * how well: see `clockOffset` in client-processes.ts).
 */
export const benchClock = () => performance.timeOrigin + performance.now();

export interface PlacedClient {
  /** The client's index in the whole scenario: its keys and its place in the stagger. */
  index: number;
  client: BenchClient;
}

/**
 * Records, for each client, every remote edit's latency (receipt − the stamp its writer put in).
 * Registered before any client writes, so no early edit goes uncounted.
 */
export function observeLatencies(clients: PlacedClient[], measured: MeasuredWindow): number[] {
  const latencies: number[] = [];
  for (const { client } of clients) {
    const edits = client.doc.getMap<number>('edits');
    edits.observe((event) => {
      if (event.transaction.local) return;
      const now = benchClock();
      for (const key of event.keysChanged) {
        const stamp = edits.get(key)!;
        if (stamp >= measured.from) latencies.push(now - stamp);
      }
    });
  }
  return latencies;
}

/**
 * From the shared instant `startAt` (benchClock), client i starts writing `${i}:${seq}` at
 * EDITS_PER_SECOND, its start staggered by i / totalClients of a period so writers do not all fire
 * at once (the stagger by global index keeps that spread when clients are split over processes).
 * `sent` counts the edits stamped from `measuredFrom` on.
 */
export function startEdits(
  clients: PlacedClient[],
  totalClients: number,
  startAt: number,
  measuredFrom: number,
): { sent: () => number; stop: () => void } {
  const period = 1000 / EDITS_PER_SECOND;
  const timers: NodeJS.Timeout[] = [];
  let sent = 0;
  for (const { index, client } of clients) {
    const edits = client.doc.getMap<number>('edits');
    let seq = 0;
    const delay = startAt + (index / totalClients) * period - benchClock();
    const begin = setTimeout(
      () => {
        const tick = setInterval(() => {
          const stamp = benchClock();
          edits.set(`${index}:${seq++}`, stamp);
          if (stamp >= measuredFrom) sent++;
        }, period);
        timers.push(tick);
      },
      Math.max(0, delay),
    );
    timers.push(begin);
  }
  // clearTimeout clears intervals too (Node); both kinds are in `timers`.
  return { sent: () => sent, stop: () => timers.forEach((t) => clearTimeout(t)) };
}

/** One client a child process is to hold. */
export interface ClientSpec {
  index: number;
  docName: string;
  token: string | null;
}

/** Bench → client process. */
export type ToClients =
  | { type: 'connect'; relay: { kind: RelayKind; url: string }; clients: ClientSpec[]; totalClients: number }
  | { type: 'clock' }
  | { type: 'start'; at: number; measuredFrom: number }
  | { type: 'stop'; drainMs: number };

/** Client process → bench. */
export type FromClients =
  | { type: 'synced' }
  | { type: 'clock'; now: number }
  | { type: 'result'; latencies: Float64Array; sent: number }
  | { type: 'error'; message: string };

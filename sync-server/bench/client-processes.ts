// The bench's side of its client processes (latency-clients.ts): forks them, deals a scenario's
// clients out round-robin, starts them all at one instant, and collects what they measured. Every
// wait is bounded: a process that reports an error, exits or stays silent fails the scenario, and
// whatever happens every process it forked is gone when it returns.
import { fork, type ChildProcess } from 'node:child_process';
import { benchClock, WARMUP_MS, type ClientSpec, type FromClients, type ToClients } from './edit-load.ts';
import { TS_NODE_ARGS, type RunningRelay } from './relay-servers.ts';
import { cpuTimeOf, sleep } from './timing.ts';

const SCRIPT = new URL('./latency-clients.ts', import.meta.url).pathname;
const SYNC_TIMEOUT_MS = 70_000; // a client process gives up on its own sync after 60 s
const REPLY_TIMEOUT_MS = 15_000;
// The shared start instant is this far ahead, so every process has it before the first edit.
const START_MARGIN_MS = 250;
const CLOCK_PINGS = 5;

export interface ClientRun {
  /** Each process's latencies (ms), unsorted. */
  latencies: Float64Array[];
  /** Edits written, by all clients. */
  sent: number;
  /** Largest estimated |offset| between a client process's clock and the bench's, ms, ± `clockRtt` / 2. */
  clockOffset: number | null;
  clockRtt: number | null;
  /** CPU time the relay's process spent from the end of the warm-up to the end of the drain, ms. */
  relayCpuMs: number;
}

type Reply<T extends FromClients['type']> = Extract<FromClients, { type: T }>;

/** The child's next `type` message; rejects on its error message, its exit, or after `timeoutMs`. */
function reply<T extends FromClients['type']>(child: ChildProcess, type: T, timeoutMs: number): Promise<Reply<T>> {
  const who = `client process ${child.pid}`;
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.reject(new Error(`${who} has exited (${child.exitCode ?? child.signalCode})`));
  return new Promise((resolve, reject) => {
    const settle = (then: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      then();
    };
    const timer = setTimeout(
      () => settle(() => reject(new Error(`${who}: no "${type}" within ${timeoutMs / 1000} s`))),
      timeoutMs,
    );
    const onMessage = (message: FromClients) => {
      if (message.type === 'error') settle(() => reject(new Error(`${who}: ${message.message}`)));
      else if (message.type === type) settle(() => resolve(message as Reply<T>));
    };
    const onExit = (code: number | null, signal: string | null) =>
      settle(() => reject(new Error(`${who} exited (${code ?? signal}) before "${type}"`)));
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

// A send to a process that has gone fails quietly here: the pending `reply` reports its exit.
const tell = (child: ChildProcess, message: ToClients) => child.send(message, () => undefined);

const exited = (child: ChildProcess, timeoutMs: number) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });

/**
 * Best of a few IPC round trips: the child's clock against the midpoint of the round trip. Edits are
 * stamped in one process and received in another, so a real offset would bias every latency.
 */
async function clockOffsetOf(child: ChildProcess): Promise<{ offset: number; rtt: number }> {
  let best = { offset: NaN, rtt: Infinity };
  for (let i = 0; i < CLOCK_PINGS; i++) {
    const sentAt = benchClock();
    const pending = reply(child, 'clock', REPLY_TIMEOUT_MS);
    tell(child, { type: 'clock' });
    const { now } = await pending;
    const rtt = benchClock() - sentAt;
    if (rtt < best.rtt) best = { offset: now - (sentAt + rtt / 2), rtt };
  }
  return best;
}

export async function runInClientProcesses(
  relay: Pick<RunningRelay, 'kind' | 'url' | 'pid'>,
  specs: ClientSpec[],
  processes: number,
  durationMs: number,
  drainMs: number,
): Promise<ClientRun> {
  const children: ChildProcess[] = [];
  try {
    for (let p = 0; p < processes; p++)
      children.push(
        fork(SCRIPT, [], {
          execArgv: TS_NODE_ARGS,
          serialization: 'advanced', // a Float64Array of latencies crosses as is
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
    // Client i goes to process i % K: each document (client i's is i % docs) has clients in every process.
    const synced = children.map((child, p) => {
      const pending = reply(child, 'synced', SYNC_TIMEOUT_MS);
      const clients = specs.filter((_, i) => i % processes === p);
      tell(child, {
        type: 'connect',
        relay: { kind: relay.kind, url: relay.url },
        clients,
        totalClients: specs.length,
      });
      return pending;
    });
    await Promise.all(synced);
    let clockOffset = 0;
    let clockRtt = 0;
    for (const child of children) {
      const { offset, rtt } = await clockOffsetOf(child);
      clockOffset = Math.max(clockOffset, Math.abs(offset));
      clockRtt = Math.max(clockRtt, rtt);
    }
    const at = benchClock() + START_MARGIN_MS;
    const measuredFrom = at + WARMUP_MS;
    children.forEach((child) => tell(child, { type: 'start', at, measuredFrom }));
    await sleep(measuredFrom - benchClock());
    const relayCpu = cpuTimeOf(relay.pid);
    await sleep(measuredFrom + durationMs - benchClock());
    const results = children.map((child) => reply(child, 'result', drainMs + REPLY_TIMEOUT_MS));
    children.forEach((child) => tell(child, { type: 'stop', drainMs }));
    const runs = await Promise.all(results);
    const relayCpuMs = cpuTimeOf(relay.pid) - relayCpu;
    // They destroy their clients and exit after reporting; a process still there after that is killed below.
    await Promise.all(children.map((child) => exited(child, 5_000)));
    return {
      latencies: runs.map((run) => run.latencies),
      sent: runs.reduce((sum, run) => sum + run.sent, 0),
      clockOffset,
      clockRtt,
      relayCpuMs,
    };
  } finally {
    // Processes that finished exit by themselves; any other (an error above) is ended here.
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

// A client process of the relay benchmark's latency scenarios, forked by client-processes.ts. With
// every client in the bench's one process, that process applied ~4,900 remote updates a second in
// the 50-writer scenario and its event loop's queueing looked like the floor of every server's p99;
// spread over a few of these, the harness is the same for every server and no longer one loop.
//
// Over IPC (advanced serialization): `connect` → `synced` (or `error`), `clock` → `clock` (the
// bench estimates the clocks' offset), `start` (a shared instant) → the edits begin, `stop` → after
// the drain, `result` (latencies and edits sent); then the process destroys its clients and exits.
import { setMaxListeners } from 'node:events';
import { connectBenchClient, syncAll } from './bench-clients.ts';
import {
  benchClock,
  observeLatencies,
  startEdits,
  type FromClients,
  type MeasuredWindow,
  type PlacedClient,
  type ToClients,
} from './edit-load.ts';

const SYNC_TIMEOUT_MS = 60_000;
// The bench sends its next message within seconds; silence this long means it is gone or stuck,
// and a client process must never outlive it.
const QUIET_TIMEOUT_MS = 120_000;

// Every Hocuspocus provider adds a process exit listener; hundreds of clients are intended here.
setMaxListeners(1000, process);

const send = (message: FromClients, then?: () => void) => {
  if (!process.send) throw new Error('latency-clients.ts runs as a child of the relay benchmark (IPC)');
  process.send(message, undefined, {}, () => then?.());
};

let placed: PlacedClient[] = [];
let latencies: number[] = [];
let edits: ReturnType<typeof startEdits> | null = null;
const measured: MeasuredWindow = { from: Infinity };
let totalClients = 0;

/** Tells the bench what went wrong, then exits (within a second even if the channel is stuck). */
function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  setTimeout(() => process.exit(1), 1000).unref();
  try {
    send({ type: 'error', message }, () => process.exit(1));
  } catch {
    process.exit(1);
  }
}

let quiet = setTimeout(() => fail(new Error('no word from the bench')), QUIET_TIMEOUT_MS);
const heard = () => {
  clearTimeout(quiet);
  quiet = setTimeout(() => fail(new Error('no word from the bench')), QUIET_TIMEOUT_MS);
};

async function connect(message: Extract<ToClients, { type: 'connect' }>): Promise<void> {
  totalClients = message.totalClients;
  placed = message.clients.map((spec) => ({
    index: spec.index,
    client: connectBenchClient({ ...message.relay, token: spec.token }, spec.docName, spec.token),
  }));
  latencies = observeLatencies(placed, measured);
  await syncAll(
    placed.map(({ client }) => client),
    message.relay.kind,
    SYNC_TIMEOUT_MS,
  );
  send({ type: 'synced' });
}

function stop(drainMs: number): void {
  const running = edits;
  if (!running) return fail(new Error('stop before start'));
  running.stop();
  // The drain: edits still on their way arrive and are counted, as in the in-process bench.
  setTimeout(() => {
    const result = Float64Array.from(latencies);
    send({ type: 'result', latencies: result, sent: running.sent() }, () => {
      placed.forEach(({ client }) => client.destroy());
      process.exit(0);
    });
  }, drainMs);
}

process.on('message', (message: ToClients) => {
  heard();
  switch (message.type) {
    case 'connect':
      connect(message).catch(fail);
      break;
    case 'clock':
      send({ type: 'clock', now: benchClock() });
      break;
    case 'start':
      measured.from = message.measuredFrom;
      edits = startEdits(placed, totalClients, message.at, message.measuredFrom);
      break;
    case 'stop':
      stop(message.drainMs);
      break;
  }
});
// The bench went away (it exited or was killed): nothing left to report to.
process.on('disconnect', () => process.exit(1));
process.on('uncaughtException', fail);

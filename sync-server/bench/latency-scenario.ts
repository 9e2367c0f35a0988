// The relay benchmark's latency scenarios: a relay's clients write at a steady rate and every other
// client of the document records how long each edit took to reach it. Where the clients run is
// HOLDFAST_BENCH_CLIENT_PROCESSES: by default (`inline`, or 0) all in the bench's own process; K
// spreads them over K child processes (client-processes.ts). On this 2-core machine spreading them
// raised every server's p99 alike (docs/benchmarks.md, 2026-12-01 fifth session): the client
// processes then compete with the relay for the cores. Either way every server kind gets the same
// harness, so the ratios between them stay fair. Each scenario runs HOLDFAST_BENCH_ROUNDS times
// (default 3), the servers in a rotating order, and the figures are the rounds' medians: one run's
// p99 swings more than the servers differ. Each run measures after a warm-up (WARMUP_MS) and for
// long enough to give MIN_SAMPLES latencies; beside them, the relay's CPU per edit.
import { connectBenchClient, syncAll } from './bench-clients.ts';
import { runInClientProcesses, type ClientRun } from './client-processes.ts';
import {
  benchClock,
  EDITS_PER_SECOND,
  observeLatencies,
  startEdits,
  WARMUP_MS,
  type ClientSpec,
  type MeasuredWindow,
} from './edit-load.ts';
import { startRelay, type HoldfastBenchOptions, type RelayKind, type RunningRelay } from './relay-servers.ts';
import { cpuTimeOf, percentile, sleep } from './timing.ts';

export const MIN_DURATION_MS = 5_000;
/**
 * A scenario runs at least MIN_DURATION_MS and long enough for this many latencies: a p99 of ~400
 * (10 clients in 5 s) is the 4th-worst, i.e. the one slowest edit seen by its 4 peers, and one
 * hiccup of the machine decided it; of 2,000 it is the 20th-worst.
 */
export const MIN_SAMPLES = 2_000;
const DRAIN_MS = 1_500;

/** How long a scenario's edits are measured: 5 s, or longer where its clients see fewer than MIN_SAMPLES. */
export function durationOf(clients: number, docs: number): number {
  const samplesPerSecond = clients * EDITS_PER_SECOND * (clients / docs - 1);
  return Math.max(MIN_DURATION_MS, Math.ceil(MIN_SAMPLES / samplesPerSecond) * 1000);
}

/** A whole number of at least `min` from the environment variable `name`; `inline` counts as 0. */
function countSetting(name: string, fallback: string, min: number, expected: string): number {
  const value = process.env[name] ?? fallback;
  const n = value === 'inline' ? 0 : Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}=${value}: ${expected}`);
  return n;
}

/** Client processes per scenario; 0 = the clients run in the bench's own process. */
export const CLIENT_PROCESSES = countSetting(
  'HOLDFAST_BENCH_CLIENT_PROCESSES',
  'inline',
  0,
  'a count of processes, or 0 / inline',
);

export const clientPlacement = () =>
  CLIENT_PROCESSES === 0
    ? 'all in this process (HOLDFAST_BENCH_CLIENT_PROCESSES=inline)'
    : `in ${CLIENT_PROCESSES} child process${CLIENT_PROCESSES > 1 ? 'es' : ''}, client i in process i % ${CLIENT_PROCESSES} (HOLDFAST_BENCH_CLIENT_PROCESSES; 0 or inline = in this process)`;

export interface Figures {
  p50: number;
  p99: number;
  deliveredPerSecond: number;
  lost: number;
  /** Latencies below zero (only clocks that disagree between processes could make one) and the lowest. */
  negative: number;
  min: number;
  clockOffset: number | null;
  clockRtt: number | null;
  /**
   * The relay's CPU time (user + system) per edit it received, ms: steadier than a p99 on a busy
   * machine, and what a relay must keep low to stay below the machine's knee.
   */
  relayCpuPerEdit: number;
}

/** The old placement: every client in this process, driven by the same edit load as the client processes. */
async function runInline(relay: RunningRelay, specs: ClientSpec[], durationMs: number): Promise<ClientRun> {
  const placed = specs.map((spec) => ({
    index: spec.index,
    client: connectBenchClient(relay, spec.docName, spec.token),
  }));
  try {
    const measured: MeasuredWindow = { from: Infinity };
    const latencies = observeLatencies(placed, measured);
    await syncAll(
      placed.map(({ client }) => client),
      relay.kind,
    );
    const startAt = benchClock();
    measured.from = startAt + WARMUP_MS;
    const edits = startEdits(placed, specs.length, startAt, measured.from);
    await sleep(WARMUP_MS);
    const relayCpu = cpuTimeOf(relay.pid);
    await sleep(durationMs);
    edits.stop();
    await sleep(DRAIN_MS);
    return {
      latencies: [Float64Array.from(latencies)],
      sent: edits.sent(),
      clockOffset: null,
      clockRtt: null,
      relayCpuMs: cpuTimeOf(relay.pid) - relayCpu,
    };
  } finally {
    placed.forEach(({ client }) => client.destroy());
  }
}

export async function runScenario(
  kind: RelayKind,
  clients: number,
  docs: number,
  options: HoldfastBenchOptions = {},
  durationMs = durationOf(clients, docs),
): Promise<Figures> {
  const relay = await startRelay(kind, docs, options);
  try {
    const specs: ClientSpec[] = Array.from({ length: clients }, (_, i) => ({
      index: i,
      docName: relay.docName(i % docs),
      token: relay.tokenFor(i),
    }));
    const run =
      CLIENT_PROCESSES === 0
        ? await runInline(relay, specs, durationMs)
        : await runInClientProcesses(relay, specs, Math.min(CLIENT_PROCESSES, clients), durationMs, DRAIN_MS);
    const all = new Float64Array(run.latencies.reduce((n, part) => n + part.length, 0));
    run.latencies.reduce((at, part) => (all.set(part, at), at + part.length), 0);
    all.sort(); // a typed array sorts numerically
    // Each edit sent is expected at every other client of its document.
    const expected = run.sent * (clients / docs - 1);
    const negative = all.findIndex((v) => v >= 0);
    return {
      p50: percentile(all, 50),
      p99: percentile(all, 99),
      deliveredPerSecond: all.length / (durationMs / 1000),
      lost: Math.max(0, expected - all.length),
      negative: negative === -1 ? all.length : negative,
      min: all[0] ?? NaN,
      clockOffset: run.clockOffset,
      clockRtt: run.clockRtt,
      relayCpuPerEdit: run.relayCpuMs / run.sent,
    };
  } finally {
    relay.stop();
  }
}

export const ROUNDS = countSetting('HOLDFAST_BENCH_ROUNDS', '3', 1, 'a count of rounds, 1 or more');

/**
 * One scenario's figures per server kind, one per round; each round runs the kinds in a rotated
 * order. An unmeasured run comes first, so no measured run finds the bench's process cold or still
 * collecting the clients of the scenario before: the first run was always the first kind's, and
 * Holdfast's p99 in the first round of the first scenario was 2–3× its other rounds' in five of
 * seven runs (docs/benchmarks.md, sixth session).
 */
export async function runScenarioRounds(
  kinds: RelayKind[],
  clients: number,
  docs: number,
): Promise<Map<RelayKind, Figures[]>> {
  await runScenario(kinds[0]!, clients, docs, {}, MIN_DURATION_MS);
  const results = new Map<RelayKind, Figures[]>(kinds.map((kind) => [kind, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...kinds.slice(round % kinds.length), ...kinds.slice(0, round % kinds.length)];
    for (const kind of order) results.get(kind)!.push(await runScenario(kind, clients, docs));
  }
  return results;
}

/** One line under a scenario's table: how far the processes' clocks were apart, and any latency below 0. */
export function clockNote(figures: Figures[]): string {
  const negative = figures.reduce((n, f) => n + f.negative, 0);
  const min = Math.min(...figures.map((f) => f.min));
  const below = negative ? `${negative} latencies < 0 (lowest ${min.toFixed(3)} ms)` : 'no latency < 0';
  const offsets = figures.map((f) => f.clockOffset).filter((v): v is number => v !== null);
  if (!offsets.length) return `  ${below}`;
  const rtt = Math.max(...figures.map((f) => f.clockRtt ?? 0));
  return `  clocks of the client processes vs this one: |offset| ≤ ${Math.max(...offsets).toFixed(3)} ms (each estimate ± half its IPC round trip, ≤ ${rtt.toFixed(3)} ms); ${below}`;
}

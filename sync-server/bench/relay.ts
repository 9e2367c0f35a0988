// `pnpm bench relay`: Holdfast's relay against @hocuspocus/server (in memory and with its SQLite
// extension) and @y/websocket-server under the same load, then the cost of Holdfast's write
// validation. Every server is a child process on loopback; all loops are bounded in count and time.
import { setMaxListeners } from 'node:events';
import { EDITS_PER_SECOND, WARMUP_MS } from './edit-load.ts';
import {
  clientPlacement,
  clockNote,
  durationOf,
  MIN_DURATION_MS,
  MIN_SAMPLES,
  ROUNDS,
  runScenario,
  runScenarioRounds,
} from './latency-scenario.ts';
import type { RelayKind } from './relay-servers.ts';
import { measureMemory, measureSaturation, type Saturation } from './saturation-and-memory.ts';
import { median } from './timing.ts';
import { reportValidationCost } from './validation-cost.ts';

// While working on one of them: HOLDFAST_BENCH_KINDS=holdfast,hocuspocus runs only those relays
// (Holdfast first: the ratios are against it), HOLDFAST_BENCH_SCENARIO=500 only the scenarios whose
// name contains that text.
const ALL_KINDS: RelayKind[] = ['holdfast', 'hocuspocus', 'hocuspocus-sqlite', 'y-websocket-server'];
const selected = (kind: RelayKind) => process.env.HOLDFAST_BENCH_KINDS?.split(',').includes(kind) ?? true;
const KINDS = ALL_KINDS.filter(selected);
// The latency scenarios also run the forwarding floor (peers/forwarding-floor.ts): no relay can
// deliver sooner here, so it tells which latency goals any relay could meet on this machine.
const LATENCY_KINDS: RelayKind[] = [...KINDS, ...(selected('forwarding-floor') ? ['forwarding-floor' as const] : [])];
const SCENARIOS = [
  { name: '10 clients / 2 docs', clients: 10, docs: 2 },
  { name: '100 clients / 10 docs', clients: 100, docs: 10 },
  { name: '500 clients / 50 docs', clients: 500, docs: 50 },
  { name: '50 writers / 1 doc', clients: 50, docs: 1 },
].filter((scenario) => scenario.name.includes(process.env.HOLDFAST_BENCH_SCENARIO ?? ''));

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)} ms` : 'n/a');
const cpuMs = (v: number) => `${v.toFixed(3)} ms`;
const kb = (v: number) => `${(v / 1024).toFixed(1)} KB`;
const ratio = (a: number, b: number) =>
  b > 0 && Number.isFinite(a) && Number.isFinite(b) ? `${(a / b).toFixed(2)}×` : 'n/a';

async function main() {
  // Every Hocuspocus provider adds a process exit listener; hundreds of clients are intended here.
  setMaxListeners(1000, process);
  // HOLDFAST_BENCH_ONLY=latency|budgets|validation|saturation|memory runs one part (while working on it).
  const only = process.env.HOLDFAST_BENCH_ONLY;
  const part = (name: string) => !only || only === name;
  console.log(
    `Relay benchmark: ${EDITS_PER_SECOND} edits/s per client for ${MIN_DURATION_MS / 1000} s (longer where that gives fewer than ${MIN_SAMPLES} latencies) after ${WARMUP_MS / 1000} s of warm-up; latency = edit → every other client of the doc.`,
  );
  if (part('latency') || part('budgets'))
    console.log(`Latency clients: ${clientPlacement()}; saturation and memory clients: in this process.`);
  if (part('latency'))
    console.log(
      `Each scenario ${ROUNDS} times (HOLDFAST_BENCH_ROUNDS) after one unmeasured run: medians of the rounds.`,
    );
  for (const scenario of part('latency') ? SCENARIOS : []) {
    const results = await runScenarioRounds(LATENCY_KINDS, scenario.clients, scenario.docs);
    const p99 = (kind: RelayKind) => median(results.get(kind)!.map((r) => r.p99));
    const relayCpu = (kind: RelayKind) => median(results.get(kind)!.map((r) => r.relayCpuPerEdit));
    console.log(`\n${scenario.name} (measured ${durationOf(scenario.clients, scenario.docs) / 1000} s a round)`);
    console.table(
      Object.fromEntries(
        LATENCY_KINDS.map((kind) => {
          const rounds = results.get(kind)!;
          return [
            kind,
            {
              p50: ms(median(rounds.map((r) => r.p50))),
              p99: ms(p99(kind)),
              'p99 by round': rounds.map((r) => r.p99.toFixed(2)).join(' / '),
              'delivered/s': Math.round(median(rounds.map((r) => r.deliveredPerSecond))),
              'not delivered': rounds.reduce((n, r) => n + r.lost, 0),
              'relay CPU per edit': cpuMs(relayCpu(kind)),
            },
          ];
        }),
      ),
    );
    console.log(clockNote([...results.values()].flat()));
    const h = results.get('holdfast')!;
    for (const peer of LATENCY_KINDS.slice(1)) {
      const p = results.get(peer)!;
      const byRound = h.map((r, i) => ratio(r.p99, p[i]!.p99)).join(', ');
      console.log(
        `  Holdfast/${peer}: throughput ${ratio(median(h.map((r) => r.deliveredPerSecond)), median(p.map((r) => r.deliveredPerSecond)))} (higher is better), p99 ${ratio(p99('holdfast'), p99(peer))} (lower is better; by round ${byRound}), relay CPU per edit ${ratio(relayCpu('holdfast'), relayCpu(peer))}`,
      );
    }
    const floor = results.get('forwarding-floor');
    const hocuspocus = results.get('hocuspocus');
    if (floor && hocuspocus) {
      const byRound = floor.map((r, i) => ratio(r.p99, hocuspocus[i]!.p99)).join(', ');
      console.log(
        `  forwarding-floor/hocuspocus: p99 ${ratio(p99('forwarding-floor'), p99('hocuspocus'))} (by round ${byRound}) — no relay's p99 here can be below the floor's`,
      );
    }
  }
  if (part('budgets')) {
    // Issue 14: budgets moved from each socket to each member. Well-behaved clients (a member each,
    // 2 edits/s) must lose nothing to them: the relay's default limits against limits lifted far
    // above the load (at this load the old per-socket limits of 200/400 bound nothing either).
    console.log('\nPer-member budgets: 100 clients / 10 docs, a member each, default limits vs lifted');
    const lifted = await runScenario('holdfast', 100, 10, { limits: 'lifted', members: 100 });
    const budgeted = await runScenario('holdfast', 100, 10, { limits: 'default', members: 100 });
    console.table({
      'limits lifted': {
        p50: ms(lifted.p50),
        p99: ms(lifted.p99),
        'delivered/s': Math.round(lifted.deliveredPerSecond),
        'not delivered': lifted.lost,
      },
      'default budgets': {
        p50: ms(budgeted.p50),
        p99: ms(budgeted.p99),
        'delivered/s': Math.round(budgeted.deliveredPerSecond),
        'not delivered': budgeted.lost,
      },
    });
    console.log(clockNote([lifted, budgeted]));
    console.log(
      `  default/lifted: throughput ${ratio(budgeted.deliveredPerSecond, lifted.deliveredPerSecond)} (1.00× = no loss), p99 ${ratio(budgeted.p99, lifted.p99)}`,
    );
  }
  if (part('validation')) await reportValidationCost();
  if (part('saturation')) {
    console.log('\nSaturation: 10 writers on one doc, 1,000 edits each, sent as fast as possible');
    const saturation = new Map<RelayKind, Saturation>();
    for (const kind of KINDS) saturation.set(kind, await measureSaturation(kind, 10, 1000));
    console.table(
      Object.fromEntries(
        KINDS.map((kind) => {
          const { editsPerSecond, relayCpuPerEdit, clientsCpuPerEdit } = saturation.get(kind)!;
          return [
            kind,
            {
              'edits/s delivered to all peers': Math.round(editsPerSecond),
              'relay CPU per edit': cpuMs(relayCpuPerEdit),
              'clients CPU per edit': cpuMs(clientsCpuPerEdit),
            },
          ];
        }),
      ),
    );
    const holdfast = saturation.get('holdfast')!;
    for (const peer of KINDS.slice(1)) {
      const other = saturation.get(peer)!;
      console.log(
        `  Holdfast/${peer}: ${ratio(holdfast.editsPerSecond, other.editsPerSecond)} (higher is better); CPU per edit: relay ${ratio(holdfast.relayCpuPerEdit, other.relayCpuPerEdit)}, clients ${ratio(holdfast.clientsCpuPerEdit, other.clientsCpuPerEdit)} (lower is better)`,
      );
    }
  }
  if (!part('memory')) process.exit(0);

  console.log('\nIdle memory (retained heap + external after a full GC, in the server process)');
  const memory = new Map<RelayKind, { perConnection: number; perDocument: number }>();
  for (const kind of KINDS) memory.set(kind, await measureMemory(kind));
  console.table(
    Object.fromEntries(
      KINDS.map((kind) => [
        kind,
        {
          'per idle connection': kb(memory.get(kind)!.perConnection),
          'per idle loaded doc': kb(memory.get(kind)!.perDocument),
        },
      ]),
    ),
  );
  const h = memory.get('holdfast')!;
  for (const peer of KINDS.slice(1)) {
    const p = memory.get(peer)!;
    console.log(
      `  Holdfast/${peer}: per connection ${ratio(h.perConnection, p.perConnection)}, per document ${ratio(h.perDocument, p.perDocument)} (lower is better)`,
    );
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

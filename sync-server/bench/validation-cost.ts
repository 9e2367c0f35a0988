// `pnpm bench relay`, the validation part (issue 12): the same relay with write validation on and
// off under the sample team's order traffic, in one run. Goals: throughput ≥ 0.9×, p99 ≤ 1.2×.
import { runOrderTraffic, saturateOrderTraffic, type TrafficFigures } from './order-traffic.ts';

const STEADY = { clients: 100, documents: 10, perSecond: 2, durationMs: 5_000 };
// 1,000 edits each: a burst of ~3 s (300 edits lasted under a second, and swung 0.86–1.66× between runs).
const SATURATION = { writers: 10, editsEach: 1_000 };

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)} ms` : 'n/a');
const ratio = (a: number, b: number) =>
  b > 0 && Number.isFinite(a) && Number.isFinite(b) ? `${(a / b).toFixed(2)}×` : 'n/a';
/** Two runs of one mode: latencies and throughput averaged, losses and closes added up. */
const meanOf = (a: TrafficFigures, b: TrafficFigures): TrafficFigures => ({
  p50: (a.p50 + b.p50) / 2,
  p99: (a.p99 + b.p99) / 2,
  deliveredPerSecond: (a.deliveredPerSecond + b.deliveredPerSecond) / 2,
  lost: a.lost + b.lost,
  closed: a.closed + b.closed,
});
const row = (f: TrafficFigures) => ({
  p50: ms(f.p50),
  p99: ms(f.p99),
  'delivered/s': Math.round(f.deliveredPerSecond),
  'not delivered': f.lost,
  'closed by relay': f.closed,
});

export async function reportValidationCost(): Promise<void> {
  console.log(
    `\nWrite validation (after an unmeasured run, each mode run twice, off-on-on-off, figures averaged): the sample team's members tick steps, type notes and record reviews on the sample's orders` +
      `\n(${STEADY.clients} clients / ${STEADY.documents} Virtual Account documents, ${STEADY.perSecond} edits/s each for ${STEADY.durationMs / 1000} s)`,
  );
  // Off, on, on, off: a drift of the machine's load during the run weighs on both alike. An
  // unmeasured run first, so the first measured one (off) does not find this process cold.
  await runOrderTraffic(false, { ...STEADY, durationMs: 2_000 });
  const [off1, on1, on2, off2] = [
    await runOrderTraffic(false, STEADY),
    await runOrderTraffic(true, STEADY),
    await runOrderTraffic(true, STEADY),
    await runOrderTraffic(false, STEADY),
  ];
  const off = meanOf(off1!, off2!);
  const on = meanOf(on1!, on2!);
  console.table({ 'validation off': row(off), 'validation on': row(on) });
  console.log(
    `  on/off: throughput ${ratio(on.deliveredPerSecond, off.deliveredPerSecond)} (goal ≥ 0.90×), p99 ${ratio(on.p99, off.p99)} (goal ≤ 1.20×)`,
  );
  console.log(
    `\nWrite validation at saturation: ${SATURATION.writers} members' clients on one document, ${SATURATION.editsEach} edits each, as fast as possible`,
  );
  const saturate = (on: boolean) => saturateOrderTraffic(on, SATURATION.writers, SATURATION.editsEach);
  await saturateOrderTraffic(false, SATURATION.writers, 200); // unmeasured, as above
  const [satOff1, satOn1, satOn2, satOff2] = [
    await saturate(false),
    await saturate(true),
    await saturate(true),
    await saturate(false),
  ];
  const satOff = {
    editsPerSecond: (satOff1!.editsPerSecond + satOff2!.editsPerSecond) / 2,
    closed: satOff1!.closed + satOff2!.closed,
  };
  const satOn = {
    editsPerSecond: (satOn1!.editsPerSecond + satOn2!.editsPerSecond) / 2,
    closed: satOn1!.closed + satOn2!.closed,
  };
  console.table({
    'validation off': {
      'edits/s delivered to all peers': Math.round(satOff.editsPerSecond),
      'closed by relay': satOff.closed,
    },
    'validation on': {
      'edits/s delivered to all peers': Math.round(satOn.editsPerSecond),
      'closed by relay': satOn.closed,
    },
  });
  console.log(`  on/off: ${ratio(satOn.editsPerSecond, satOff.editsPerSecond)} (goal ≥ 0.90×)`);
}

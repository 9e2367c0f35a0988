import { describe, expect, it } from 'vitest';
import { createRelayMetrics } from './metrics.ts';

const appendCount = async (metrics: ReturnType<typeof createRelayMetrics>) => {
  const { values } = await metrics.persistSeconds.get();
  return values.find((v) => v.metricName?.endsWith('_count') && v.labels.operation === 'append')?.value ?? 0;
};

describe("the relay's append durations", () => {
  it('are all in the histogram when it is read, though observed in bulk', async () => {
    const metrics = createRelayMetrics();
    metrics.observeAppend(0.0002);
    metrics.observeAppend(0.003);
    expect(await appendCount(metrics)).toBe(2);
    const text = await metrics.registry.getSingleMetricAsString('holdfast_relay_persistence_seconds');
    expect(text).toContain('holdfast_relay_persistence_seconds_bucket{le="0.0005",operation="append"} 1');
    expect(text).toContain('holdfast_relay_persistence_seconds_count{operation="append"} 2');
  });

  it('lose none of more values than the buffer holds between two reads (a full buffer is folded in at once)', async () => {
    const metrics = createRelayMetrics();
    for (let i = 0; i < 5000; i++) metrics.observeAppend(0.0001);
    const { values } = await metrics.persistSeconds.get();
    expect(values.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(5000);
  });
});

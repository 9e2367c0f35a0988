import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The relay's Prometheus metrics, on a registry of its own (served at GET /metrics).
 * `queuedBytes` reports the bytes waiting in each open socket's send buffer, read at scrape time.
 */
export function createRelayMetrics(queuedBytes: () => number[] = () => []) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'holdfast_relay_' });
  const queuedPeak = new Gauge({
    name: 'holdfast_relay_send_queue_peak_bytes',
    help: 'The most bytes ever waiting to be sent to one socket (bounded by maxQueuedBytesPerSocket)',
    registers: [registry],
  });
  let peak = 0;
  const persistSeconds: Histogram<'operation'> = new Histogram({
    name: 'holdfast_relay_persistence_seconds',
    help: 'Time to store an update (from its arrival in the document’s turn to its commit), load or compact a document',
    labelNames: ['operation'],
    // 25 ms and 50 ms are the goals of same-node and cross-node propagation (issue 17): a bucket at each.
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers: [registry],
    collect: () => appends.fold(),
  });
  const appends = createBulkObserver(persistSeconds, { operation: 'append' });
  return {
    registry,
    /** Records the bytes now waiting in one socket's send buffer. */
    observeQueued(bytes: number): void {
      if (bytes <= peak) return;
      peak = bytes;
      queuedPeak.set(peak);
    },
    queued: new Gauge({
      name: 'holdfast_relay_send_queue_bytes',
      help: 'Bytes waiting to be sent, over all sockets (max: the fullest socket)',
      labelNames: ['of'],
      registers: [registry],
      collect() {
        const all = queuedBytes();
        this.set(
          { of: 'sum' },
          all.reduce((a, b) => a + b, 0),
        );
        this.set({ of: 'max' }, Math.max(0, ...all));
      },
    }),
    connections: new Gauge({
      name: 'holdfast_relay_connections',
      help: 'Open WebSocket connections',
      registers: [registry],
    }),
    loadedDocs: new Gauge({
      name: 'holdfast_relay_loaded_documents',
      help: 'Documents held in memory',
      registers: [registry],
    }),
    messagesIn: new Counter({
      name: 'holdfast_relay_messages_in_total',
      help: 'Messages received',
      labelNames: ['type'],
      registers: [registry],
    }),
    messagesOut: new Counter({
      name: 'holdfast_relay_messages_out_total',
      help: 'Messages sent',
      registers: [registry],
    }),
    bytesIn: new Counter({ name: 'holdfast_relay_bytes_in_total', help: 'Bytes received', registers: [registry] }),
    bytesOut: new Counter({ name: 'holdfast_relay_bytes_out_total', help: 'Bytes sent', registers: [registry] }),
    dropped: new Counter({
      name: 'holdfast_relay_dropped_messages_total',
      help: 'Messages dropped from read-only connections',
      labelNames: ['type'],
      registers: [registry],
    }),
    closes: new Counter({
      name: 'holdfast_relay_closes_total',
      help: 'Connections closed by the relay, by close code',
      labelNames: ['code'],
      registers: [registry],
    }),
    persistSeconds,
    /** Records how long one update took to store (once per update: see `createBulkObserver`). */
    observeAppend: appends.observe,
  };
}

/**
 * Values for one labelled series of a histogram, taken into a typed array and observed in bulk when
 * the histogram is read (a scrape) or the array is full. Observed once per update, prom-client's
 * `observe` took ~8 µs a call in the relay (a closure, a label hash and bucket lookups by float
 * keys, cold each time): ~3 % of the main thread at 100 clients. 256 at a time it takes 0.6–2 µs a
 * value, and a fold holds the event loop for well under a millisecond.
 */
function createBulkObserver<L extends string>(histogram: Histogram<L>, labels: Partial<Record<L, string>>) {
  const values = new Float64Array(256);
  let count = 0;
  const fold = () => {
    for (let i = 0; i < count; i++) histogram.observe(labels, values[i]!);
    count = 0;
  };
  return {
    fold,
    observe(seconds: number): void {
      values[count++] = seconds;
      if (count === values.length) fold();
    },
  };
}
export type RelayMetrics = ReturnType<typeof createRelayMetrics>;

/** Runs `operation` and records its duration under `label`. */
export function timed<T>(metrics: RelayMetrics, label: string, operation: () => T): T {
  const end = metrics.persistSeconds.startTimer({ operation: label });
  try {
    return operation();
  } finally {
    end();
  }
}

/** Awaits `operation` and records its duration under `label` (failed ones too). */
export async function timedAsync<T>(metrics: RelayMetrics, label: string, operation: () => Promise<T>): Promise<T> {
  const end = metrics.persistSeconds.startTimer({ operation: label });
  try {
    return await operation();
  } finally {
    end();
  }
}

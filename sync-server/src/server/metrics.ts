import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The relay's Prometheus metrics, on a registry of its own (served at GET /metrics). */
export function createRelayMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'holdfast_relay_' });
  return {
    registry,
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
    persistSeconds: new Histogram({
      name: 'holdfast_relay_persistence_seconds',
      help: 'Time to store an update, load or compact a document',
      labelNames: ['operation'],
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5],
      registers: [registry],
    }),
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

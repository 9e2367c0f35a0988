import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * What a relay node of a cluster adds to its Prometheus metrics. No document or member id is ever
 * a label: a label per document would grow without bound.
 */
export function createClusterMetrics(registry: Registry) {
  let lagSeconds = () => 0;
  return {
    /** The fan-out says how far behind it is; the gauge asks at every scrape. */
    measureLag(source: () => number) {
      lagSeconds = source;
    },
    fanOutLag: new Gauge({
      name: 'holdfast_relay_fanout_lag_seconds',
      help: 'How long the document furthest behind has known of rows stored by another node without applying them',
      registers: [registry],
      collect() {
        this.set(lagSeconds());
      },
    }),
    catchUpRows: new Counter({
      name: 'holdfast_relay_catch_up_rows_total',
      help: 'Updates and snapshots read from PostgreSQL to follow changes stored by other nodes',
      registers: [registry],
    }),
    catchUpReads: new Counter({
      name: 'holdfast_relay_catch_up_reads_total',
      help: 'Reads of rows stored by other nodes, by what triggered them',
      labelNames: ['reason'],
      registers: [registry],
    }),
    appendBatchUpdates: new Histogram({
      name: 'holdfast_relay_append_batch_updates',
      help: 'Updates of one document stored by one commit (group commit: those that arrived while a write was in flight)',
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [registry],
    }),
    listenReconnects: new Counter({
      name: 'holdfast_relay_listen_reconnects_total',
      help: 'Times the LISTEN connection to PostgreSQL was re-established after it was lost',
      registers: [registry],
    }),
    malformedNotifications: new Counter({
      name: 'holdfast_relay_malformed_notifications_total',
      help: 'Notifications whose payload was not understood (ignored; the safety poll catches up)',
      registers: [registry],
    }),
    presenceDropped: new Counter({
      name: 'holdfast_relay_presence_dropped_total',
      help: 'Presence updates not sent to other nodes, by reason (oversized: above the NOTIFY payload limit)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    presenceRelayed: new Counter({
      name: 'holdfast_relay_presence_relayed_total',
      help: 'Presence updates exchanged with other nodes, by direction',
      labelNames: ['direction'],
      registers: [registry],
    }),
    directoryVersion: new Gauge({
      name: 'holdfast_relay_directory_version',
      help: 'Version of the team directory this node authorizes from',
      registers: [registry],
    }),
  };
}
export type ClusterMetrics = ReturnType<typeof createClusterMetrics>;

/**
 * Why a node read rows stored elsewhere: a bell (one per batch another node stored), a reconnect
 * of the LISTEN connection, the safety poll, bells rung during a load, or a gap — this node's own
 * batch got numbers past the ones it had applied, so another node stored rows in between.
 */
export type CatchUpReason = 'bell' | 'reconnect' | 'poll' | 'load' | 'gap';

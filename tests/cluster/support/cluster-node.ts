// One relay node's PostgreSQL side, as the cluster tests run it: pool, store, LISTEN connection,
// fan-out, metrics. Several of them in one test process are several nodes.
import { Registry } from 'prom-client';
import * as Y from 'yjs';
import { createClusterMetrics, type ClusterMetrics } from '../../../sync-server/src/cluster/cluster-metrics.ts';
import { createDocumentFanOut } from '../../../sync-server/src/cluster/document-fan-out.ts';
import type {
  ClientBinding,
  DocumentFeed,
  DocumentFeeds,
} from '../../../sync-server/src/persistence/document-feeds.ts';
import {
  createNotificationListener,
  type NotificationListener,
} from '../../../sync-server/src/cluster/notification-listener.ts';
import type { AsyncDocumentStore } from '../../../sync-server/src/persistence/async-document-store.ts';
import { CHANNEL } from '../../../sync-server/src/persistence/postgres/channels.ts';
import { createPostgresDocumentStore } from '../../../sync-server/src/persistence/postgres/postgres-document-store.ts';
import { openNodePool } from './cluster-store.ts';

export interface TestNode {
  name: string;
  store: AsyncDocumentStore;
  listener: NotificationListener;
  fanOut: DocumentFeeds;
  metrics: ClusterMetrics;
  registry: Registry;
  errors: string[];
  /** Opens a document into a Y.Doc of its own; the feed applies every stored change to it. */
  open(docName: string): Promise<{ doc: Y.Doc; feed: DocumentFeed; origins: unknown[]; bindings: ClientBinding[] }>;
  close(): Promise<void>;
}

export async function startNode(
  url: string,
  name: string,
  options: { pollIntervalMs?: number; wrapStore?: (store: AsyncDocumentStore) => AsyncDocumentStore } = {},
): Promise<TestNode> {
  const pool = await openNodePool(url, name);
  const stored = createPostgresDocumentStore(pool);
  const store = options.wrapStore ? options.wrapStore(stored) : stored;
  const registry = new Registry();
  const metrics = createClusterMetrics(registry);
  const errors: string[] = [];
  const onError = (message: string) => errors.push(message);
  const listener = createNotificationListener({
    url,
    applicationName: `holdfast-listen-${name}`,
    channels: [CHANNEL.documents, CHANNEL.directory],
    metrics,
    onError,
  });
  await listener.start();
  // A safety poll of an hour: tests that rely on it say so, the others prove the bells suffice.
  const fanOut = createDocumentFanOut({
    store,
    listener,
    metrics,
    pollIntervalMs: options.pollIntervalMs ?? 3_600_000,
    onError,
  });
  return {
    name,
    store,
    listener,
    fanOut,
    metrics,
    registry,
    errors,
    async open(docName) {
      const doc = new Y.Doc();
      const origins: unknown[] = [];
      const bindings: ClientBinding[] = [];
      const feed = await fanOut.open(docName, (change) => {
        origins.push(change.origin);
        bindings.push(...(change.bindings ?? []));
        doc.transact(() => {
          for (const update of change.updates) Y.applyUpdate(doc, update);
        }, change.origin);
      });
      return { doc, feed, origins, bindings };
    },
    async close() {
      fanOut.close();
      await listener.close();
      await stored.close();
    },
  };
}

export const keysIn = (doc: Y.Doc) => Object.keys(doc.getMap('orders').toJSON()).sort();

/** The value of a counter (summed over its labels, or for the given label values). */
export async function counterValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  return (metric?.values ?? [])
    .filter((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value))
    .reduce((sum, v) => sum + v.value, 0);
}

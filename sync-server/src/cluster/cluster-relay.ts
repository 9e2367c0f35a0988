import type { Logger } from 'pino';
import { Gauge, Registry } from 'prom-client';
import { readingCurrent } from '../directory/directory-view.ts';
import type { RelayHooks } from '@holdfast/core/relay';
import type { AsyncDocumentStore } from '../persistence/async-document-store.ts';
import type { RelayStore } from '../relay-store.ts';
import { startClusterNode } from './cluster-node.ts';
import { redactedUrl } from './cluster-settings.ts';

/** Presence to and from the other nodes, as relay hooks: follow on load, publish local changes, stop on unload. */
function presenceHooks(presence: {
  publish(docName: string, update: Uint8Array): void;
  follow(docName: string, apply: (update: Uint8Array) => void): () => void;
}): RelayHooks {
  const following = new Map<string, () => void>();
  return {
    load({ document }) {
      following.get(document.name)?.();
      following.set(
        document.name,
        presence.follow(document.name, (update) => document.applyPresenceFromOtherNode(update)),
      );
    },
    awareness: ({ document, update }) => presence.publish(document.name, update),
    unload({ document }) {
      following.get(document.name)?.();
      following.delete(document.name);
    },
  };
}

/**
 * The relay's store as a node of a cluster on PostgreSQL: documents through the fan-out, the
 * directory read from PostgreSQL and kept current by its notifications, presence across nodes,
 * the writer lease deciding who writes member and directory documents, readiness and metrics.
 */
export async function openClusterStore(options: {
  url: string;
  nodeName?: string;
  pollIntervalMs: number;
  fanOutLagBoundMs: number;
  log: Logger;
  wrapStore?: (store: AsyncDocumentStore) => AsyncDocumentStore;
}): Promise<RelayStore> {
  const registry = new Registry();
  const leaseHeld = new Gauge({
    name: 'holdfast_relay_writer_lease_held',
    help: 'Whether this node writes the relay documents (member and directory documents) at once: 1 or 0',
    registers: [registry],
  });
  let listener: { directoryChanged(): void; rewriteServerDocs(): void } | null = null;
  const node = await startClusterNode({
    url: options.url,
    nodeName: options.nodeName,
    pollIntervalMs: options.pollIntervalMs,
    fanOutLagBoundMs: options.fanOutLagBoundMs,
    registry,
    onDirectoryChange: () => listener?.directoryChanged(),
    onWriterLease: (held) => {
      leaseHeld.set(held ? 1 : 0);
      options.log.info({ held }, held ? 'this node writes the relay documents' : 'this node no longer writes them');
      if (held) listener?.rewriteServerDocs();
    },
    onError: (message, error) => options.log.error({ err: error }, message),
    wrapStore: options.wrapStore,
  });
  // Every read goes to the directory at the newest version this node has read.
  const directory = readingCurrent(() => node.directory.current());

  return {
    description: `PostgreSQL ${redactedUrl(options.url)} as node ${node.name}`,
    feeds: node.feeds,
    directory,
    readiness: () => node.readiness(),
    hooks: [presenceHooks(node.presence)],
    writesServerDocs: () => node.writerLease.held,
    fillInServerDocsAfterMs: options.pollIntervalMs,
    registries: [registry],
    attach(relay) {
      listener = relay;
    },
    close: () => node.close(),
  };
}

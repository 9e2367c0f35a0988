import { z } from 'zod';
import { CHANNEL, MAX_NOTIFY_PAYLOAD_BYTES } from '../persistence/postgres/channels.ts';
import type { ClusterMetrics } from './cluster-metrics.ts';
import type { NotificationListener } from './notification-listener.ts';

const presenceMessageSchema = z.object({
  /** The node that received it from its client (and stamped it with the client's member). */
  node: z.string().min(1),
  doc: z.string().min(1),
  /** A y-protocols awareness update, base64. */
  update: z.base64(),
});

export interface PresenceFanOutOptions {
  nodeName: string;
  listener: NotificationListener;
  /** Sends one NOTIFY (e.g. `SELECT pg_notify($1, $2)` on the node's pool). */
  notify(channel: string, payload: string): Promise<unknown>;
  metrics: ClusterMetrics;
  onError(message: string, error: unknown): void;
}

/**
 * Presence ("who is looking at this order") crosses nodes over NOTIFY. It is not stored: it is
 * ephemeral and re-sent by every client every 15 s, so a lost message only delays it. The node
 * that receives a state from its client stamps it (the relay's rule) before publishing it here;
 * a state larger than a notification may carry is dropped and counted. Other nodes apply it to
 * their awareness of the document, where y-protocols removes a state not renewed within 30 s —
 * so the presence of clients on a node that died expires by itself.
 */
export interface PresenceFanOut {
  /** Sends a stamped awareness update of `docName` to the other nodes. */
  publish(docName: string, update: Uint8Array): void;
  /** Receives other nodes' awareness updates of `docName`; returns the function that stops it. */
  follow(docName: string, apply: (update: Uint8Array) => void): () => void;
}

export function createPresenceFanOut(options: PresenceFanOutOptions): PresenceFanOut {
  const { metrics } = options;
  const followers = new Map<string, Set<(update: Uint8Array) => void>>();

  options.listener.on(CHANNEL.presence, (payload) => {
    let message;
    try {
      message = presenceMessageSchema.parse(JSON.parse(payload));
    } catch (error) {
      metrics.malformedNotifications.inc();
      options.onError('ignored a malformed presence notification', error);
      return;
    }
    if (message.node === options.nodeName) return;
    const apply = followers.get(message.doc);
    if (!apply) return;
    metrics.presenceRelayed.inc({ direction: 'in' });
    const update = new Uint8Array(Buffer.from(message.update, 'base64'));
    for (const handler of apply) handler(update);
  });

  return {
    publish(docName, update) {
      const payload = JSON.stringify({
        node: options.nodeName,
        doc: docName,
        update: Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('base64'),
      });
      if (Buffer.byteLength(payload) > MAX_NOTIFY_PAYLOAD_BYTES) {
        metrics.presenceDropped.inc({ reason: 'oversized' });
        return;
      }
      metrics.presenceRelayed.inc({ direction: 'out' });
      options
        .notify(CHANNEL.presence, payload)
        .catch((error: unknown) => options.onError(`sending presence of ${docName} to other nodes failed`, error));
    },
    follow(docName, apply) {
      const handlers = followers.get(docName) ?? new Set();
      handlers.add(apply);
      followers.set(docName, handlers);
      return () => {
        handlers.delete(apply);
        if (handlers.size === 0 && followers.get(docName) === handlers) followers.delete(docName);
      };
    },
  };
}

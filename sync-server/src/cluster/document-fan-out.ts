import { ClientIdTakenError } from '@holdfast/core/relay';
import type { AppendOutcome, AsyncDocumentStore } from '../persistence/async-document-store.ts';
import { CHANNEL, decodeDocumentBell, MalformedNotificationError } from '../persistence/postgres/channels.ts';
import type { DocumentFeed, DocumentFeeds, FeedChange, PreparedUpdate } from '../persistence/document-feeds.ts';
import { STORED_ORIGIN } from '../persistence/document-feeds.ts';
import { queueAppend, takeBatch, type BatchedAppend, type QueuedAppend } from '../persistence/group-commit.ts';
import { createSerialQueues } from '../persistence/serial-queues.ts';
import type { CatchUpReason, ClusterMetrics } from './cluster-metrics.ts';
import type { NotificationListener } from './notification-listener.ts';

export interface DocumentFanOutOptions {
  store: AsyncDocumentStore;
  listener: NotificationListener;
  metrics: ClusterMetrics;
  /** Safety net: how often the heads of loaded documents are compared with what was applied. */
  pollIntervalMs?: number;
  now?: () => number;
  onError(message: string, error: unknown): void;
}

interface FeedState {
  applied: number;
  /** Highest sequence number any bell or poll reported. */
  knownHead: number;
  /** When this document was first seen behind, for the lag; null when it is current. */
  behindSince: number | null;
  loading: boolean;
  catchUpQueued: boolean;
  /** Appends waiting for the document's next transaction (group commit). */
  waiting: QueuedAppend[];
  /** A turn that takes the next batch is queued and has not started. */
  batchQueued: boolean;
  apply(change: FeedChange): void;
}

/**
 * Fan-out across relay nodes as a doorbell. Each node LISTENs; a notification says "document D
 * has row N". For a loaded document the node reads the rows after the one it has applied and
 * applies them in order. A gap, a missed notification (found by the safety poll) or a reconnect of
 * the LISTEN connection all end in the same catch-up read, and applying a row twice is harmless:
 * the sequence dedupes. Everything one document does — load, local append, catch-up, compaction —
 * runs in that document's serial queue, so memory only ever moves forward through the sequence.
 * The document's Yjs client-id bindings travel the same way: each catch-up read brings those
 * stored with the rows it reads, so what a node validates against is what the database holds up
 * to the row it has applied (and the store settles what it has not applied yet).
 */
export function createDocumentFanOut(options: DocumentFanOutOptions): DocumentFeeds {
  const { store, metrics } = options;
  const now = options.now ?? Date.now;
  const queues = createSerialQueues();
  const feeds = new Map<string, FeedState>();

  const noteHead = (state: FeedState, seq: number) => {
    if (seq > state.knownHead) state.knownHead = seq;
    if (state.knownHead > state.applied && state.behindSince === null) state.behindSince = now();
  };

  const advance = (state: FeedState, change: FeedChange) => {
    if (change.seq <= state.applied) return;
    state.apply(change);
    state.applied = change.seq;
    if (state.knownHead < state.applied) state.knownHead = state.applied;
    if (state.applied >= state.knownHead) state.behindSince = null;
  };

  const readBehind = async (docName: string, state: FeedState, reason: CatchUpReason, upto?: number) => {
    metrics.catchUpReads.inc({ reason });
    const changes = await store.changesAfter(docName, state.applied, upto);
    metrics.catchUpRows.inc(changes.updates.length);
    advance(state, { ...changes, origin: STORED_ORIGIN });
  };

  /** Queues one catch-up read; bells that arrive before it starts ride along with it. */
  const catchUp = (docName: string, state: FeedState, reason: CatchUpReason, force = false) => {
    if (state.loading || (state.catchUpQueued && !force)) return;
    state.catchUpQueued = true;
    queues
      .run(docName, async () => {
        state.catchUpQueued = false;
        if (feeds.get(docName) !== state || (!force && state.knownHead <= state.applied)) return;
        await readBehind(docName, state, reason);
      })
      .catch((error: unknown) => {
        // The rows stay stored; the next bell, poll or reconnect reads them again.
        options.onError(`catching up ${docName} failed; the next notification or poll retries`, error);
      });
  };

  options.listener.on(CHANNEL.documents, (payload) => {
    let bell;
    try {
      bell = decodeDocumentBell(payload);
    } catch (error) {
      if (!(error instanceof MalformedNotificationError)) throw error;
      metrics.malformedNotifications.inc();
      options.onError('ignored a malformed document notification', error);
      return;
    }
    const state = feeds.get(bell.docName);
    if (!state) return;
    noteHead(state, bell.seq);
    if (bell.seq > state.applied) catchUp(bell.docName, state, 'bell');
  });

  // Bells rung while the connection was down are lost: read every loaded document again.
  options.listener.onConnected((reconnect) => {
    if (!reconnect) return;
    for (const [docName, state] of feeds) catchUp(docName, state, 'reconnect', true);
  });

  let polling = false;
  const poll = setInterval(() => {
    if (polling || feeds.size === 0) return;
    polling = true;
    store
      .heads([...feeds.keys()])
      .then((heads) => {
        for (const [docName, head] of heads) {
          const state = feeds.get(docName);
          if (!state) continue;
          noteHead(state, head);
          if (head > state.applied) catchUp(docName, state, 'poll');
        }
      })
      .catch((error: unknown) => options.onError('polling document heads failed', error))
      .finally(() => (polling = false));
  }, options.pollIntervalMs ?? 2_000);
  poll.unref();

  const lagSeconds = () => {
    let oldest: number | null = null;
    for (const state of feeds.values())
      if (state.behindSince !== null && (oldest === null || state.behindSince < oldest)) oldest = state.behindSince;
    return oldest === null ? 0 : (now() - oldest) / 1000;
  };
  metrics.measureLag(lagSeconds);

  return {
    async open(docName, apply) {
      if (feeds.has(docName)) throw new Error(`${docName} is already open on this node; open it once`);
      const state: FeedState = {
        applied: 0,
        knownHead: 0,
        behindSince: null,
        loading: true,
        catchUpQueued: false,
        waiting: [],
        batchQueued: false,
        apply,
      };
      // Registered before the load starts, so bells rung during the load are noted in knownHead.
      feeds.set(docName, state);
      try {
        await queues.run(docName, async () => {
          const loaded = await store.load(docName);
          state.apply({ ...loaded, origin: STORED_ORIGIN });
          state.applied = loaded.seq;
          state.loading = false;
          if (state.knownHead <= state.applied) state.behindSince = null;
        });
      } catch (error) {
        feeds.delete(docName);
        throw error;
      }
      if (state.knownHead > state.applied) catchUp(docName, state, 'load');

      /**
       * Runs in the document's turn: stored first, then applied after any rows stored before it.
       * A failed commit rejects every append of the batch, and none of them is applied; an append
       * whose client id another member holds is rejected alone (ClientIdTakenError).
       */
      const storeAndApply = async (batch: readonly BatchedAppend[]) => {
        let outcomes: AppendOutcome[];
        try {
          outcomes = await store.appendAll(
            docName,
            batch.map(({ update, binding }) => ({ update, binding })),
          );
        } catch (error) {
          for (const { append } of batch) append.reject(error);
          return;
        }
        const stored: (BatchedAppend & { seq: number })[] = [];
        batch.forEach((one, i) => {
          const outcome = outcomes[i]!;
          if ('seq' in outcome) stored.push({ ...one, seq: outcome.seq });
          else one.append.reject(new ClientIdTakenError(outcome.takenClientId));
        });
        if (stored.length === 0) return;
        metrics.appendBatchUpdates.observe(stored.length);
        const first = stored[0]!.seq;
        noteHead(state, stored.at(-1)!.seq);
        try {
          // Another node stored rows before ours: read those first, then apply ours with their senders
          // as origin (one a snapshot already covered is skipped: memory has it).
          if (first > state.applied + 1) await readBehind(docName, state, 'gap', first - 1);
          for (const { update, binding, append, seq } of stored)
            advance(state, { updates: [update], seq, origin: append.origin, bindings: binding && [binding] });
        } catch (error) {
          for (const { append } of stored) append.reject(error);
          return;
        }
        for (const { append, seq } of stored) append.resolve(seq);
      };

      /** One turn of the document: the appends that waited meanwhile, as one batch. */
      const commitBatch = async () => {
        state.batchQueued = false;
        const batch = takeBatch(state.waiting);
        if (batch.length > 0) await storeAndApply(batch);
        // An append that builds on one of this batch (it was left waiting) goes in the next.
        if (state.waiting.length > 0) queueBatch();
      };
      const queueBatch = () => {
        if (state.batchQueued) return;
        state.batchQueued = true;
        queues.run(docName, commitBatch).catch((error: unknown) => options.onError(`storing ${docName} failed`, error));
      };
      const enqueue = (prepare: () => PreparedUpdate | null, origin: unknown) => {
        const promise = queueAppend(state.waiting, prepare, origin);
        queueBatch();
        return promise;
      };

      const feed: DocumentFeed = {
        docName,
        get appliedSeq() {
          return state.applied;
        },
        append: (update, origin) => enqueue(() => ({ update }), origin) as Promise<number>,
        appendChecked: enqueue,
        compact(state_) {
          return queues.run(docName, () => store.compact(docName, state_(), state.applied));
        },
        async close() {
          do await queues.settled(docName);
          while (state.waiting.length > 0 || state.batchQueued);
          if (feeds.get(docName) === state) feeds.delete(docName);
        },
      };
      return feed;
    },
    lagSeconds,
    close() {
      clearInterval(poll);
      feeds.clear();
    },
  };
}

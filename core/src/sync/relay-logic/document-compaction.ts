import * as Y from 'yjs';
import type { DocumentFeed } from './document-feed.ts';
import { CompactionDeferredError, type HeldUpdates } from './held-update.ts';

export interface DocumentCompactionOptions {
  name: string;
  doc: Y.Doc;
  held: HeldUpdates;
  feed(): DocumentFeed;
  /** Whether the document failed (a failed commit) or was destroyed: then nothing is compacted. */
  isDone(): boolean;
  /** Compacts by itself once this many updates were applied since the last snapshot (Infinity: never). */
  everyUpdates: number;
  /** Starts timing a compaction; the function returned ends it. */
  timing?(): (() => void) | undefined;
  onError(message: string, error: unknown): void;
}

/** When and how a relay document replaces its stored updates with one snapshot. */
export interface DocumentCompaction {
  /** Counts updates applied (the load's too), so appending never has to count in the store. */
  applied(count: number): void;
  /** Past the threshold, compacts out of the feed's turn: compacting queues behind what the feed does now. */
  compactIfDue(): void;
  /** Replaces the stored updates with one snapshot of memory, once no update waits for its commit. */
  compact(): Promise<void>;
}

export function createDocumentCompaction(options: DocumentCompactionOptions): DocumentCompaction {
  const { name, doc, held } = options;
  /** Updates applied since the last snapshot. */
  let sinceSnapshot = 0;
  let queued = false;

  const compact = async () => {
    if (held.count > 0) await held.settled();
    if (options.isDone() || sinceSnapshot <= 1) return;
    const before = sinceSnapshot;
    const end = options.timing?.();
    try {
      // The snapshot must cover exactly what is stored: never while updates wait for their commit.
      await options.feed().compact(() => {
        if (held.count > 0) throw new CompactionDeferredError(name);
        return Y.encodeStateAsUpdate(doc);
      });
    } catch (error) {
      if (error instanceof CompactionDeferredError) return;
      throw error;
    } finally {
      end?.();
    }
    sinceSnapshot = Math.max(1, sinceSnapshot - before + 1);
  };

  return {
    applied(count) {
      sinceSnapshot += count;
    },
    compactIfDue() {
      if (sinceSnapshot < options.everyUpdates || queued) return;
      queued = true;
      setTimeout(() => {
        queued = false;
        if (!options.isDone()) compact().catch((error: unknown) => options.onError(`compacting ${name} failed`, error));
      }, 0);
    },
    compact,
  };
}

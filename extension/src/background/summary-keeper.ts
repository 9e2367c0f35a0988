import { createDebouncer } from 'lib0/eventloop';
import type { SummaryResponse } from '../messaging/summary-messages.ts';

export interface SummaryKeeperOptions {
  /**
   * Computes the popup's counts for the member chosen now, from the store's order listings: after
   * an import or a sync burst this is where the missing listings are derived and kept, once the
   * store is quiet, so the next side panel and popup read them ready.
   */
  compute(): Promise<SummaryResponse>;
  /** How long the store must stay quiet before recomputing: a sync batch or an import is one burst. */
  quietMs: number;
  /** Ages grow: a kept summary older than this is computed again when asked. */
  maxAgeMs: number;
  now(): number;
  onError(error: unknown): void;
}

export interface SummaryKeeper {
  /** The popup's counts: the kept ones while nothing changed since, else computed now (and kept). */
  get(): Promise<SummaryResponse>;
  /** The store or the member changed (or the worker started): forget, and recompute once things settle. */
  changed(): void;
}

/**
 * Keeps the popup's counts computed in the background worker, so a popup opened at a real
 * partner's volume (tens of thousands of orders) shows them at once instead of waiting for every
 * order's listing to be read. A change forgets them at once (never shown stale) and recomputes them
 * once the store is quiet; memory only, so a restarted worker computes them on first use.
 */
export function createSummaryKeeper(options: SummaryKeeperOptions): SummaryKeeper {
  const debounce = createDebouncer(options.quietMs);
  /** Bumped by every change: a computation started before one is not kept. */
  let generation = 0;
  let kept: { generation: number; at: number; value: Promise<SummaryResponse> } | null = null;
  const compute = () => {
    const started = generation;
    const value = options.compute();
    kept = { generation: started, at: options.now(), value };
    value.catch((error: unknown) => {
      if (kept?.value === value) kept = null;
      options.onError(error);
    });
    return value;
  };
  return {
    get() {
      const fresh = kept && kept.generation === generation && options.now() - kept.at < options.maxAgeMs;
      return fresh ? kept!.value : compute();
    },
    changed() {
      generation += 1;
      kept = null;
      debounce(() => void compute().catch(() => undefined));
    },
  };
}

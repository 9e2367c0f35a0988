import { createDebouncer } from 'lib0/eventloop';

export interface FirstScreenKeeperOptions {
  /** Recomputes the member's list and keeps its top (`HoldfastService.refreshFirstScreen`). */
  refresh(): Promise<void>;
  /** An open side panel keeps its own first screen; the background then has nothing to do. */
  panelOpen(): boolean;
  /** How long the store must stay quiet before recomputing: a sync batch or an import is one burst. */
  quietMs: number;
  onError(error: unknown): void;
}

export interface FirstScreenKeeper {
  /** Something changed (the store, the member, the browser started): recompute once things settle. */
  changed(): void;
}

/**
 * Keeps the side panel's first screen current while no panel is open, so the next panel — the
 * first after the browser starts included — opens at once with what the store holds now.
 */
export function createFirstScreenKeeper(options: FirstScreenKeeperOptions): FirstScreenKeeper {
  const debounce = createDebouncer(options.quietMs);
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    if (options.panelOpen()) return;
    // One recompute at a time; a change during one schedules the next.
    running = running.then(options.refresh).catch(options.onError);
  };
  return { changed: () => debounce(run) };
}

/**
 * Where documents live between connections. The relay appends every update before it broadcasts
 * it, and now and then replaces the appended updates with one snapshot. SQLite implements it now;
 * a Redis or PostgreSQL store for several relay nodes implements the same four calls.
 */
export interface DocumentStore {
  /** The snapshot (if any) followed by every update appended since, oldest first. */
  load(docName: string): Uint8Array[];
  /** Durably appends one update (stored when this returns). */
  append(docName: string, update: Uint8Array): void;
  /** Replaces everything stored for the doc so far with `snapshot` (the doc's full state). */
  compact(docName: string, snapshot: Uint8Array): void;
  /** True when the store answers; `/readyz` reports it. */
  ping(): boolean;
  /**
   * Runs `work` in one transaction: the appends it makes are committed together, or none is (it
   * throws). The relay's group commit stores every queued update in one. A store without
   * transactions leaves it out; then each append stands alone.
   */
  transaction?<T>(work: () => T): T;
}

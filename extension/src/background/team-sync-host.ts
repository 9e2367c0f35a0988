import type { SharedWrites } from '../data/shared-writes.ts';
import type { HoldfastSnapshot } from '@holdfast/core';
import type { HoldfastStore, ImportProgress, ImportReport } from '@holdfast/core/store';
import {
  createTeamSync,
  forgetLostDocuments,
  importIntoDocuments,
  importSnapshotIntoDocuments,
  parseDocName,
  type TeamSync,
  type TeamSyncOptions,
} from '@holdfast/core/sync';
import type { Preferences } from '../data/preferences.ts';
import { readRelayToken, relayOriginPattern } from '../data/relay-token.ts';
import { checkRelayUrl } from '../data/relay-url.ts';
import type { ImportFileResponse, SyncSummary } from '../messaging/team-messages.ts';

export interface TeamSyncHostOptions {
  store: HoldfastStore;
  /** Whether the user granted the relay's origin (the optional host permission). */
  hasPermission(originPattern: string): Promise<boolean>;
  /** The browser's parts sync needs: WebSocket, timers, randomness. */
  environment: Pick<TeamSyncOptions, 'WebSocket' | 'setTimeout' | 'clearTimeout' | 'random' | 'keepAliveMs'>;
  /** Keep documents in IndexedDB (true in the extension; false in tests without y-indexeddb). */
  persist: boolean;
  /** Sync status or presence may have changed. */
  onChange(): void;
  onError(error: unknown): void;
}

export interface TeamSyncHost {
  /** Starts, restarts or stops sync to match the preferences. */
  apply(preferences: Preferences): Promise<void>;
  summary(): SyncSummary;
  /** Where commands write while sync runs (see SharedWrites); null while sync is off. */
  sharedWrites(): SharedWrites | null;
  /**
   * Imports a file while sync runs, in the token member's name: the orders they may import go into
   * the team's documents (their rows follow through the projections), the rest into the store.
   * `handled: false` while sync is off: the page imports into the store itself.
   */
  importFile(
    content: string | Uint8Array,
    fileName: string,
    now: Date,
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<ImportFileResponse>;
  /**
   * Imports orders Holdfast built itself (an order tracked from the portal page) as `importFile`
   * does, in the token member's name: into the documents where they may import, else into the
   * store. `handled: false` while sync is off: the caller imports into the store itself.
   */
  importOrders(snapshot: HoldfastSnapshot, options: { now: Date; source: string }): Promise<SnapshotImported>;
  setViewing(salesOrderNumber: string | null): void;
  /** Reconnects every document that waits out its backoff now ("Retry now"). */
  retryNow(): void;
  viewers(salesOrderNumber: string | null): { memberId: string; name: string }[];
  stop(): Promise<void>;
}

export type SnapshotImported = { handled: false } | { handled: true; report: ImportReport };

const OFF: SyncSummary = { status: 'off', memberName: null, documents: 0, revoked: 0 };

/**
 * Runs the team sync in the background worker while the preferences turn it on and the relay's
 * origin is granted. The token names the member; sync starts from their member document.
 */
export function createTeamSyncHost(options: TeamSyncHostOptions): TeamSyncHost {
  const { store } = options;
  let team: TeamSync | null = null;
  let memberId = '';
  let running = '';
  let summary: SyncSummary = OFF;
  /** Kept across restarts of the team sync (a new token, a permission): the relay was in sync then. */
  let lastSyncedAt: string | null = null;
  // apply() may be called again before it finished (storage events come in bursts): one at a time.
  let applying: Promise<void> = Promise.resolve();

  const stop = async () => {
    const current = team;
    team = null;
    running = '';
    await current?.destroy();
  };

  const forgetLost = async (current: TeamSync) => {
    await current.idle();
    if (team !== current || current.state().status !== 'synced') return;
    const open = new Set(current.state().documents.map((d) => d.docName));
    const lost = await forgetLostDocuments(store.db, open, {
      persist: options.persist,
      databases: options.persist ? () => indexedDB.databases() : undefined,
    });
    if (lost.length > 0) options.onChange();
  };

  const start = async (preferences: Preferences) => {
    const wanted =
      preferences.syncEnabled && preferences.relayUrl && preferences.relayToken
        ? `${preferences.relayUrl}\n${preferences.relayToken}`
        : '';
    if (wanted === running) return;
    await stop();
    summary = OFF;
    const claims = readRelayToken(preferences.relayToken);
    if (!wanted || !claims) return options.onChange();
    // The options page refuses such a URL; preferences written another way are refused here too.
    if (!checkRelayUrl(preferences.relayUrl).ok) {
      summary = { ...OFF, status: 'insecure-relay' };
      return options.onChange();
    }
    if (!(await options.hasPermission(relayOriginPattern(preferences.relayUrl)))) {
      summary = { ...OFF, status: 'needs-permission' };
      return options.onChange();
    }
    running = wanted;
    memberId = claims.memberId;
    // Once this member's sync is first in step with the relay, what a previous member's (or roles
    // lost while the worker was off) left behind goes: rows and stored copies of documents not synced now.
    let cleaned = false;
    const created: TeamSync = createTeamSync({
      ...options.environment,
      url: preferences.relayUrl,
      token: preferences.relayToken,
      memberId: claims.memberId,
      db: store.db,
      persist: options.persist,
      onChange: () => {
        if (team !== created) return;
        const state = created.state();
        const revokedVirtualAccounts = state.revoked.filter(
          (name) => parseDocName(name)?.kind === 'virtual-account',
        ).length;
        if (state.status === 'synced') lastSyncedAt = new Date().toISOString();
        if (state.status === 'synced' && !cleaned) {
          cleaned = true;
          void forgetLost(created).catch(options.onError);
        }
        summary = {
          status: state.status,
          memberName: state.member?.name ?? null,
          documents: state.documents.length,
          revoked: revokedVirtualAccounts,
          lastSyncedAt,
        };
        options.onChange();
      },
      onError: options.onError,
    });
    team = created;
    summary = { ...OFF, status: 'connecting' };
    options.onChange();
  };

  return {
    apply: (preferences) => (applying = applying.then(() => start(preferences)).catch(options.onError)),
    summary: () => summary,
    sharedWrites() {
      const current = team;
      if (!current) return null;
      return {
        tick: (tick) => current.tick(tick),
        recordEvent: (salesOrderNumber, event) => current.recordEvent(salesOrderNumber, event),
      };
    },
    async importFile(content, fileName, now, onProgress) {
      const current = team;
      if (!current) return { handled: false };
      const outcome = await importIntoDocuments(store, current, content, {
        fileName,
        now,
        actorId: memberId,
        onProgress,
      });
      if (!outcome.ok) return { handled: true, outcome };
      // The orders themselves stay here: the page needs the counts.
      const { forDocuments: _orders, forDocumentTicks: _ticks, ...report } = outcome.report;
      return {
        handled: true,
        outcome: { ok: true, report, sync: outcome.sync ?? { shared: 0, keptLocal: 0, notImported: [] } },
      };
    },
    async importOrders(snapshot, { now, source }) {
      const current = team;
      if (!current) return { handled: false };
      const outcome = await importSnapshotIntoDocuments(store, current, snapshot, { now, source, actorId: memberId });
      // A snapshot's import refuses only by throwing (importFile's errors are a file's).
      if (!outcome.ok) throw new Error(outcome.errors.map((error) => error.message).join('; '));
      return { handled: true, report: outcome.report };
    },
    setViewing: (salesOrderNumber) => team?.setViewing(salesOrderNumber),
    retryNow: () => team?.reconnectNow(),
    viewers: (salesOrderNumber) => (team && salesOrderNumber ? team.viewers(salesOrderNumber) : []),
    stop: () => (applying = applying.then(stop)),
  };
}

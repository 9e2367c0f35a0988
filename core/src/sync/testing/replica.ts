// A test replica: a doc and a provider connected to a memory relay with a fake clock.
import * as Y from 'yjs';
import { createSyncProvider, type SyncProvider, type SyncStatus } from '../sync-provider.ts';
import type { ManualClock } from './manual-clock.ts';
import type { MemoryRelay } from './memory-relay.ts';

export interface Replica {
  doc: Y.Doc;
  provider: SyncProvider;
  statuses: SyncStatus[];
  revoked: string[];
}

export function connectReplica(
  relay: MemoryRelay,
  clock: ManualClock,
  docName: string,
  token: string,
  doc = new Y.Doc(),
  random = () => 0.5,
): Replica {
  const statuses: SyncStatus[] = [];
  const revoked: string[] = [];
  const provider = createSyncProvider({
    url: 'ws://relay.test/sync',
    docName,
    doc,
    token,
    WebSocket: relay.WebSocket,
    user: { memberId: token, name: token },
    onStatus: (s) => statuses.push(s),
    onRevoked: (name) => revoked.push(name),
    onError: (error) => {
      throw error;
    },
    random,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
  });
  return { doc, provider, statuses, revoked };
}

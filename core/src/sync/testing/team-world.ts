// The team-sync tests' world: a memory relay seeded with a Partner Holding Account (VA-A, VA-B, the
// organisation's on-hold document), three members and a way to let everyone catch up.
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeAll } from 'vitest';
import { grant, member } from '../../testing/builders.ts';
import type { HoldfastDb } from '../../store/holdfast-db.ts';
import { CloseCode } from '../close-codes.ts';
import type { AccountDirectory } from '../../domain/account-directory.ts';
import { writeAccountDirectory } from '../directory-doc.ts';
import { directoryDocName, memberDocName, onHoldDocName, virtualAccountDocName } from '../doc-names.ts';
import { writeMemberAccounts } from '../member-doc.ts';
import { createTeamSync, type TeamSync } from '../team-sync.ts';
import { writeOrder } from '../virtual-account-doc.ts';
import { createManualClock, type ManualClock } from './manual-clock.ts';
import { createMemoryRelay, type MemoryRelay, type MemoryRelayOptions } from './memory-relay.ts';
import { freshDb } from './projection-tables.ts';
import { heldOrder, holding, onHoldOrder, vaA, vaB } from './va-fixtures.ts';

export const ALEX = member('alex', 'org-partner'); // Holding Account Administrator: both VAs
export const BO = member('bo', 'org-partner'); // Virtual Account User of VA-A only
export const CY = member('cy', 'org-partner'); // no role, unless a test grants one
export const DOC_A = virtualAccountDocName(holding.smartAccount.id, vaA.id);
export const DOC_B = virtualAccountDocName(holding.smartAccount.id, vaB.id);
export const DIRECTORY = directoryDocName(holding.smartAccount.id);
export const ON_HOLD = onHoldDocName(holding.smartAccount.organizationId);

export const directory = (
  grants = [
    grant('alex', 'holding-account-administrator', 'sa-hold'),
    grant('bo', 'virtual-account-user', 'sa-hold', vaA.id),
  ],
): AccountDirectory => ({
  smartAccount: holding.smartAccount,
  virtualAccounts: [holding.defaultVirtualAccount, vaA, vaB],
  organizations: [],
  members: [ALEX, BO, CY],
  roleGrants: grants,
});

export interface Joined {
  team: TeamSync;
  db: HoldfastDb;
  errors: unknown[];
  clock: ManualClock;
}

export interface TeamWorld {
  /** The relay of the running test (set by `startRelay`, or replaced by `useRelay`). */
  readonly relay: MemoryRelay;
  /** A relay that serves the member and directory docs read-only and lets Bo open VA-A only. */
  startRelay(): MemoryRelay;
  /** Replaces the relay with one of the test's own (for example one that refuses every token). */
  useRelay(options: MemoryRelayOptions): MemoryRelay;
  join(memberId: string, options?: { persist?: boolean; db?: HoldfastDb }): Joined;
  /** A database closed after the test. */
  db(name: string): HoldfastDb;
  /**
   * Delivers frames and lets every member's store catch up, until a pass leaves no frame in flight
   * and no member with work: a condition, not a number of rounds or a sleep. Every running member is
   * waited for (a member not named could still be reacting); the names say who the test is about.
   */
  settle(..._about: TeamSync[]): Promise<void>;
}

/** Registers the hooks (fake IndexedDB for y-indexeddb, teardown after each test) and returns the world. */
export function useTeamWorld(): TeamWorld {
  // y-indexeddb reads the global indexedDB; set after Dexie loaded (see virtual-account-sync.test.ts).
  beforeAll(() => {
    Object.assign(globalThis, { indexedDB, IDBKeyRange });
  });
  let relay: MemoryRelay | undefined;
  const teams: TeamSync[] = [];
  const dbs: HoldfastDb[] = [];
  afterEach(async () => {
    for (const team of teams.splice(0)) await team.destroy();
    for (const db of dbs.splice(0)) db.close();
    relay?.destroy();
    relay = undefined;
  });
  const current = (): MemoryRelay => {
    if (!relay) throw new Error('start the relay first (startRelay)');
    return relay;
  };
  const world: TeamWorld = {
    get relay() {
      return current();
    },
    startRelay() {
      relay?.destroy();
      relay = createMemoryRelay({
        authorize: (docName, token) => {
          if (docName.startsWith('holdfast:member:'))
            return docName === memberDocName(token) ? 'read' : { closeCode: CloseCode.forbidden };
          if (docName === DIRECTORY) return 'read';
          if (token === 'bo' && docName !== DOC_A) return { closeCode: CloseCode.forbidden };
          return 'write';
        },
      });
      for (const who of [ALEX, BO, CY])
        relay.write(memberDocName(who.id), (doc, origin) =>
          writeMemberAccounts(doc, { member: who, smartAccounts: [holding.smartAccount] }, origin),
        );
      relay.write(DIRECTORY, (doc, origin) => writeAccountDirectory(doc, directory(), origin));
      relay.write(DOC_A, (doc, origin) => writeOrder(doc, heldOrder('SO-A1', vaA), origin));
      relay.write(DOC_B, (doc, origin) => writeOrder(doc, heldOrder('SO-B1', vaB), origin));
      relay.write(ON_HOLD, (doc, origin) => writeOrder(doc, onHoldOrder('SO-H1'), origin));
      return relay;
    },
    useRelay(options) {
      relay?.destroy();
      return (relay = createMemoryRelay(options));
    },
    db(name) {
      const db = freshDb(name);
      dbs.push(db);
      return db;
    },
    join(memberId, options = {}) {
      const db = options.db ?? world.db(`team-${memberId}`);
      const clock = createManualClock();
      const errors: unknown[] = [];
      const team = createTeamSync({
        url: 'ws://relay.test',
        token: memberId,
        memberId,
        db,
        persist: options.persist ?? false,
        WebSocket: current().WebSocket,
        random: () => 0.5,
        setTimeout: clock.setTimeout,
        clearTimeout: clock.clearTimeout,
        onChange: () => undefined,
        onError: (error) => errors.push(error),
      });
      teams.push(team);
      return { team, db, errors, clock };
    },
    async settle() {
      do {
        current().flush();
        for (const team of teams) await team.idle();
      } while (current().pendingCount() > 0);
    },
  };
  return world;
}

export const orderNumbers = async (db: HoldfastDb): Promise<string[]> =>
  (await db.orders.toCollection().primaryKeys()).sort();

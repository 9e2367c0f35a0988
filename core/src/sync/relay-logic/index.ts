/**
 * The relay's pure per-document logic, one implementation for the relay process (sync-server) and
 * the test relay (`../testing/memory-relay.ts`): the completeness check, the write validation
 * decision and the room that answers sync steps, applies updates all or nothing and says who is
 * present. No storage, sockets, Dexie or y-indexeddb here: those are the relay's and the client's.
 */
export * from './update-complete.ts';
export * from './write-validation.ts';
export * from './relay-room.ts';

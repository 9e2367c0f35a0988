/**
 * The relay's per-document logic, one implementation for the relay process (sync-server) and
 * the test relay (`../testing/memory-relay.ts`): the document over its feed (store before
 * broadcast), the hooks it runs, presence said by the relay, the completeness check and the write
 * validation decision. No storage, sockets, Dexie or y-indexeddb here: the feeds are the relay's
 * (SQLite, PostgreSQL) and the test relay's (memory).
 */
export * from './client-bindings.ts';
export * from './document-feed.ts';
export * from './relay-hooks.ts';
export * from './open-relay-document.ts';
export * from './relay-document.ts';
export * from './relay-write.ts';
export * from './refusal.ts';
export * from './update-complete.ts';
export * from './update-delta.ts';
export * from './write-validation.ts';

/**
 * @holdfast/core/sync — Holdfast's Yjs sync library.
 *
 * Contract with the relay: doc names, per-document access, close codes, the member and directory docs.
 * Client side: the Virtual Account document layout and its pure edit functions, the Dexie
 * projection, local persistence (y-indexeddb) and a y-websocket-compatible provider.
 * Test helpers (memory relay, manual clock) live in `./testing/` and are not exported here.
 */
export * from './protocol.ts';
export * from './origins.ts';
export * from './update-checks.ts';
export * from './member-doc.ts';
export * from './directory-doc.ts';
export * from './order-doc-layout.ts';
export * from './virtual-account-doc.ts';
export * from './virtual-account-reads.ts';
export * from './order-notes.ts';
export * from './dexie-projection.ts';
export * from './local-persistence.ts';
export * from './websocket-like.ts';
export * from './backoff.ts';
export * from './presence.ts';
export * from './sync-provider.ts';
export * from './virtual-account-sync.ts';
export * from './relay-written-doc.ts';
export * from './team-sync.ts';
export * from './import-into-documents.ts';
export * from './forget-lost-documents.ts';

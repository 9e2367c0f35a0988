import { Dexie, type ObservabilitySet } from 'dexie';
import type { HoldfastDb } from './holdfast-db.ts';
import { scopeOf, type OrderScope } from './order-scope.ts';

/** The tables a member's scope is computed from. */
const DIRECTORY_TABLES = ['members', 'roleGrants', 'smartAccounts', 'virtualAccounts'] as const;

export interface ScopeCache {
  scopeOf(memberId: string): Promise<OrderScope>;
  close(): void;
}

/**
 * Remembers each member's scope until a directory table changes. Dexie's `storagemutated` event
 * reports every committed write, from this context and from the extension's other contexts
 * (service worker, popup) alike, so a role granted anywhere takes effect on the next query.
 */
export function createScopeCache(db: HoldfastDb): ScopeCache {
  const scopes = new Map<string, Promise<OrderScope>>();
  const prefixes = DIRECTORY_TABLES.map((table) => `idb://${db.name}/${table}/`);
  const onMutated = (parts: ObservabilitySet) => {
    if (Object.keys(parts).some((part) => prefixes.some((prefix) => part.startsWith(prefix)))) scopes.clear();
  };
  Dexie.on('storagemutated', onMutated);
  return {
    scopeOf(memberId) {
      let scope = scopes.get(memberId);
      if (!scope) {
        scope = scopeOf(db, memberId);
        scopes.set(memberId, scope);
        scope.catch(() => scopes.delete(memberId));
      }
      return scope;
    },
    close() {
      Dexie.on.storagemutated.unsubscribe(onMutated);
      scopes.clear();
    },
  };
}

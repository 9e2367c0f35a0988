import type { HoldfastStore } from '@holdfast/core/store';
import { claimHoldingAccount, readWhoIAm, type WhoIAm } from './who-i-am.ts';

// The options page's "Who I am" step: the members to choose among, or the holding account to name.

export interface MemberChoice {
  id: string;
  label: string;
}

/** What the "Who I am" step asks of the data layer. */
export interface WhoIAmService {
  members(): Promise<MemberChoice[]>;
  /** Members with their roles, the holding accounts one may name instead, and how many orders are stored. */
  whoIAm(): Promise<WhoIAm>;
  /** "I am not in this file: my holding account is …": stores a local member for it, returns its id. */
  claimHoldingAccount(smartAccountId: string, now: Date): Promise<string>;
}

export function createWhoIAmService(store: HoldfastStore): WhoIAmService {
  return {
    async members() {
      const snapshot = await store.exportSnapshot(new Date(0));
      const orgNames = new Map(snapshot.organizations.map((o) => [o.id, o.name]));
      return snapshot.members
        .map((m) => ({ id: m.id, label: `${m.name} (${orgNames.get(m.organizationId) ?? m.organizationId})` }))
        .sort((a, b) => a.label.localeCompare(b.label));
    },
    whoIAm: () => readWhoIAm(store),
    claimHoldingAccount: (smartAccountId, now) => claimHoldingAccount(store, smartAccountId, now),
  };
}

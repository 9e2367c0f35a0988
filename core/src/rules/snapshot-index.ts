import type { HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import type { Member } from '../domain/member.ts';
import type { Organization } from '../domain/organization.ts';
import type { SmartAccount } from '../domain/smart-account.ts';
import type { VirtualAccount } from '../domain/virtual-account.ts';

/** Id lookups over a snapshot, built once per evaluation. */
export interface SnapshotIndex {
  smartAccount(id: string): SmartAccount | undefined;
  virtualAccount(id: string): VirtualAccount | undefined;
  organization(id: string): Organization | undefined;
  member(id: string): Member | undefined;
  accountName(id: string): string;
}

export function indexSnapshot(snapshot: HoldfastSnapshot): SnapshotIndex {
  const byId = <T extends { id: string }>(rows: readonly T[]) => new Map(rows.map((row) => [row.id, row]));
  const accounts = byId(snapshot.smartAccounts);
  const virtualAccounts = byId(snapshot.virtualAccounts);
  const organizations = byId(snapshot.organizations);
  const members = byId(snapshot.members);
  return {
    smartAccount: (id) => accounts.get(id),
    virtualAccount: (id) => virtualAccounts.get(id),
    organization: (id) => organizations.get(id),
    member: (id) => members.get(id),
    accountName: (id) => accounts.get(id)?.name ?? id,
  };
}

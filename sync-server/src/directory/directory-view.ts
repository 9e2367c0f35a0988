import { actorOf, type AccountDirectory } from '@holdfast/core';
import type { MemberAccounts } from '@holdfast/core/relay';
import type { DirectorySnapshot } from './directory-snapshot.ts';
import type { TeamDirectory } from './team-directory.ts';

/** What the relay asks the directory on every connection: reads only, answered from memory. */
export type DirectoryReader = Pick<
  TeamDirectory,
  | 'version'
  | 'member'
  | 'grants'
  | 'actor'
  | 'smartAccount'
  | 'virtualAccounts'
  | 'accountDirectory'
  | 'memberAccounts'
  | 'isEmpty'
  | 'isTokenRevoked'
>;

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

/**
 * Answers the directory's reads from a snapshot held in memory, exactly as the SQLite directory
 * answers them from its tables (same order, same shapes), so the relay's authorization does not
 * depend on where the directory lives. A new version is a new view; a view never changes.
 */
export function createDirectoryView(snapshot: DirectorySnapshot): DirectoryReader {
  const organizations = new Map(snapshot.organizations.map((o) => [o.id, o]));
  const smartAccounts = new Map(snapshot.smartAccounts.map((a) => [a.id, a]));
  const members = new Map(snapshot.members.map((m) => [m.id, m]));
  const grants = [...snapshot.roleGrants].sort(byId);
  const grantsByMember = groupBy(grants, (g) => g.memberId);
  const grantsByAccount = groupBy(grants, (g) => g.smartAccountId);
  const revokedTokens = new Set(snapshot.revokedTokens);
  const vasByAccount = groupBy([...snapshot.virtualAccounts].sort(byId), (va) => va.smartAccountId);

  const view: DirectoryReader = {
    version: () => snapshot.version,
    member: (id) => members.get(id),
    grants: (memberId) => (memberId === undefined ? grants : (grantsByMember.get(memberId) ?? [])),
    actor(memberId) {
      const member = members.get(memberId);
      return member ? actorOf(member, view.grants(memberId)) : undefined;
    },
    smartAccount: (id) => smartAccounts.get(id),
    virtualAccounts: (smartAccountId) => vasByAccount.get(smartAccountId) ?? [],
    accountDirectory(smartAccountId): AccountDirectory | undefined {
      const smartAccount = smartAccounts.get(smartAccountId);
      if (!smartAccount) return undefined;
      const roleGrants = grantsByAccount.get(smartAccountId) ?? [];
      const accountMembers = [...new Set(roleGrants.map((g) => g.memberId))].flatMap((id) => members.get(id) ?? []);
      const organizationIds = new Set([smartAccount.organizationId, ...accountMembers.map((m) => m.organizationId)]);
      return {
        smartAccount,
        virtualAccounts: view.virtualAccounts(smartAccountId),
        organizations: [...organizationIds].flatMap((id) => organizations.get(id) ?? []),
        members: accountMembers,
        roleGrants,
      };
    },
    memberAccounts(memberId): MemberAccounts | undefined {
      const member = members.get(memberId);
      if (!member) return undefined;
      const accountIds = [...new Set(view.grants(memberId).map((g) => g.smartAccountId))].sort();
      return { member, smartAccounts: accountIds.flatMap((id) => smartAccounts.get(id) ?? []) };
    },
    isEmpty: () => members.size === 0,
    isTokenRevoked: (tokenId) => revokedTokens.has(tokenId),
  };
  return view;
}

/** A reader that asks `current()` for the view to answer from on every read (the newest one known). */
export function readingCurrent(current: () => DirectoryReader): DirectoryReader {
  return {
    version: () => current().version(),
    member: (id) => current().member(id),
    grants: (memberId) => current().grants(memberId),
    actor: (memberId) => current().actor(memberId),
    smartAccount: (id) => current().smartAccount(id),
    virtualAccounts: (smartAccountId) => current().virtualAccounts(smartAccountId),
    accountDirectory: (smartAccountId) => current().accountDirectory(smartAccountId),
    memberAccounts: (memberId) => current().memberAccounts(memberId),
    isEmpty: () => current().isEmpty(),
    isTokenRevoked: (tokenId) => current().isTokenRevoked(tokenId),
  };
}

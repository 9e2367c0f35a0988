import type { AccountDirectory } from '../domain/account-directory.ts';
import type { Member } from '../domain/member.ts';
import { onHoldBucket } from '../domain/on-hold-bucket.ts';
import { docAccess } from './doc-access.ts';
import { directoryDocName, onHoldDocName, virtualAccountDocName } from './doc-names.ts';
import type { SyncStatus } from './sync-provider.ts';

/** One document a member's sync should hold open. */
export type PlannedDoc =
  | { kind: 'directory'; docName: string; smartAccountId: string }
  | {
      kind: 'orders';
      docName: string;
      /** The store's `virtualAccountId` of its orders: a Virtual Account's id, or the on-hold bucket. */
      virtualAccountId: string;
      /** The Smart Accounts whose directory opens it: one for a Virtual Account, any number for on-hold. */
      openedBy: readonly string[];
    };

export interface TeamSyncPlanInput {
  memberId: string;
  /** Who the member document says I am; nothing of orders opens before it arrived. */
  member: Member | null;
  /** The Smart Accounts the member document lists (minus those whose directory the relay revoked). */
  smartAccountIds: readonly string[];
  /** The directory content received per Smart Account; a listed account without one opens only its directory. */
  directories: ReadonlyMap<string, AccountDirectory>;
}

/**
 * Which documents should be open, from what the relay said so far: the directory of every listed
 * Smart Account, every Virtual Account of it the member's roles open (`docAccess`), and the
 * organisation's on-hold document while one of its Partner Holding Accounts' roles opens it.
 * Directories come first, then order documents in directory order (the order they are opened in).
 */
export function planOpenDocuments(input: TeamSyncPlanInput): PlannedDoc[] {
  const { memberId, member: me } = input;
  const plan: PlannedDoc[] = input.smartAccountIds.map((smartAccountId) => ({
    kind: 'directory',
    docName: directoryDocName(smartAccountId),
    smartAccountId,
  }));
  if (!me) return plan;
  const onHoldOpenedBy: string[] = [];
  for (const smartAccountId of input.smartAccountIds) {
    const directory = input.directories.get(smartAccountId);
    if (!directory) continue;
    const { smartAccount } = directory;
    const member = directory.members.find((m) => m.id === memberId) ?? me;
    const actor = { member, grants: directory.roleGrants.filter((g) => g.memberId === memberId) };
    const context = { smartAccount, virtualAccounts: directory.virtualAccounts };
    for (const va of directory.virtualAccounts) {
      const address = { kind: 'virtual-account', smartAccountId: smartAccount.id, virtualAccountId: va.id } as const;
      if (docAccess(actor, address, context) === 'none') continue;
      plan.push({
        kind: 'orders',
        docName: virtualAccountDocName(smartAccount.id, va.id),
        virtualAccountId: va.id,
        openedBy: [smartAccount.id],
      });
    }
    const onHold = { kind: 'on-hold', organizationId: member.organizationId } as const;
    if (docAccess(actor, onHold, { ...context, memberAccounts: [smartAccount] }) !== 'none')
      onHoldOpenedBy.push(smartAccount.id);
  }
  if (onHoldOpenedBy.length > 0)
    plan.push({
      kind: 'orders',
      docName: onHoldDocName(me.organizationId),
      virtualAccountId: onHoldBucket(me.organizationId),
      openedBy: onHoldOpenedBy,
    });
  return plan;
}

/** The whole team's sync at a glance: the worst status wins, so one offline document shows. */
export type TeamSyncStatus = 'connecting' | 'synced' | 'offline' | 'unauthorized';

/** `memberDoc`: the member document's status; `statuses`: every open document's, the member's included. */
export function summarizeStatus(memberDoc: SyncStatus | undefined, statuses: readonly SyncStatus[]): TeamSyncStatus {
  // The member document is refused only when the token itself is (bad, expired, unknown member).
  if (memberDoc === 'unauthorized') return 'unauthorized';
  if (statuses.includes('offline')) return 'offline';
  if (statuses.includes('connecting')) return 'connecting';
  return 'synced';
}

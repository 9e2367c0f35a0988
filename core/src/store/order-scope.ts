import type { Member } from '../domain/member.ts';
import type { RoleGrant } from '../domain/role.ts';
import { can, actorOf } from '../permissions/can.ts';
import type { HoldfastDb } from './holdfast-db.ts';
import { UnknownMemberError } from './errors.ts';
import { onHoldBucket } from '../domain/on-hold-bucket.ts';

/** The orders one member may see, as the Virtual Accounts whose orders they may view. */
export interface OrderScope {
  memberId: string;
  /** Sorted; holds the member's organisation's {@link onHoldBucket} when they also see its orders on Smart Account hold. */
  virtualAccountIds: readonly string[];
}

/**
 * Computes a member's scope from their grants and the permission matrix: every Virtual Account of
 * an account they hold a grant on where `can(actor, 'view-order', …)` says yes. Orders on Smart
 * Account hold sit in no Virtual Account; they are shown to members who may view orders across a
 * Partner Holding Account of their own organisation, and only when that organisation is the
 * order's reseller (or, with no reseller, its distributor): that team places and chases them.
 */
export async function scopeOf(db: HoldfastDb, memberId: string): Promise<OrderScope> {
  return db.transaction('r', [db.members, db.roleGrants, db.smartAccounts, db.virtualAccounts], async () => {
    // Two round trips to IndexedDB, each read of a step sent together: every side panel and popup
    // opening waits for this first.
    const [member, grants]: [Member | undefined, RoleGrant[]] = await Promise.all([
      db.members.get(memberId),
      db.roleGrants.where('memberId').equals(memberId).toArray(),
    ]);
    if (!member) throw new UnknownMemberError(memberId);
    const actor = actorOf(member, grants);
    const accountIds = [...new Set(actor.grants.map((g) => g.smartAccountId))];
    const [found, vas] = await Promise.all([
      db.smartAccounts.bulkGet(accountIds),
      accountIds.length ? db.virtualAccounts.where('smartAccountId').anyOf(accountIds).toArray() : [],
    ]);
    const accounts = found.filter((a) => a !== undefined);
    const visible = new Set<string>();
    for (const smartAccount of accounts) {
      if (
        smartAccount.kind === 'partner-holding' &&
        smartAccount.organizationId === member.organizationId &&
        can(actor, 'view-order', { smartAccount, virtualAccountId: null })
      ) {
        visible.add(onHoldBucket(member.organizationId));
      }
      for (const va of vas) {
        if (
          va.smartAccountId === smartAccount.id &&
          can(actor, 'view-order', { smartAccount, virtualAccountId: va.id })
        )
          visible.add(va.id);
      }
    }
    return { memberId, virtualAccountIds: [...visible].sort() };
  });
}

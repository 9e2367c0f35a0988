import type { Member } from '../domain/member.ts';
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
    const member: Member | undefined = await db.members.get(memberId);
    if (!member) throw new UnknownMemberError(memberId);
    const actor = actorOf(member, await db.roleGrants.where('memberId').equals(memberId).toArray());
    const accountIds = [...new Set(actor.grants.map((g) => g.smartAccountId))];
    const accounts = (await db.smartAccounts.bulkGet(accountIds)).filter((a) => a !== undefined);
    const visible = new Set<string>();
    const vas = accountIds.length ? await db.virtualAccounts.where('smartAccountId').anyOf(accountIds).toArray() : [];
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

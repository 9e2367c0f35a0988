import type { Member } from '../domain/member.ts';
import type { RoleGrant } from '../domain/role.ts';
import type { SmartAccount } from '../domain/smart-account.ts';
import type { VirtualAccount } from '../domain/virtual-account.ts';
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
    // One round trip to IndexedDB, every read sent together: every side panel and popup opening
    // waits for this first. The accounts are read whole (a directory holds tens or hundreds, and the
    // lists read them all anyway) rather than in a second round trip once the grants name them.
    const [member, grants, allAccounts, vas]: [Member | undefined, RoleGrant[], SmartAccount[], VirtualAccount[]] =
      await Promise.all([
        db.members.get(memberId),
        db.roleGrants.where('memberId').equals(memberId).toArray(),
        db.smartAccounts.toArray(),
        db.virtualAccounts.toArray(),
      ]);
    if (!member) throw new UnknownMemberError(memberId);
    const actor = actorOf(member, grants);
    const accountIds = new Set(actor.grants.map((g) => g.smartAccountId));
    const accounts = allAccounts.filter((a) => accountIds.has(a.id));
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

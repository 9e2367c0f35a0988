import type { Member } from '../domain/member.ts';
import { onHoldBucket } from '../domain/on-hold-bucket.ts';
import { actorOf, can } from '../permissions/can.ts';
import type { HoldfastDb } from './holdfast-db.ts';

/**
 * The places (Virtual Accounts, and the organisation's on-hold bucket) whose orders a member may
 * import into a synced document: where their roles allow managing orders (`reassign-order`), which
 * is what the relay asks of an import. The same reach as the relay's check (`scopeRights` in the
 * relay's validation), computed from the directory the store holds. An unknown member may import
 * nowhere.
 */
export async function importPlacesOf(db: HoldfastDb, memberId: string): Promise<Set<string>> {
  return db.transaction('r', [db.members, db.roleGrants, db.smartAccounts, db.virtualAccounts], async () => {
    const member: Member | undefined = await db.members.get(memberId);
    const places = new Set<string>();
    if (!member) return places;
    const actor = actorOf(member, await db.roleGrants.where('memberId').equals(memberId).toArray());
    const accountIds = [...new Set(actor.grants.map((g) => g.smartAccountId))];
    const accounts = (await db.smartAccounts.bulkGet(accountIds)).filter((a) => a !== undefined);
    const vas = accountIds.length ? await db.virtualAccounts.where('smartAccountId').anyOf(accountIds).toArray() : [];
    for (const smartAccount of accounts) {
      if (
        smartAccount.kind === 'partner-holding' &&
        smartAccount.organizationId === member.organizationId &&
        can(actor, 'reassign-order', { smartAccount, virtualAccountId: null })
      )
        places.add(onHoldBucket(member.organizationId));
      for (const va of vas)
        if (
          va.smartAccountId === smartAccount.id &&
          can(actor, 'reassign-order', { smartAccount, virtualAccountId: va.id })
        )
          places.add(va.id);
    }
    return places;
  });
}

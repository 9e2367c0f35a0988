import { isPartnerOn, type RoleGrant } from '../domain/role.ts';
import type { Member } from '../domain/member.ts';
import type { SmartAccount } from '../domain/smart-account.ts';
import type { Action } from './action.ts';
import { PERMISSION_TABLE } from './permission-table.ts';

/** Who acts: a member with the role grants they hold (grants on other accounts are ignored). */
export interface Actor {
  member: Member;
  grants: readonly RoleGrant[];
}

/** Where they act: a Smart Account, and one Virtual Account of it or none for account-wide actions. */
export interface Target {
  smartAccount: SmartAccount;
  virtualAccountId: string | null;
}

/**
 * Whether `actor` may do `action` on `target`, by the permission table plus three limits no role
 * lifts: nothing is activated in a Partner Holding Account; a partner never accepts the customer's
 * Smart Licensing Agreement; a partner acts on a customer's account only through roles the customer
 * granted explicitly.
 */
export function can(actor: Actor, action: Action, target: Target): boolean {
  const { smartAccount, virtualAccountId } = target;
  // "Licenses cannot be activated in Partner Holding Smart Accounts."
  if (action === 'activate-licenses' && smartAccount.kind === 'partner-holding') return false;
  const partner = isPartnerOn(actor.member, smartAccount);
  // "partners are not allowed to accept Smart Licensing Agreements ... on behalf of the customer."
  if (partner && action === 'accept-smart-licensing-agreement') return false;

  return effectiveGrants(actor, smartAccount).some((grant) => {
    const reach = PERMISSION_TABLE[grant.role][action];
    if (reach === 'account') return true;
    return reach === 'own-virtual-account' && virtualAccountId !== null && virtualAccountId === grant.virtualAccountId;
  });
}

/**
 * The actor's grants on one Smart Account that confer anything. A partner's grant on a customer's
 * account counts only if the customer granted it and it is not Approver: "Partners managing a
 * customer's Smart Account on their behalf must be explicitly granted roles by the customer".
 */
export function effectiveGrants(actor: Actor, smartAccount: SmartAccount): RoleGrant[] {
  const partner = isPartnerOn(actor.member, smartAccount);
  return actor.grants.filter(
    (grant) =>
      grant.memberId === actor.member.id &&
      grant.smartAccountId === smartAccount.id &&
      !(partner && (!grant.grantedByCustomer || grant.role === 'smart-account-approver')),
  );
}

/** The grants of one member, the shape `can()` takes. */
export const actorOf = (member: Member, grants: readonly RoleGrant[]): Actor => ({
  member,
  grants: grants.filter((g) => g.memberId === member.id),
});

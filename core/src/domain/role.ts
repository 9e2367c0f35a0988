import { z } from 'zod';
import { idSchema, instantSchema } from './common.ts';
import { RoleGrantRefusedError } from './errors.ts';
import type { Member } from './member.ts';
import type { SmartAccount } from './smart-account.ts';
import type { VirtualAccount } from './virtual-account.ts';

/**
 * The roles of the seeds. The four holding-account roles come from "Partner Holding Account Roles";
 * the Smart Account roles are those a customer may grant on a Customer Smart Account, which the
 * seed refers to as "roles by the customer to manage licenses or users", plus the Approver role
 * it names.
 */
export const ROLES = [
  'holding-account-administrator',
  'holding-account-user',
  'virtual-account-administrator',
  'virtual-account-user',
  'smart-account-administrator',
  'smart-account-user',
  'smart-account-approver',
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const ROLE_LABELS: Record<Role, string> = {
  'holding-account-administrator': 'Holding Account Administrator',
  'holding-account-user': 'Holding Account User',
  'virtual-account-administrator': 'Virtual Account Administrator',
  'virtual-account-user': 'Virtual Account User',
  'smart-account-administrator': 'Smart Account Administrator',
  'smart-account-user': 'Smart Account User',
  'smart-account-approver': 'Smart Account Approver',
};

/** Where a role applies: the whole Smart Account, or one Virtual Account of it. */
export const roleScope = (role: Role): 'account' | 'virtual-account' =>
  role === 'virtual-account-administrator' || role === 'virtual-account-user' ? 'virtual-account' : 'account';

const HOLDING_ONLY: readonly Role[] = ['holding-account-administrator', 'holding-account-user'];
const CUSTOMER_ONLY: readonly Role[] = ['smart-account-administrator', 'smart-account-user', 'smart-account-approver'];

export const roleGrantSchema = z.object({
  id: idSchema,
  memberId: idSchema,
  role: roleSchema,
  smartAccountId: idSchema,
  /** Set for the per-VA roles, null for account-wide roles. */
  virtualAccountId: idSchema.nullable().default(null),
  grantedBy: idSchema,
  grantedAt: instantSchema,
  /** For a partner on a Customer Smart Account: the customer granted it explicitly. */
  grantedByCustomer: z.boolean().default(false),
});
export type RoleGrant = z.infer<typeof roleGrantSchema>;
export type RoleGrantInput = z.input<typeof roleGrantSchema>;

/** A member acts as a partner on an account their organisation does not own. */
export const isPartnerOn = (
  member: Pick<Member, 'organizationId'>,
  account: Pick<SmartAccount, 'organizationId' | 'kind'>,
): boolean => account.kind !== 'partner-holding' && member.organizationId !== account.organizationId;

export interface RoleGrantContext {
  member: Member;
  smartAccount: SmartAccount;
  virtualAccount: VirtualAccount | null;
}

/**
 * Validates a role grant against the seeds and returns it parsed; refuses with a
 * {@link RoleGrantRefusedError} that says what is allowed instead.
 */
export function grantRole(input: RoleGrantInput, context: RoleGrantContext): RoleGrant {
  const grant = roleGrantSchema.parse(input);
  const { member, smartAccount, virtualAccount } = context;
  const label = ROLE_LABELS[grant.role];

  if (grant.smartAccountId !== smartAccount.id || grant.memberId !== member.id) {
    throw new RoleGrantRefusedError('The grant names a different member or Smart Account than the one given.');
  }
  if (HOLDING_ONLY.includes(grant.role) && smartAccount.kind !== 'partner-holding') {
    throw new RoleGrantRefusedError(
      `${label} exists only on a Partner Holding Smart Account; "${smartAccount.name}" is a ${smartAccount.kind} account. ` +
        'Grant Smart Account Administrator, Smart Account User or a Virtual Account role instead.',
    );
  }
  if (CUSTOMER_ONLY.includes(grant.role) && smartAccount.kind === 'partner-holding') {
    throw new RoleGrantRefusedError(
      `${label} does not exist on a Partner Holding Smart Account. ` +
        'Grant Holding Account Administrator, Holding Account User or a Virtual Account role instead.',
    );
  }
  if (roleScope(grant.role) === 'virtual-account') {
    if (
      !virtualAccount ||
      grant.virtualAccountId !== virtualAccount.id ||
      virtualAccount.smartAccountId !== smartAccount.id
    ) {
      throw new RoleGrantRefusedError(`${label} must name one Virtual Account of "${smartAccount.name}".`);
    }
  } else if (grant.virtualAccountId !== null) {
    throw new RoleGrantRefusedError(`${label} applies to the whole Smart Account and must not name a Virtual Account.`);
  }

  if (isPartnerOn(member, smartAccount)) {
    // "partners are not allowed to accept Smart Licensing Agreements or be assigned the Smart
    // Account Approver role on behalf of the customer."
    if (grant.role === 'smart-account-approver') {
      throw new RoleGrantRefusedError(
        `${member.name} is a partner on the customer's Smart Account "${smartAccount.name}" and cannot be made Smart Account Approver: ` +
          "that approval stays under the customer's direct control. A partner may hold Smart Account Administrator, Smart Account User or Virtual Account roles.",
      );
    }
    // "Partners managing a customer's Smart Account on their behalf must be explicitly granted roles by the customer"
    if (!grant.grantedByCustomer) {
      throw new RoleGrantRefusedError(
        `${member.name} is a partner on the customer's Smart Account "${smartAccount.name}": the role must be granted explicitly by the customer (grantedByCustomer).`,
      );
    }
  }
  return grant;
}

import { z } from 'zod';
import { idSchema, instantSchema } from './common.ts';
import { RoleGrantRefusedError } from './errors.ts';
import type { Member } from './member.ts';
import { SMART_ACCOUNT_KINDS, type SmartAccount, type SmartAccountKind } from './smart-account.ts';
import type { VirtualAccount } from './virtual-account.ts';

/**
 * The roles Cisco has on a Smart Account (LIC221112 lists them: "Smart Account Approver", "Smart
 * Account Administrator", "Smart Account User", "Smart Account Viewer" for the whole account;
 * "Virtual Account Administrator", "Virtual Account User", "Virtual Account Viewer" for selected
 * Virtual Accounts). On a Partner Holding Smart Account the seed names the account-wide ones
 * "Holding Account Administrator" and "Holding Account User": Holdfast keeps those names as the
 * labels partners see, and {@link ROLE_DEFINITIONS} maps each to Cisco's role name.
 */
export const ROLES = [
  'holding-account-administrator',
  'holding-account-user',
  'virtual-account-administrator',
  'virtual-account-user',
  'virtual-account-viewer',
  'smart-account-administrator',
  'smart-account-user',
  'smart-account-approver',
  'smart-account-viewer',
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export interface RoleDefinition {
  /** The name partners see in Holdfast. */
  label: string;
  /** Cisco's name for the role, as Smart Software Manager and its API write it. */
  ciscoName: string;
  /** Where a grant applies: the whole Smart Account, or one Virtual Account of it. */
  scope: 'account' | 'virtual-account';
  /** The kinds of Smart Account the role can be granted on. */
  accountKinds: readonly SmartAccountKind[];
}

const CUSTOMER_KINDS = ['customer', 'limited-use'] as const satisfies readonly SmartAccountKind[];

/**
 * Every role's label, Cisco name, scope and the account kinds it exists on. Typed as a record over
 * {@link Role}, so a role added to ROLES without a definition does not compile.
 */
export const ROLE_DEFINITIONS: Record<Role, RoleDefinition> = {
  'holding-account-administrator': {
    label: 'Holding Account Administrator',
    ciscoName: 'Smart Account Administrator',
    scope: 'account',
    accountKinds: ['partner-holding'],
  },
  'holding-account-user': {
    label: 'Holding Account User',
    ciscoName: 'Smart Account User',
    scope: 'account',
    accountKinds: ['partner-holding'],
  },
  'virtual-account-administrator': {
    label: 'Virtual Account Administrator',
    ciscoName: 'Virtual Account Administrator',
    scope: 'virtual-account',
    accountKinds: SMART_ACCOUNT_KINDS,
  },
  'virtual-account-user': {
    label: 'Virtual Account User',
    ciscoName: 'Virtual Account User',
    scope: 'virtual-account',
    accountKinds: SMART_ACCOUNT_KINDS,
  },
  'virtual-account-viewer': {
    label: 'Virtual Account Viewer',
    ciscoName: 'Virtual Account Viewer',
    scope: 'virtual-account',
    accountKinds: SMART_ACCOUNT_KINDS,
  },
  'smart-account-administrator': {
    label: 'Smart Account Administrator',
    ciscoName: 'Smart Account Administrator',
    scope: 'account',
    accountKinds: CUSTOMER_KINDS,
  },
  'smart-account-user': {
    label: 'Smart Account User',
    ciscoName: 'Smart Account User',
    scope: 'account',
    accountKinds: CUSTOMER_KINDS,
  },
  'smart-account-approver': {
    label: 'Smart Account Approver',
    ciscoName: 'Smart Account Approver',
    scope: 'account',
    accountKinds: CUSTOMER_KINDS,
  },
  // A viewer of a holding account is a Smart Account Viewer there too: the seed names no holding variant.
  'smart-account-viewer': {
    label: 'Smart Account Viewer',
    ciscoName: 'Smart Account Viewer',
    scope: 'account',
    accountKinds: SMART_ACCOUNT_KINDS,
  },
};

export const ROLE_LABELS: Record<Role, string> = Object.fromEntries(
  ROLES.map((role) => [role, ROLE_DEFINITIONS[role].label]),
) as Record<Role, string>;

/** Where a role applies: the whole Smart Account, or one Virtual Account of it. */
export const roleScope = (role: Role): 'account' | 'virtual-account' => ROLE_DEFINITIONS[role].scope;

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
  const { accountKinds } = ROLE_DEFINITIONS[grant.role];
  if (!accountKinds.includes(smartAccount.kind)) {
    const fitting = ROLES.filter((r) => ROLE_DEFINITIONS[r].accountKinds.includes(smartAccount.kind)).map(
      (r) => ROLE_LABELS[r],
    );
    throw new RoleGrantRefusedError(
      `${label} does not exist on a ${smartAccount.kind} Smart Account ("${smartAccount.name}"). Grant one of: ${fitting.join(', ')}.`,
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
          "that approval stays under the customer's direct control. A partner may hold Smart Account Administrator, Smart Account User, Smart Account Viewer or Virtual Account roles.",
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

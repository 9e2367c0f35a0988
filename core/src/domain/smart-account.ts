import { z } from 'zod';
import { emailDomainSchema, idSchema, instantSchema } from './common.ts';
import { createVirtualAccount, type VirtualAccount } from './virtual-account.ts';

/**
 * "There are three types of Smart Accounts: Customer Smart Account, Partner Holding Smart Account,
 * and Limited Use Smart Account." (smart-accounts-overview)
 */
export const SMART_ACCOUNT_KINDS = ['customer', 'partner-holding', 'limited-use'] as const;
export const smartAccountKindSchema = z.enum(SMART_ACCOUNT_KINDS);
export type SmartAccountKind = z.infer<typeof smartAccountKindSchema>;

export const smartAccountSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1),
  kind: smartAccountKindSchema,
  /** The organisation that owns the account: the customer, or the partner for a holding account. */
  organizationId: idSchema,
  /** Domain the account was created for; Limited Use accounts sit on a public e-mail domain. */
  emailDomain: emailDomainSchema,
  /** A requested account that Cisco has not yet activated; orders assigned to it stay on hold. */
  status: z.enum(['active', 'pending']).default('active'),
  /** For partner-holding accounts: the Cisco ID whose B2B orders default to this account. */
  b2bDefaultForCiscoId: z.string().trim().min(1).nullable().default(null),
  createdAt: instantSchema,
});
export type SmartAccount = z.infer<typeof smartAccountSchema>;
export type SmartAccountInput = z.input<typeof smartAccountSchema>;

/** Licenses "cannot be activated in Partner Holding Smart Accounts" (smart-accounts-overview). */
export const canActivateLicensesIn = (account: Pick<SmartAccount, 'kind'>): boolean =>
  account.kind !== 'partner-holding';

export const isCustomerOwned = (account: Pick<SmartAccount, 'kind'>): boolean =>
  account.kind === 'customer' || account.kind === 'limited-use';

/**
 * Creates a Smart Account together with its Default Virtual Account:
 * "When you create your Smart Account, a default Virtual Account is automatically created."
 */
export function createSmartAccount(input: SmartAccountInput): {
  smartAccount: SmartAccount;
  defaultVirtualAccount: VirtualAccount;
} {
  const smartAccount = smartAccountSchema.parse(input);
  const defaultVirtualAccount = createVirtualAccount({
    id: `${smartAccount.id}/default`,
    smartAccountId: smartAccount.id,
    name: 'DEFAULT',
    isDefault: true,
    createdAt: smartAccount.createdAt,
  });
  return { smartAccount, defaultVirtualAccount };
}

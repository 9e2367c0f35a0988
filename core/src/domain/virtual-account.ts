import { z } from 'zod';
import { AccountStructureError } from './errors.ts';
import { idSchema, instantSchema } from './common.ts';

/**
 * "You may then add more Virtual Accounts to help organize your licenses by department, network,
 * location, or other designation." (smart-accounts-overview); the holding seed adds regions and
 * purchasing departments.
 */
export const virtualAccountCategorySchema = z.object({
  kind: z.enum(['region', 'department', 'purchasing-team', 'network', 'other']),
  value: z.string().trim().min(1),
});
export type VirtualAccountCategory = z.infer<typeof virtualAccountCategorySchema>;

export const virtualAccountSchema = z.object({
  id: idSchema,
  smartAccountId: idSchema,
  name: z.string().trim().min(1).max(80),
  isDefault: z.boolean().default(false),
  /**
   * A Restricted Virtual Account is not offered in the ordering portal's list; an order can be
   * assigned to it only by typing its exact name (LIC220958).
   */
  restricted: z.boolean().default(false),
  category: virtualAccountCategorySchema.nullable().default(null),
  createdAt: instantSchema,
});
export type VirtualAccount = z.infer<typeof virtualAccountSchema>;
export type VirtualAccountInput = z.input<typeof virtualAccountSchema>;

export function createVirtualAccount(input: VirtualAccountInput): VirtualAccount {
  return virtualAccountSchema.parse(input);
}

export function renameVirtualAccount(virtualAccount: VirtualAccount, name: string): VirtualAccount {
  return virtualAccountSchema.parse({ ...virtualAccount, name });
}

export function categoriseVirtualAccount(
  virtualAccount: VirtualAccount,
  category: VirtualAccountCategory | null,
): VirtualAccount {
  return virtualAccountSchema.parse({ ...virtualAccount, category });
}

/** The default VA receives orders that name no Virtual Account, so it can never be deleted. */
export function assertDeletable(virtualAccount: VirtualAccount): void {
  if (virtualAccount.isDefault) {
    throw new AccountStructureError(
      `Virtual Account "${virtualAccount.name}" is the Default Virtual Account of its Smart Account and cannot be deleted.`,
    );
  }
}

/** Finds the Default Virtual Account, where an order with no Virtual Account lands. */
export function defaultVirtualAccountOf(
  smartAccountId: string,
  virtualAccounts: readonly VirtualAccount[],
): VirtualAccount | undefined {
  return virtualAccounts.find((va) => va.smartAccountId === smartAccountId && va.isDefault);
}

/** Every Smart Account has exactly one Default Virtual Account; returns what breaks that. */
export function defaultVirtualAccountProblems(
  smartAccountIds: readonly string[],
  virtualAccounts: readonly VirtualAccount[],
): string[] {
  const problems: string[] = [];
  for (const smartAccountId of smartAccountIds) {
    const defaults = virtualAccounts.filter((va) => va.smartAccountId === smartAccountId && va.isDefault);
    if (defaults.length !== 1) {
      problems.push(
        `Smart Account "${smartAccountId}" has ${defaults.length} Default Virtual Accounts; it must have exactly one.`,
      );
    }
  }
  return problems;
}

import { z } from 'zod';
import { memberSchema } from './member.ts';
import { organizationSchema } from './organization.ts';
import { roleGrantSchema } from './role.ts';
import { smartAccountSchema } from './smart-account.ts';
import { virtualAccountSchema } from './virtual-account.ts';

/**
 * The content of one Smart Account's directory document: the account, its Virtual Accounts, the
 * members with a role on it, their organisations, and the grants. The relay writes it from its
 * team directory; clients only read it.
 */
export const accountDirectorySchema = z.object({
  smartAccount: smartAccountSchema,
  virtualAccounts: z.array(virtualAccountSchema),
  organizations: z.array(organizationSchema),
  members: z.array(memberSchema),
  roleGrants: z.array(roleGrantSchema),
});
export type AccountDirectory = z.infer<typeof accountDirectorySchema>;

import { z } from 'zod';
import { idSchema } from './common.ts';

/** A person who works with Smart Accounts: a partner's sales rep, or someone at the customer. */
export const memberSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1),
  email: z.email(),
  organizationId: idSchema,
});
export type Member = z.infer<typeof memberSchema>;

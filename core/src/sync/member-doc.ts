import type * as Y from 'yjs';
import { z } from 'zod';
import { memberSchema } from '../domain/member.ts';
import { smartAccountSchema } from '../domain/smart-account.ts';
import type { SyncOrigin } from './origins.ts';

/**
 * The content of one member's document: who they are and the Smart Accounts they hold a role on.
 * A client starts here — it opens the directory document of each account listed — so a member
 * who has imported nothing still finds their team's data. The relay writes it; clients only read.
 */
export const memberAccountsSchema = z.object({
  member: memberSchema,
  smartAccounts: z.array(smartAccountSchema),
});
export type MemberAccounts = z.infer<typeof memberAccountsSchema>;

const KEY = 'memberAccounts';

/** Writes the content when it changed, in one transaction with `origin`. */
export function writeMemberAccounts(doc: Y.Doc, content: MemberAccounts, origin: SyncOrigin): void {
  const map = doc.getMap<unknown>(KEY);
  const sorted = { ...content, smartAccounts: [...content.smartAccounts].sort((a, b) => a.id.localeCompare(b.id)) };
  if (JSON.stringify(map.get('value')) === JSON.stringify(sorted)) return;
  doc.transact(() => map.set('value', sorted), origin);
}

/** Reads a member doc; null while it is empty (not synced yet) or does not validate. */
export function readMemberAccounts(doc: Y.Doc): MemberAccounts | null {
  const parsed = memberAccountsSchema.safeParse(doc.getMap<unknown>(KEY).get('value'));
  return parsed.success ? parsed.data : null;
}

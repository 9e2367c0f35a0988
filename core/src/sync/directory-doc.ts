import type * as Y from 'yjs';
import type { z } from 'zod';
import type { AccountDirectory } from '../domain/account-directory.ts';
import { memberSchema } from '../domain/member.ts';
import { organizationSchema } from '../domain/organization.ts';
import { roleGrantSchema } from '../domain/role.ts';
import { smartAccountSchema } from '../domain/smart-account.ts';
import { virtualAccountSchema } from '../domain/virtual-account.ts';
import type { SyncOrigin } from './origins.ts';

const KEYS = ['virtualAccounts', 'organizations', 'members', 'roleGrants'] as const;
type Keyed = (typeof KEYS)[number];

const keyOf = (key: Keyed, row: { id: string }): string => row.id;

/** Writes a directory into a doc, touching only what changed, in one transaction with `origin`. */
export function writeAccountDirectory(doc: Y.Doc, directory: AccountDirectory, origin: SyncOrigin): void {
  doc.transact(() => {
    const account = doc.getMap<unknown>('smartAccount');
    if (JSON.stringify(account.get('value')) !== JSON.stringify(directory.smartAccount))
      account.set('value', directory.smartAccount);
    for (const key of KEYS) {
      const map = doc.getMap<unknown>(key);
      const rows = directory[key] as { id: string }[];
      const wanted = new Map(rows.map((row) => [keyOf(key, row), row]));
      for (const id of [...map.keys()]) if (!wanted.has(id)) map.delete(id);
      for (const [id, row] of wanted) {
        if (JSON.stringify(map.get(id)) !== JSON.stringify(row)) map.set(id, row);
      }
    }
  }, origin);
}

/** Reads a directory doc; returns null while it holds no account yet (not synced). Rows failing validation are dropped. */
export function readAccountDirectory(doc: Y.Doc): AccountDirectory | null {
  const account = smartAccountSchema.safeParse(doc.getMap('smartAccount').get('value'));
  if (!account.success) return null;
  const rows = <T>(key: Keyed, schema: z.ZodType<T>): T[] =>
    [...doc.getMap<unknown>(key).values()].flatMap((value) => {
      const parsed = schema.safeParse(value);
      return parsed.success ? [parsed.data] : [];
    });
  return {
    smartAccount: account.data,
    virtualAccounts: rows('virtualAccounts', virtualAccountSchema),
    organizations: rows('organizations', organizationSchema),
    members: rows('members', memberSchema),
    roleGrants: rows('roleGrants', roleGrantSchema),
  };
}

import { can, effectiveGrants, type Actor } from '../permissions/can.ts';
import type { SmartAccount } from '../domain/smart-account.ts';
import type { VirtualAccount } from '../domain/virtual-account.ts';
import type { DocAddress } from './doc-names.ts';

/** What a member may do with one document: nothing, read it, or also write to it. */
export type DocAccess = 'none' | 'read' | 'write';

/** What the authorizer needs to know about the account a document belongs to (unused for member docs). */
export interface DocAccessContext {
  smartAccount: SmartAccount | undefined;
  virtualAccounts: readonly VirtualAccount[];
  /** For an on-hold document: Smart Accounts the member holds a role on (all of them, or any subset to ask about). */
  memberAccounts?: readonly SmartAccount[];
}

const RANK: Record<DocAccess, number> = { none: 0, read: 1, write: 2 };

/** View (read) or also annotate and tick (write) the orders at one place of one account. */
function orderAccess(actor: Actor, target: { smartAccount: SmartAccount; virtualAccountId: string | null }): DocAccess {
  if (!can(actor, 'view-order', target)) return 'none';
  return can(actor, 'annotate-order', target) && can(actor, 'tick-checklist-step', target) ? 'write' : 'read';
}

/**
 * Per-document authorization, from the permission matrix alone:
 * - a member document is readable by that member only, and writable by nobody;
 * - a Virtual Account document is readable by whoever may view its orders and writable by whoever
 *   may manage them;
 * - the directory document is readable by every member with a role on the account, and writable
 *   by nobody: roles are granted through the server's team directory, never by editing a document;
 * - an organisation's on-hold document (its orders on Smart Account hold) is open to its own members
 *   as far as their roles open orders across one of its Partner Holding Accounts, as the store's
 *   scope does: that team places and chases those orders.
 */
export function docAccess(actor: Actor, address: DocAddress, context: DocAccessContext): DocAccess {
  if (address.kind === 'member') return actor.member.id === address.memberId ? 'read' : 'none';
  if (address.kind === 'on-hold') {
    if (actor.member.organizationId !== address.organizationId) return 'none';
    return (context.memberAccounts ?? [])
      .filter((sa) => sa.kind === 'partner-holding' && sa.organizationId === address.organizationId)
      .map((smartAccount) => orderAccess(actor, { smartAccount, virtualAccountId: null }))
      .reduce<DocAccess>((best, access) => (RANK[access] > RANK[best] ? access : best), 'none');
  }
  const { smartAccount } = context;
  if (!smartAccount || smartAccount.id !== address.smartAccountId) return 'none';
  if (address.kind === 'directory') {
    return effectiveGrants(actor, smartAccount).length > 0 ? 'read' : 'none';
  }
  const exists = context.virtualAccounts.some(
    (va) => va.id === address.virtualAccountId && va.smartAccountId === smartAccount.id,
  );
  if (!exists) return 'none';
  return orderAccess(actor, { smartAccount, virtualAccountId: address.virtualAccountId });
}

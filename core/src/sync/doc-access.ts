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
}

/**
 * Per-document authorization, from the permission matrix alone:
 * - a member document is readable by that member only, and writable by nobody;
 * - a Virtual Account document is readable by whoever may view its orders and writable by whoever
 *   may manage them;
 * - the directory document is readable by every member with a role on the account, and writable
 *   by nobody: roles are granted through the server's team directory, never by editing a document.
 */
export function docAccess(actor: Actor, address: DocAddress, context: DocAccessContext): DocAccess {
  if (address.kind === 'member') return actor.member.id === address.memberId ? 'read' : 'none';
  const { smartAccount } = context;
  if (!smartAccount || smartAccount.id !== address.smartAccountId) return 'none';
  if (address.kind === 'directory') {
    return effectiveGrants(actor, smartAccount).length > 0 ? 'read' : 'none';
  }
  const exists = context.virtualAccounts.some((va) => va.id === address.virtualAccountId && va.smartAccountId === smartAccount.id);
  if (!exists) return 'none';
  const target = { smartAccount, virtualAccountId: address.virtualAccountId };
  if (!can(actor, 'view-order', target)) return 'none';
  return can(actor, 'annotate-order', target) && can(actor, 'tick-checklist-step', target) ? 'write' : 'read';
}

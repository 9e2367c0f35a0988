import { othersPresence, type Presence } from './presence.ts';
import type { VirtualAccountSync } from './virtual-account-sync.ts';
import { holdsOrder } from './virtual-account-reads.ts';

/**
 * Tells the members of the document holding the order that I look at it, and every other open
 * document that I look at nothing of theirs (null: no order at all).
 */
export function announceViewing(syncs: Iterable<VirtualAccountSync>, salesOrderNumber: string | null): void {
  for (const sync of syncs) {
    const here = salesOrderNumber !== null && holdsOrder(sync.doc, salesOrderNumber);
    if (sync.provider.status !== 'revoked') sync.provider.setViewing(here ? salesOrderNumber : null);
  }
}

/** A document opened later learns what I look at, if it holds that order. */
export function announceViewingOnOpen(sync: VirtualAccountSync, salesOrderNumber: string | null): void {
  if (salesOrderNumber !== null && holdsOrder(sync.doc, salesOrderNumber)) sync.provider.setViewing(salesOrderNumber);
}

/** The other members (not `memberId`) whose clients look at this order in this document, by name. */
export function viewersIn(sync: VirtualAccountSync, salesOrderNumber: string, memberId: string): Presence['user'][] {
  const seen = new Map<string, Presence['user']>();
  for (const presence of othersPresence(sync.provider.awareness).values()) {
    if (presence.viewing === salesOrderNumber && presence.user.memberId !== memberId)
      seen.set(presence.user.memberId, presence.user);
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

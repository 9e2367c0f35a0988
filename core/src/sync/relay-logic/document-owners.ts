import { addBindings, type ClientBinding } from './client-bindings.ts';

/**
 * Whose each Yjs client id of one relay document is (client-bindings.ts): as the store holds it,
 * learnt only with the change that stored it, and — since a held update is in memory before its
 * commit (held-update.ts) — what the held updates bind, kept apart until they are stored. Checks
 * read both, so a second member using an id is refused at once; every update a member sends while
 * it holds such ids carries them all to the store, so if another node bound one first the store
 * refuses each of them (and the document is dropped: memory ran ahead of the store).
 */
export interface DocumentOwners {
  /** The member `clientId` is bound to, stored or held; undefined if nobody's yet. */
  ownerOfClient(clientId: number): string | undefined;
  /** A stored change's bindings: they are the store's now. */
  stored(bindings: readonly ClientBinding[] | undefined): void;
  /**
   * A checked update of `memberId` taken in memory that binds `clientIds`: returns what it carries
   * to the store — every id the member holds unconfirmed (usually none).
   */
  held(memberId: string, clientIds: readonly number[]): ClientBinding | undefined;
}

export function createDocumentOwners(): DocumentOwners {
  const owners = new Map<number, string>();
  const heldOwners = new Map<number, string>();
  return {
    ownerOfClient: (clientId) => owners.get(clientId) ?? heldOwners.get(clientId),
    stored(bindings) {
      addBindings(owners, bindings);
      for (const { clientIds } of bindings ?? []) for (const clientId of clientIds) heldOwners.delete(clientId);
    },
    held(memberId, clientIds) {
      for (const clientId of clientIds) heldOwners.set(clientId, memberId);
      const unconfirmed: number[] = [];
      for (const [clientId, owner] of heldOwners) if (owner === memberId) unconfirmed.push(clientId);
      return unconfirmed.length === 0 ? undefined : { memberId, clientIds: unconfirmed };
    },
  };
}

import { RefusedUpdateError } from './write-validation.ts';

/**
 * Yjs client-id bindings: in one document, a client id belongs to the member who first stored an
 * update written with it. Yjs ignores what a document already holds under a (client id, clock),
 * so a member who wrote under someone else's id first would make that member's later (offline)
 * edits look like duplicates everyone drops; the relay's validation refuses it
 * (`update-checks.ts`), with the bindings of the document as they are in memory.
 *
 * The store is the one source of truth: a binding is written in the transaction that stores the
 * update that introduces it (never before: a refused or failed store leaves none), and reaches
 * memory the way updates do, through the document's feed — with the loaded state, then with each
 * change, whichever node stored it. Two nodes may both take an id as new before either has seen
 * the other's update; the store settles that in order, and refuses the later update whole
 * ({@link ClientIdTakenError}).
 */
export interface ClientBinding {
  readonly memberId: string;
  readonly clientIds: readonly number[];
}

/** The store refused an update: one of the client ids it binds belongs to another member. */
export class ClientIdTakenError extends RefusedUpdateError {
  constructor(readonly clientId: number) {
    super(`Yjs client id ${clientId} belongs to another member in this document`);
    this.name = 'ClientIdTakenError';
  }
}

/** Adds what `bindings` bind to `owners` (client id → member); an id already bound keeps its member. */
export function addBindings(owners: Map<number, string>, bindings: readonly ClientBinding[] | undefined): void {
  for (const { memberId, clientIds } of bindings ?? [])
    for (const clientId of clientIds) if (!owners.has(clientId)) owners.set(clientId, memberId);
}

/** A binding a store inserts: one client id, the member, and which append of the batch brought it. */
export interface NewBinding {
  index: number;
  clientId: number;
  memberId: string;
}

export interface SettledBindings {
  /** Per append, in order: the client id another member holds (the append is refused), or undefined. */
  taken: (number | undefined)[];
  /** What the accepted appends bind that was bound to nobody: the rows the store inserts. */
  added: NewBinding[];
}

/**
 * Settles, in order, the bindings of a batch of appends to one document (undefined: the append binds
 * nothing). `owners` holds what the store has bound for at least every id the batch names; it is
 * extended with what each accepted append adds, so a later append of the batch that takes an id an
 * earlier one bound to another member is refused too. Every store runs this inside the transaction
 * that stores the batch, after taking the document's write lock.
 */
export function settleBindings(
  bindings: readonly (ClientBinding | undefined)[],
  owners: Map<number, string>,
): SettledBindings {
  const settled: SettledBindings = { taken: [], added: [] };
  bindings.forEach((binding, index) => {
    const taken = binding?.clientIds.find((clientId) => {
      const owner = owners.get(clientId);
      return owner !== undefined && owner !== binding.memberId;
    });
    settled.taken.push(taken);
    if (!binding || taken !== undefined) return;
    for (const clientId of binding.clientIds) {
      if (owners.has(clientId)) continue;
      owners.set(clientId, binding.memberId);
      settled.added.push({ index, clientId, memberId: binding.memberId });
    }
  });
  return settled;
}

/** Every id a batch's bindings name, once each (what a store looks up before settling). */
export const clientIdsOf = (bindings: readonly (ClientBinding | undefined)[]): number[] => [
  ...new Set(bindings.flatMap((binding) => binding?.clientIds ?? [])),
];

/** Groups rows of a store's bindings table by member, as a feed hands them over. */
export function groupBindings(rows: Iterable<{ clientId: number; memberId: string }>): ClientBinding[] {
  const byMember = new Map<string, number[]>();
  for (const { clientId, memberId } of rows) {
    const ids = byMember.get(memberId);
    if (ids) ids.push(clientId);
    else byMember.set(memberId, [clientId]);
  }
  return [...byMember].map(([memberId, clientIds]) => ({ memberId, clientIds }));
}

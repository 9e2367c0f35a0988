import type * as Y from 'yjs';
import type { SmartAccount } from '../../domain/smart-account.ts';
import type { Action } from '../../permissions/action.ts';
import { can, type Actor } from '../../permissions/can.ts';
import { parseDocName } from '../doc-names.ts';
import { checkOrdersUpdate, type WriterRights } from '../update-checks.ts';

/**
 * The relay's check of what a client writes, run before an update is applied, stored or sent on
 * (see `checkOrdersUpdate` for the rules). A refused update is dropped whole and the sender
 * is closed with `CloseCode.refusedUpdate` and the reason; an accepted one binds the Yjs client ids
 * it used first to its writer, durably, before it is stored.
 */
export type WriteValidator = (
  docName: string,
  doc: Y.Doc,
  memberId: string,
  update: Uint8Array,
) => { ok: true } | { ok: false; reason: string; malformed?: boolean };

/** What the validator asks of the relay's team directory. */
export interface WriterDirectory {
  /** Bumped on every change: rights asked at one version hold until the next. */
  version(): number;
  actor(memberId: string): Actor | undefined;
  smartAccount(id: string): SmartAccount | undefined;
}

/**
 * Which member each Yjs client id belongs to, per document: the first member who wrote with it.
 * The relay keeps it durably beside the documents, so a restart does not let another member take
 * over an id and make the owner's later (offline) edits look like duplicates everyone ignores.
 */
export interface ClientBindings {
  ownerOf(docName: string, clientId: number): string | undefined;
  /** Binds ids to a member; durable when it returns (called before the update is stored). */
  bind(docName: string, clientIds: readonly number[], memberId: string): void;
}

/** Bindings in memory, for relays without a database (tests, the test relay). */
export function createMemoryClientBindings(): ClientBindings {
  const owners = new Map<string, string>();
  return {
    ownerOf: (docName, clientId) => owners.get(`${clientId}@${docName}`),
    bind(docName, clientIds, memberId) {
      for (const clientId of clientIds)
        if (!owners.has(`${clientId}@${docName}`)) owners.set(`${clientId}@${docName}`, memberId);
    },
  };
}

export interface WriteValidatorOptions {
  directory: WriterDirectory;
  bindings: ClientBindings;
}

export function createWriteValidator({ directory, bindings }: WriteValidatorOptions): WriteValidator {
  // What a member may do on a document's orders, asked once per directory version. The version is
  // read once per synchronous run (the updates parsed from one socket read share it; it is read again
  // after the run's microtasks): reading it for every update was a database query per update.
  let version = -1;
  let versionThisTurn: number | undefined;
  const currentVersion = (): number => {
    if (versionThisTurn === undefined) {
      versionThisTurn = directory.version();
      queueMicrotask(() => (versionThisTurn = undefined));
    }
    return versionThisTurn;
  };
  // One WriterRights per member and document, answers memoized per action: nothing is rebuilt per update.
  const rights = new Map<string, WriterRights>();
  const rightsOf = (docName: string, memberId: string): WriterRights => {
    const current = currentVersion();
    if (current !== version) {
      version = current;
      rights.clear();
    }
    const key = `${memberId}@${docName}`;
    let found = rights.get(key);
    if (!found) {
      const allowed = writeRightsOn(directory, docName, directory.actor(memberId));
      const answers = new Map<Action, boolean>();
      found = {
        memberId,
        may(action) {
          let answer = answers.get(action);
          if (answer === undefined) answers.set(action, (answer = allowed(action)));
          return answer;
        },
        ownerOfClient: (clientId) => bindings.ownerOf(docName, clientId),
      };
      rights.set(key, found);
    }
    return found;
  };

  return (docName, doc, memberId, update) => {
    const verdict = checkOrdersUpdate(doc, update, rightsOf(docName, memberId));
    if (!verdict.ok) return verdict;
    bindings.bind(docName, verdict.newClients, memberId);
    return { ok: true };
  };
}

/**
 * What a member may do on a document's orders. A Virtual Account's orders are acted on in that
 * Virtual Account; an organisation's orders on Smart Account hold in its Partner Holding Accounts,
 * account-wide (they sit in no Virtual Account). Member and directory documents are written by the
 * relay alone: nothing is allowed there.
 */
export function writeRightsOn(
  directory: Pick<WriterDirectory, 'smartAccount'>,
  docName: string,
  actor: Actor | undefined,
): (action: Action) => boolean {
  const address = parseDocName(docName);
  if (!actor || !address) return () => false;
  if (address.kind === 'virtual-account') {
    const smartAccount = directory.smartAccount(address.smartAccountId);
    if (!smartAccount) return () => false;
    return (action) => can(actor, action, { smartAccount, virtualAccountId: address.virtualAccountId });
  }
  if (address.kind === 'on-hold') {
    if (actor.member.organizationId !== address.organizationId) return () => false;
    const holding = [...new Set(actor.grants.map((g) => g.smartAccountId))]
      .map((id) => directory.smartAccount(id))
      .filter(
        (sa): sa is SmartAccount =>
          sa !== undefined && sa.kind === 'partner-holding' && sa.organizationId === address.organizationId,
      );
    return (action) => holding.some((smartAccount) => can(actor, action, { smartAccount, virtualAccountId: null }));
  }
  return () => false;
}

/**
 * A client update the relay refuses whole because of what it writes (not because it is garbage).
 * `reason` says which entry and why; the relay tells only the sender, in a permission-denied
 * message, and closes it with the fixed reason of `CloseCode.refusedUpdate`.
 */
export class RefusedUpdateError extends Error {
  constructor(readonly reason: string) {
    super(`update refused: ${reason}`);
    this.name = 'RefusedUpdateError';
  }
}

import type * as Y from 'yjs';
import type { SmartAccount } from '../../domain/smart-account.ts';
import type { Action } from '../../permissions/action.ts';
import { can, type Actor } from '../../permissions/can.ts';
import { parseDocName } from '../doc-names.ts';
import { checkOrdersUpdate, type UpdateVerdict, type WriterRights } from '../update-checks.ts';

/**
 * The relay's check of what a client writes, run before an update is applied, stored or sent on
 * (see `checkOrdersUpdate` for the rules). A refused update is dropped whole and the sender
 * is closed with `CloseCode.refusedUpdate` and the reason; an accepted one names the Yjs client
 * ids it uses first (`newClients`), which the relay binds to its writer in the transaction that
 * stores it (client-bindings.ts).
 */
export type WriteValidator = (write: ClientWrite) => UpdateVerdict;

/** One client update as the validator sees it. */
export interface ClientWrite {
  docName: string;
  /** The relay's document as it is before the update. */
  doc: Y.Doc;
  /** The member the token names. */
  memberId: string;
  update: Uint8Array;
  /** Who each Yjs client id of this document belongs to, as memory holds it now. */
  ownerOfClient(clientId: number): string | undefined;
}

/** What the validator asks of the relay's team directory. */
export interface WriterDirectory {
  /** Bumped on every change: rights asked at one version hold until the next. */
  version(): number;
  actor(memberId: string): Actor | undefined;
  smartAccount(id: string): SmartAccount | undefined;
}

export interface WriteValidatorOptions {
  directory: WriterDirectory;
}

export function createWriteValidator({ directory }: WriteValidatorOptions): WriteValidator {
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
  // What a member may do per document, answers memoized per action: nothing is rebuilt per update.
  const rights = new Map<string, MemberRights>();
  const rightsOf = (docName: string, memberId: string): MemberRights => {
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
      };
      rights.set(key, found);
    }
    return found;
  };

  // The bindings are the document's (they come and go with it), so they join the rights per update.
  return ({ docName, doc, memberId, update, ownerOfClient }) =>
    checkOrdersUpdate(doc, update, { ...rightsOf(docName, memberId), ownerOfClient });
}

type MemberRights = Omit<WriterRights, 'ownerOfClient'>;

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

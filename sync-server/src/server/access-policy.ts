import type { Actor } from '@holdfast/core';
import {
  docAccess,
  parseDocName,
  type DocAccess,
  type DocAccessContext,
  type DocAddress,
} from '@holdfast/core/protocol';
import { writeAccountDirectory, writeMemberAccounts, type RelayDocument } from '@holdfast/core/relay';
import type { DirectoryReader } from '../directory/directory-view.ts';

/** Who may open which document, and the documents the relay writes itself, both from the team directory. */
export function createAccessPolicy(directory: DirectoryReader) {
  const accessContext = (address: DocAddress, actor: Actor): DocAccessContext => {
    switch (address.kind) {
      case 'member':
        return { smartAccount: undefined, virtualAccounts: [] };
      case 'on-hold': {
        const accountIds = [...new Set(actor.grants.map((g) => g.smartAccountId))];
        return {
          smartAccount: undefined,
          virtualAccounts: [],
          memberAccounts: accountIds.flatMap((id) => directory.smartAccount(id) ?? []),
        };
      }
      default:
        return {
          smartAccount: directory.smartAccount(address.smartAccountId),
          virtualAccounts: directory.virtualAccounts(address.smartAccountId),
        };
    }
  };

  return {
    accessOf(memberId: string, address: DocAddress): DocAccess {
      const actor = directory.actor(memberId);
      if (!actor) return 'none';
      const access = docAccess(actor, address, accessContext(address, actor));
      // Roles come from the team directory only: member and directory documents are never writable by a client.
      return (address.kind === 'member' || address.kind === 'directory') && access === 'write' ? 'read' : access;
    },
    /** Member and directory documents are the relay's view of the team directory, rewritten on every change. */
    async writeServerDoc(document: RelayDocument): Promise<void> {
      const address = parseDocName(document.name);
      if (address?.kind === 'directory') {
        const content = directory.accountDirectory(address.smartAccountId);
        if (content) await document.writeAsRelay((doc, origin) => writeAccountDirectory(doc, content, origin));
      } else if (address?.kind === 'member') {
        const content = directory.memberAccounts(address.memberId);
        if (content) await document.writeAsRelay((doc, origin) => writeMemberAccounts(doc, content, origin));
      }
    },
  };
}

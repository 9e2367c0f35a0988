import { CloseCode, type DocAccess, type DocAddress } from '@holdfast/core/protocol';
import { TokenReason } from '../auth/tokens.ts';
import type { DirectoryReader } from '../directory/directory-view.ts';
import type { LiveConnection } from './live-connection.ts';

/**
 * After a directory change, every live connection is checked again: a revoked token closes with
 * 4401, a member who lost the document closes with 4410 (delete the local copy), a writer who
 * became a reader is told so and its updates are dropped from then on.
 */
export function reauthorize(
  live: ReadonlySet<LiveConnection>,
  directory: DirectoryReader,
  accessOf: (memberId: string, address: DocAddress) => DocAccess,
): void {
  for (const connection of [...live]) {
    if (directory.isTokenRevoked(connection.tokenId)) {
      connection.close(CloseCode.unauthorized, TokenReason.revoked);
      continue;
    }
    const access = accessOf(connection.member.id, connection.address);
    if (access === 'none')
      connection.close(CloseCode.accessRevoked, 'your role no longer allows this document; delete your local copy');
    else if (access === 'read' && connection.access === 'write') {
      connection.access = 'read';
      connection.document?.tellReadOnly(connection);
    } else connection.access = access;
  }
}

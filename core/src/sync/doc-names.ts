/**
 * Yjs document names. One member document per member (the Smart Accounts they hold a role on: where
 * a client starts), one directory document per Smart Account (its Virtual Accounts, members, role
 * grants), one document per Virtual Account (its orders, their histories, checklist ticks and
 * notes) and one per organisation for its orders on Smart Account hold (in no Virtual Account yet;
 * same layout), so the relay can authorize each document from the roles alone.
 *
 *   holdfast:member:<memberId>
 *   holdfast:directory:<smartAccountId>
 *   holdfast:va:<smartAccountId>:<virtualAccountId>
 *   holdfast:on-hold:<organizationId>
 *
 * Ids are URI-encoded, so a name is safe as a URL path segment and splits unambiguously on ':'.
 */
export type DocAddress =
  | { kind: 'member'; memberId: string }
  | { kind: 'directory'; smartAccountId: string }
  | { kind: 'virtual-account'; smartAccountId: string; virtualAccountId: string }
  | { kind: 'on-hold'; organizationId: string };

const PREFIX = 'holdfast';

export function memberDocName(memberId: string): string {
  return `${PREFIX}:member:${encodeURIComponent(memberId)}`;
}

export function directoryDocName(smartAccountId: string): string {
  return `${PREFIX}:directory:${encodeURIComponent(smartAccountId)}`;
}

export function virtualAccountDocName(smartAccountId: string, virtualAccountId: string): string {
  return `${PREFIX}:va:${encodeURIComponent(smartAccountId)}:${encodeURIComponent(virtualAccountId)}`;
}

export function onHoldDocName(organizationId: string): string {
  return `${PREFIX}:on-hold:${encodeURIComponent(organizationId)}`;
}

export function docName(address: DocAddress): string {
  switch (address.kind) {
    case 'member':
      return memberDocName(address.memberId);
    case 'directory':
      return directoryDocName(address.smartAccountId);
    case 'virtual-account':
      return virtualAccountDocName(address.smartAccountId, address.virtualAccountId);
    case 'on-hold':
      return onHoldDocName(address.organizationId);
  }
}

/**
 * Parses a document name; returns null for anything that is not a Holdfast document name in
 * canonical form — exactly as {@link docName} writes it — so no two names reach one document
 * (`sa/emea`, `sa%2femea` and `%73a%2Femea` are refused; only `sa%2Femea` is accepted).
 */
export function parseDocName(name: string): DocAddress | null {
  const address = parseAnyDocName(name);
  return address && docName(address) === name ? address : null;
}

function parseAnyDocName(name: string): DocAddress | null {
  const parts = name.split(':');
  try {
    if (parts.length === 3 && parts[0] === PREFIX && parts[1] === 'member' && parts[2]) {
      return { kind: 'member', memberId: decodeURIComponent(parts[2]) };
    }
    if (parts.length === 3 && parts[0] === PREFIX && parts[1] === 'directory' && parts[2]) {
      return { kind: 'directory', smartAccountId: decodeURIComponent(parts[2]) };
    }
    if (parts.length === 3 && parts[0] === PREFIX && parts[1] === 'on-hold' && parts[2]) {
      return { kind: 'on-hold', organizationId: decodeURIComponent(parts[2]) };
    }
    if (parts.length === 4 && parts[0] === PREFIX && parts[1] === 'va' && parts[2] && parts[3]) {
      return {
        kind: 'virtual-account',
        smartAccountId: decodeURIComponent(parts[2]),
        virtualAccountId: decodeURIComponent(parts[3]),
      };
    }
  } catch {
    return null; // malformed percent-encoding
  }
  return null;
}

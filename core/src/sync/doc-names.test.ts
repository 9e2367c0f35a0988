import { describe, expect, it } from 'vitest';
import { account, member, grant, virtualAccount } from '../testing/builders.ts';
import { docAccess } from './doc-access.ts';
import { directoryDocName, docName, memberDocName, parseDocName, virtualAccountDocName, type DocAddress } from './doc-names.ts';

describe('document names', () => {
  const addresses: DocAddress[] = [
    { kind: 'member', memberId: 'bluewave:alex@x' },
    { kind: 'directory', smartAccountId: 'sa:hold/1' },
    { kind: 'virtual-account', smartAccountId: 'sa:hold/1', virtualAccountId: 'va:emea' },
  ];

  it.each(addresses)('round-trips a $kind address through its name, ids with ":" included', (address) => {
    expect(parseDocName(docName(address))).toEqual(address);
  });

  it('names each kind distinctly', () => {
    expect([memberDocName('x'), directoryDocName('x'), virtualAccountDocName('x', 'y')]).toEqual(['holdfast:member:x', 'holdfast:directory:x', 'holdfast:va:x:y']);
  });

  it.each(['holdfast:member:', 'holdfast:team:x', 'other:member:x', 'holdfast:member:%E0%A4%A'])('refuses "%s"', (name) => {
    expect(parseDocName(name)).toBeNull();
  });
});

describe('access to a member document', () => {
  const holding = account('sa-hold', 'partner-holding', 'org-partner');
  const context = { smartAccount: holding.smartAccount, virtualAccounts: [virtualAccount('va-a', 'sa-hold')] };
  const alex = { member: member('alex', 'org-partner'), grants: [grant('alex', 'holding-account-administrator', 'sa-hold')] };

  it('lets the member read their own document and nobody write it', () => {
    expect(docAccess(alex, { kind: 'member', memberId: alex.member.id }, context)).toBe('read');
  });

  it("refuses another member's document, even to a Holding Account Administrator", () => {
    expect(docAccess(alex, { kind: 'member', memberId: 'someone-else' }, context)).toBe('none');
  });
});

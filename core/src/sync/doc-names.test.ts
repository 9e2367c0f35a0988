import { describe, expect, it } from 'vitest';
import { account, member, grant, virtualAccount } from '../testing/builders.ts';
import { docAccess } from './doc-access.ts';
import {
  directoryDocName,
  docName,
  memberDocName,
  onHoldDocName,
  parseDocName,
  virtualAccountDocName,
  type DocAddress,
} from './doc-names.ts';

describe('document names', () => {
  const addresses: DocAddress[] = [
    { kind: 'member', memberId: 'bluewave:alex@x' },
    { kind: 'directory', smartAccountId: 'sa:hold/1' },
    { kind: 'virtual-account', smartAccountId: 'sa:hold/1', virtualAccountId: 'va:emea' },
    { kind: 'on-hold', organizationId: 'org:bluewave' },
  ];

  it.each(addresses)('round-trips a $kind address through its name, ids with ":" included', (address) => {
    expect(parseDocName(docName(address))).toEqual(address);
  });

  it('names each kind distinctly', () => {
    expect([memberDocName('x'), directoryDocName('x'), virtualAccountDocName('x', 'y'), onHoldDocName('x')]).toEqual([
      'holdfast:member:x',
      'holdfast:directory:x',
      'holdfast:va:x:y',
      'holdfast:on-hold:x',
    ]);
  });

  it.each([
    'holdfast:member:',
    'holdfast:team:x',
    'other:member:x',
    'holdfast:member:%E0%A4%A',
    // aliases of holdfast:va:sa-bw-hold:sa-bw-hold%2Femea: only the canonical spelling is a name
    'holdfast:va:sa-bw-hold:sa-bw-hold/emea',
    'holdfast:va:sa-bw-hold:sa-bw-hold%2femea',
    'holdfast:va:%73a-bw-hold:sa-bw-hold%2Femea',
  ])('refuses "%s"', (name) => {
    expect(parseDocName(name)).toBeNull();
  });
});

describe('access to a member document', () => {
  const holding = account('sa-hold', 'partner-holding', 'org-partner');
  const context = { smartAccount: holding.smartAccount, virtualAccounts: [virtualAccount('va-a', 'sa-hold')] };
  const alex = {
    member: member('alex', 'org-partner'),
    grants: [grant('alex', 'holding-account-administrator', 'sa-hold')],
  };

  it('lets the member read their own document and nobody write it', () => {
    expect(docAccess(alex, { kind: 'member', memberId: alex.member.id }, context)).toBe('read');
  });

  it("refuses another member's document, even to a Holding Account Administrator", () => {
    expect(docAccess(alex, { kind: 'member', memberId: 'someone-else' }, context)).toBe('none');
  });
});

describe("access to an organisation's on-hold document", () => {
  const holding = account('sa-hold', 'partner-holding', 'org-partner');
  const otherHolding = account('sa-other', 'partner-holding', 'org-other');
  const vaA = virtualAccount('va-a', 'sa-hold');
  const onHold = { kind: 'on-hold', organizationId: 'org-partner' } as const;
  const asked = {
    smartAccount: undefined,
    virtualAccounts: [],
    memberAccounts: [holding.smartAccount, otherHolding.smartAccount],
  };
  const actor = (id: string, organizationId: string, ...grants: ReturnType<typeof grant>[]) => ({
    member: member(id, organizationId),
    grants,
  });

  it('lets a Holding Account Administrator of the organisation write it', () => {
    expect(
      docAccess(actor('alex', 'org-partner', grant('alex', 'holding-account-administrator', 'sa-hold')), onHold, asked),
    ).toBe('write');
  });

  it('refuses a Virtual Account User, whose role opens one Virtual Account, not the whole holding account', () => {
    expect(
      docAccess(actor('bo', 'org-partner', grant('bo', 'virtual-account-user', 'sa-hold', vaA.id)), onHold, asked),
    ).toBe('none');
  });

  it("refuses another organisation's member, whatever their role", () => {
    const outsider = actor('cy', 'org-other', grant('cy', 'holding-account-administrator', 'sa-hold'));
    expect(docAccess(outsider, onHold, asked)).toBe('none');
    expect(docAccess(outsider, { kind: 'on-hold', organizationId: 'org-other' }, asked)).toBe('none');
  });

  it('opens nothing when the accounts asked about hold none of the member’s roles', () => {
    const alex = actor('alex', 'org-partner', grant('alex', 'holding-account-administrator', 'sa-hold'));
    expect(docAccess(alex, onHold, { ...asked, memberAccounts: [otherHolding.smartAccount] })).toBe('none');
    expect(docAccess(alex, onHold, { smartAccount: undefined, virtualAccounts: [] })).toBe('none');
  });
});

import { describe, expect, it } from 'vitest';
import type { AccountDirectory } from '../domain/account-directory.ts';
import { account, grant, member, virtualAccount } from '../testing/builders.ts';
import { directoryDocName, onHoldDocName, virtualAccountDocName } from './doc-names.ts';
import { planOpenDocuments, summarizeStatus, type PlannedDoc } from './team-sync-plan.ts';
import { holding, vaA, vaB } from './testing/va-fixtures.ts';

const ALEX = member('alex', 'org-partner');
const BO = member('bo', 'org-partner');
const other = account('sa-other', 'partner-holding', 'org-partner');
const vaO = virtualAccount('va-o', 'sa-other');

const directoryOf = (
  smartAccount: AccountDirectory['smartAccount'],
  virtualAccounts: AccountDirectory['virtualAccounts'],
  roleGrants: AccountDirectory['roleGrants'],
): AccountDirectory => ({ smartAccount, virtualAccounts, organizations: [], members: [ALEX, BO], roleGrants });

const holdingDirectory = (roleGrants: AccountDirectory['roleGrants']) =>
  directoryOf(holding.smartAccount, [holding.defaultVirtualAccount, vaA, vaB], roleGrants);
const otherDirectory = (roleGrants: AccountDirectory['roleGrants']) =>
  directoryOf(other.smartAccount, [other.defaultVirtualAccount, vaO], roleGrants);

const names = (plan: readonly PlannedDoc[]) => plan.map((doc) => doc.docName);
const ON_HOLD = onHoldDocName('org-partner');

describe('which documents a member should have open', () => {
  it('opens only the directories of listed accounts before the member document says who I am', () => {
    const plan = planOpenDocuments({
      memberId: 'bo',
      member: null,
      smartAccountIds: ['sa-hold'],
      directories: new Map([['sa-hold', holdingDirectory([grant('bo', 'virtual-account-user', 'sa-hold', vaA.id)])]]),
    });
    expect(plan).toEqual([{ kind: 'directory', docName: directoryDocName('sa-hold'), smartAccountId: 'sa-hold' }]);
  });

  it("opens the Virtual Accounts the member's role opens, and not the organisation's on-hold document for a Virtual Account role", () => {
    const plan = planOpenDocuments({
      memberId: 'bo',
      member: BO,
      smartAccountIds: ['sa-hold'],
      directories: new Map([['sa-hold', holdingDirectory([grant('bo', 'virtual-account-user', 'sa-hold', vaA.id)])]]),
    });
    expect(plan).toEqual([
      { kind: 'directory', docName: directoryDocName('sa-hold'), smartAccountId: 'sa-hold' },
      {
        kind: 'orders',
        docName: virtualAccountDocName('sa-hold', vaA.id),
        virtualAccountId: vaA.id,
        openedBy: ['sa-hold'],
      },
    ]);
  });

  it('opens every Virtual Account and the on-hold document for a Holding Account Administrator, on-hold once for every account that opens it', () => {
    const plan = planOpenDocuments({
      memberId: 'alex',
      member: ALEX,
      smartAccountIds: ['sa-hold', 'sa-other'],
      directories: new Map([
        ['sa-hold', holdingDirectory([grant('alex', 'holding-account-administrator', 'sa-hold')])],
        ['sa-other', otherDirectory([grant('alex', 'holding-account-administrator', 'sa-other')])],
      ]),
    });
    expect(names(plan)).toEqual([
      directoryDocName('sa-hold'),
      directoryDocName('sa-other'),
      virtualAccountDocName('sa-hold', holding.defaultVirtualAccount.id),
      virtualAccountDocName('sa-hold', vaA.id),
      virtualAccountDocName('sa-hold', vaB.id),
      virtualAccountDocName('sa-other', other.defaultVirtualAccount.id),
      virtualAccountDocName('sa-other', vaO.id),
      ON_HOLD,
    ]);
    expect(plan.at(-1)).toEqual({
      kind: 'orders',
      docName: ON_HOLD,
      virtualAccountId: '~on-hold:org-partner',
      openedBy: ['sa-hold', 'sa-other'],
    });
  });

  it('leaves out what an account no longer listed (or not yet described) would open', () => {
    const directories = new Map([
      ['sa-hold', holdingDirectory([grant('alex', 'holding-account-administrator', 'sa-hold')])],
    ]);
    expect(names(planOpenDocuments({ memberId: 'alex', member: ALEX, smartAccountIds: [], directories }))).toEqual([]);
    expect(
      names(
        planOpenDocuments({ memberId: 'alex', member: ALEX, smartAccountIds: ['sa-other'], directories: new Map() }),
      ),
    ).toEqual([directoryDocName('sa-other')]);
  });

  it('opens nothing of orders for a member without a role in the directory', () => {
    const plan = planOpenDocuments({
      memberId: 'bo',
      member: BO,
      smartAccountIds: ['sa-hold'],
      directories: new Map([
        ['sa-hold', holdingDirectory([grant('alex', 'holding-account-administrator', 'sa-hold')])],
      ]),
    });
    expect(names(plan)).toEqual([directoryDocName('sa-hold')]);
  });
});

describe('the team status at a glance', () => {
  it('is unauthorized only when the member document is refused, else the worst document wins', () => {
    expect(summarizeStatus('unauthorized', ['unauthorized', 'synced'])).toBe('unauthorized');
    expect(summarizeStatus('synced', ['synced', 'unauthorized', 'offline', 'connecting'])).toBe('offline');
    expect(summarizeStatus('synced', ['synced', 'connecting'])).toBe('connecting');
    expect(summarizeStatus('synced', ['synced', 'unauthorized'])).toBe('synced');
    expect(summarizeStatus(undefined, [])).toBe('synced');
  });
});

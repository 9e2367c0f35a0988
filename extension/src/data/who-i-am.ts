import { HOLDFAST_FORMAT, ROLE_LABELS, type HoldfastSnapshot, type Member, type RoleGrant } from '@holdfast/core';
import type { HoldfastStore } from '@holdfast/core/store';

/** A member of the imported directory, with the roles that decide which orders they see. */
export interface MemberWithRoles {
  id: string;
  name: string;
  organizationName: string;
  /** "Holding Account Administrator on Keystone Integrators Holding", one per grant. */
  roles: string[];
}

/** A Partner Holding Account the user may say is theirs when they are not in the file. */
export interface HoldingAccountChoice {
  smartAccountId: string;
  name: string;
  organizationName: string;
}

/** What the options page offers under "Who I am", and what the pages need to say what to do next. */
export interface WhoIAm {
  members: MemberWithRoles[];
  holdingAccounts: HoldingAccountChoice[];
  /** Orders in this browser, whoever may see them: "import a file" is said only when this is 0. */
  storedOrders: number;
}

type Directory = Pick<
  HoldfastSnapshot,
  'organizations' | 'smartAccounts' | 'virtualAccounts' | 'members' | 'roleGrants'
>;

/** Prefix of the member a user becomes by naming their holding account ("I am not in this file"). */
export const LOCAL_MEMBER_PREFIX = 'local:';

/** Members grouped by organisation with their roles, and the holding accounts a user may claim. */
export function whoIAmChoices(directory: Directory, storedOrders: number): WhoIAm {
  const orgName = new Map(directory.organizations.map((o) => [o.id, o.name]));
  const accountName = new Map(directory.smartAccounts.map((sa) => [sa.id, sa.name]));
  const vaName = new Map(directory.virtualAccounts.map((va) => [va.id, va.name]));
  const grantsOf = new Map<string, RoleGrant[]>();
  for (const grant of directory.roleGrants)
    grantsOf.set(grant.memberId, [...(grantsOf.get(grant.memberId) ?? []), grant]);
  const roleText = (g: RoleGrant) => {
    const where = accountName.get(g.smartAccountId) ?? g.smartAccountId;
    const va = g.virtualAccountId ? ` / ${vaName.get(g.virtualAccountId) ?? g.virtualAccountId}` : '';
    return `${ROLE_LABELS[g.role]} on ${where}${va}`;
  };
  const members = directory.members
    .map((m) => ({
      id: m.id,
      name: m.name,
      organizationName: orgName.get(m.organizationId) ?? m.organizationId,
      roles: (grantsOf.get(m.id) ?? []).map(roleText).sort(),
    }))
    .sort((a, b) => a.organizationName.localeCompare(b.organizationName) || a.name.localeCompare(b.name));
  const holdingAccounts = directory.smartAccounts
    .filter((sa) => sa.kind === 'partner-holding')
    .map((sa) => ({
      smartAccountId: sa.id,
      name: sa.name,
      organizationName: orgName.get(sa.organizationId) ?? sa.organizationId,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { members, holdingAccounts, storedOrders };
}

/**
 * The member a user becomes when the file names no people (a portal export): someone of the
 * holding account's organisation with the Holding Account Administrator role on it, so they see its
 * orders and its organisation's orders on Smart Account hold. It is a local view, not a claim the
 * relay trusts: with team sync on, the token decides who one is.
 */
export function localHoldingMember(
  directory: Pick<HoldfastSnapshot, 'organizations' | 'smartAccounts'>,
  smartAccountId: string,
  now: Date,
): { member: Member; grant: RoleGrant } {
  const account = directory.smartAccounts.find((sa) => sa.id === smartAccountId);
  if (!account || account.kind !== 'partner-holding') {
    const known = directory.smartAccounts.filter((sa) => sa.kind === 'partner-holding').map((sa) => sa.name);
    throw new Error(
      `"${smartAccountId}" is not a Partner Holding Account in this browser; choose one of: ${known.join(', ') || 'none (import a file first)'}.`,
    );
  }
  const organization = directory.organizations.find((o) => o.id === account.organizationId);
  const id = `${LOCAL_MEMBER_PREFIX}${account.id}`;
  return {
    member: {
      id,
      name: `Me (${organization?.name ?? account.name})`,
      email: `me@${account.emailDomain}`,
      organizationId: account.organizationId,
    },
    grant: {
      id: `${id}/holding-account-administrator`,
      memberId: id,
      role: 'holding-account-administrator',
      smartAccountId: account.id,
      virtualAccountId: null,
      grantedBy: id,
      grantedAt: now.toISOString(),
      grantedByCustomer: false,
    },
  };
}

/** Reads what "Who I am" offers. */
export async function readWhoIAm(store: HoldfastStore): Promise<WhoIAm> {
  const { db } = store;
  return db.transaction(
    'r',
    [db.organizations, db.smartAccounts, db.virtualAccounts, db.members, db.roleGrants, db.orders],
    async () =>
      whoIAmChoices(
        {
          organizations: await db.organizations.toArray(),
          smartAccounts: await db.smartAccounts.toArray(),
          virtualAccounts: await db.virtualAccounts.toArray(),
          members: await db.members.toArray(),
          roleGrants: await db.roleGrants.toArray(),
        },
        await db.orders.count(),
      ),
  );
}

/** Stores the local member for a holding account (see {@link localHoldingMember}) and returns its id. */
export async function claimHoldingAccount(store: HoldfastStore, smartAccountId: string, now: Date): Promise<string> {
  const { db } = store;
  const directory = await db.transaction('r', [db.organizations, db.smartAccounts], async () => ({
    organizations: await db.organizations.toArray(),
    smartAccounts: await db.smartAccounts.toArray(),
  }));
  const { member, grant } = localHoldingMember(directory, smartAccountId, now);
  await store.importSnapshot(
    {
      format: HOLDFAST_FORMAT,
      exportedAt: now.toISOString(),
      organizations: [],
      smartAccounts: [],
      virtualAccounts: [],
      members: [member],
      roleGrants: [grant],
      orders: [],
      checklistTicks: [],
      settings: await store.settings(),
    },
    { now, actorId: member.id, source: 'Who I am' },
  );
  return member.id;
}

import type { Member } from '../domain/member.ts';
import type { Organization } from '../domain/organization.ts';
import type { RoleGrant, Role } from '../domain/role.ts';
import type { SmartAccount } from '../domain/smart-account.ts';
import type { VirtualAccount } from '../domain/virtual-account.ts';
import type { SampleDice } from './sample-dice.ts';
import { CUSTOMER_NAMES, PUBLIC_DOMAINS, SMALL_BUSINESSES, slug } from './sample-names.ts';

/** A reseller of the sample with its Partner Holding Account. */
export interface SampleReseller {
  organization: Organization;
  holdingId: string;
}

/** The sample's organisations, accounts and people, and the parties its orders are drawn from. */
export interface SampleDirectory {
  organizations: Organization[];
  smartAccounts: SmartAccount[];
  virtualAccounts: VirtualAccount[];
  members: Member[];
  roleGrants: RoleGrant[];
  distributors: Organization[];
  resellers: SampleReseller[];
  /** The small reseller with no Holding Account Administrator, which also buys for its own use. */
  harbor: SampleReseller;
  customers: { organization: Organization; smartAccountId: string | null }[];
}

/**
 * Distributors and resellers with their Partner Holding Accounts and Virtual Accounts, customers
 * with and without Smart Accounts (a few small businesses on public e-mail domains), and members
 * with roles — with the departures from best practice the findings are there to show.
 */
export function generateDirectory({ pick, daysAgo }: SampleDice): SampleDirectory {
  const created = daysAgo(900);
  const organizations: Organization[] = [];
  const smartAccounts: SmartAccount[] = [];
  const virtualAccounts: VirtualAccount[] = [];
  const members: Member[] = [];
  const roleGrants: RoleGrant[] = [];

  const addAccount = (
    account: Omit<SmartAccount, 'createdAt' | 'status' | 'b2bDefaultForCiscoId'> & Partial<SmartAccount>,
    extraVas: Partial<VirtualAccount>[] = [],
  ) => {
    smartAccounts.push({ status: 'active', b2bDefaultForCiscoId: null, createdAt: created, ...account });
    virtualAccounts.push({
      id: `${account.id}/default`,
      smartAccountId: account.id,
      name: 'DEFAULT',
      isDefault: true,
      restricted: false,
      category: null,
      createdAt: created,
    });
    for (const va of extraVas) {
      virtualAccounts.push({
        id: `${account.id}/${slug(va.name!)}`,
        smartAccountId: account.id,
        isDefault: false,
        restricted: false,
        category: null,
        createdAt: created,
        name: va.name!,
        ...va,
      });
    }
  };
  const addMember = (organization: Organization, first: string, last: string): Member => {
    const member = {
      id: `${organization.id}:${slug(first)}`,
      name: `${first} ${last}`,
      email: `${slug(first)}.${slug(last)}@${organization.emailDomain}`,
      organizationId: organization.id,
    };
    members.push(member);
    return member;
  };
  const addGrant = (
    member: Member,
    role: Role,
    smartAccountId: string,
    virtualAccountId: string | null = null,
    grantedByCustomer = false,
  ) => {
    roleGrants.push({
      id: `${member.id}|${role}|${smartAccountId}|${virtualAccountId ?? '*'}`,
      memberId: member.id,
      role,
      smartAccountId,
      virtualAccountId,
      grantedBy: 'setup',
      grantedAt: created,
      grantedByCustomer,
    });
  };

  // Distributors: one holding account each, one B2B default per Cisco ID.
  const distributors = ['Northwind Distribution', 'Contoso Supply'].map((name, i) => {
    const organization: Organization = {
      id: slug(name),
      name,
      kind: 'distributor',
      emailDomain: `${slug(name)}.example.com`,
      ciscoIds: [`${slug(name)}-b2b`],
      purchasing: null,
    };
    organizations.push(organization);
    addAccount({
      id: `sa-${organization.id}-holding`,
      name: `${name} Holding`,
      kind: 'partner-holding',
      organizationId: organization.id,
      emailDomain: organization.emailDomain,
      b2bDefaultForCiscoId: organization.ciscoIds[0]!,
    });
    const admin = addMember(organization, ['Dana', 'Lee'][i]!, 'Admin');
    addGrant(admin, 'holding-account-administrator', `sa-${organization.id}-holding`);
    return organization;
  });

  // Resellers, organised the ways the seed describes.
  const resellerSpecs = [
    {
      name: 'Bluewave Networks',
      purchasing: {
        model: 'regional' as const,
        regions: ['EMEA', 'Americas', 'APAC'],
        hasIndependentSubsidiaries: false,
      },
      vas: ['EMEA', 'Americas'],
    },
    {
      name: 'Summit IT Partners',
      purchasing: { model: 'centralised' as const, regions: [], hasIndependentSubsidiaries: false },
      vas: ['Purchasing'],
    },
    {
      name: 'Keystone Integrators',
      purchasing: { model: 'centralised' as const, regions: [], hasIndependentSubsidiaries: true },
      vas: ['Public Sector', 'Enterprise', 'SMB'],
    },
    { name: 'Harbor Solutions', purchasing: null, vas: [] },
  ];
  const resellers = resellerSpecs.map((spec) => {
    const organization: Organization = {
      id: slug(spec.name),
      name: spec.name,
      kind: 'partner',
      emailDomain: `${slug(spec.name)}.example.com`,
      ciscoIds: [`${slug(spec.name)}-cco`],
      purchasing: spec.purchasing,
    };
    organizations.push(organization);
    const holdingId = `sa-${organization.id}-holding`;
    addAccount(
      {
        id: holdingId,
        name: `${spec.name} Holding`,
        kind: 'partner-holding',
        organizationId: organization.id,
        emailDomain: organization.emailDomain,
      },
      spec.vas.map((name) => ({
        name,
        category:
          spec.purchasing?.model === 'regional'
            ? { kind: 'region' as const, value: name }
            : { kind: 'purchasing-team' as const, value: name },
      })),
    );
    const admin = addMember(organization, 'Alex', `${spec.name.split(' ')[0]}`);
    // Harbor Solutions, a small shop, never named a Holding Account Administrator.
    if (spec.name !== 'Harbor Solutions') addGrant(admin, 'holding-account-administrator', holdingId);
    const vaIds = virtualAccounts.filter((va) => va.smartAccountId === holdingId).map((va) => va.id);
    ['Sam', 'Priya', 'Tomas'].forEach((first, i) => {
      const rep = addMember(organization, first, spec.name.split(' ')[0]!);
      if (i === 0) addGrant(rep, 'holding-account-user', holdingId);
      else
        addGrant(
          rep,
          i === 1 ? 'virtual-account-administrator' : 'virtual-account-user',
          holdingId,
          vaIds[i % vaIds.length]!,
        );
    });
    return { organization, holdingId };
  });
  // A new hire at Bluewave has not been given a role yet.
  addMember(resellers[0]!.organization, 'Jordan', 'Newhire');
  // Harbor Solutions buys for its own use too, but has no Customer Smart Account of its own yet.
  const harbor = resellers[3]!;
  // A new reseller that has not requested its holding account yet.
  organizations.push({
    id: 'fabrikam-networks',
    name: 'Fabrikam Networks',
    kind: 'partner',
    emailDomain: 'fabrikam-networks.example.com',
    ciscoIds: [],
    purchasing: null,
  });

  // Customers: most have a company domain; about half already have a Customer Smart Account.
  const customers = [
    ...CUSTOMER_NAMES.map((name) => ({ name, domain: `${slug(name)}.example.com`, small: false })),
    ...SMALL_BUSINESSES.map((name) => ({ name, domain: pick(PUBLIC_DOMAINS), small: true })),
  ].map((customer, i) => {
    const organization: Organization = {
      id: slug(customer.name),
      name: customer.name,
      kind: 'customer',
      emailDomain: customer.domain,
      ciscoIds: [],
      purchasing: null,
    };
    organizations.push(organization);
    let smartAccountId: string | null = null;
    if (!customer.small && i % 2 === 0) {
      smartAccountId = `sa-${organization.id}`;
      const vas: Partial<VirtualAccount>[] = [
        { name: 'Network Operations', category: { kind: 'department', value: 'Network' } },
      ];
      if (i % 6 === 0) vas.push({ name: 'Security', restricted: true });
      if (i === 8) vas.push({ name: 'Project Falcon Acquisition' });
      addAccount(
        {
          id: smartAccountId,
          name: customer.name,
          kind: 'customer',
          organizationId: organization.id,
          emailDomain: customer.domain,
        },
        vas,
      );
      const admin = addMember(organization, 'Chris', customer.name.split(' ')[0]!);
      addGrant(admin, 'smart-account-administrator', smartAccountId);
      if (i % 4 === 0) {
        // The customer lets its reseller help manage licenses.
        const helper = members.find(
          (m) => m.organizationId === resellers[i % 3]!.organization.id && m.name.startsWith('Sam'),
        )!;
        addGrant(helper, 'smart-account-user', smartAccountId, null, i !== 12);
      }
    } else if (customer.small && i % 2 === 0) {
      smartAccountId = `sa-${organization.id}`;
      addAccount({
        id: smartAccountId,
        name: customer.name,
        kind: 'limited-use',
        organizationId: organization.id,
        emailDomain: customer.domain,
      });
    }
    return { organization, smartAccountId };
  });

  return {
    organizations,
    smartAccounts,
    virtualAccounts,
    members,
    roleGrants,
    distributors,
    resellers,
    harbor,
    customers,
  };
}

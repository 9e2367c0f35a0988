import * as prng from 'lib0/prng';
import { DAY_MS } from '../domain/common.ts';
import { HOLDFAST_FORMAT, holdfastSnapshotSchema, type HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import type { Member } from '../domain/member.ts';
import type { Order } from '../domain/order.ts';
import type { Assignment, OrderEvent } from '../domain/order-event.ts';
import type { Organization } from '../domain/organization.ts';
import type { RoleGrant, Role } from '../domain/role.ts';
import type { SmartAccount } from '../domain/smart-account.ts';
import type { VirtualAccount } from '../domain/virtual-account.ts';

export interface SampleOptions {
  /** Same seed, same data: tests and benchmarks rely on it. */
  seed?: number;
  orders?: number;
  /** The generated ages are relative to this instant. */
  now?: Date;
  /** Validate the result with the snapshot schema (skip for very large benchmark sets). */
  validate?: boolean;
}

const SKUS: readonly [string, number | null][] = [
  ['C9300-DNA-E-24-3Y', 36],
  ['DNA-P-T1-E-5Y', 60],
  ['L-FPR2110T-TMC-3Y', 36],
  ['LIC-MR-ENT-3YR', 36],
  ['LIC-MS250-48LP-3Y', 36],
  ['E2N-AIRWLAN-A-3Y', 36],
  ['SEC-DUO-ADV-1Y', 12],
  ['CSR-1KV-AX-1G', null],
  ['UMB-DNS-ESS-3Y', 36],
  ['SW-ISE-BASE-PERP', null],
  ['WEBEX-MTG-NU-1Y', 12],
  ['C8000-DNA-A-5Y', 60],
];

const CUSTOMER_NAMES = [
  'Acme Manufacturing',
  'Globex Logistics',
  'Initech Finance',
  'Umbrella Health',
  'Stark Engineering',
  'Wayne Retail',
  'Hooli Media',
  'Vandelay Imports',
  'Soylent Foods',
  'Tyrell Robotics',
  'Cyberdyne Systems',
  'Wonka Confectionery',
  'Oceanic Airlines',
  'Gringotts Bank',
  'Monarch Hotels',
  'Pied Piper Storage',
  'Massive Dynamic',
  'Aperture Labs',
  'Black Mesa Research',
  'Blue Sun Mining',
  'Dunder Paper',
  'Nakatomi Trading',
  'Oscorp Chemicals',
  'Prestige Worldwide',
  'Sterling Advertising',
  'Virtucon Energy',
  'Wernham Hogg',
  'Zorg Industries',
  'Bluth Construction',
  'Kramerica Products',
  'Los Pollos Logistics',
  'Sirius Cybernetics',
  'Duff Beverages',
  'Krusty Foods',
  'Ollivander Crafts',
  'Rekall Travel',
  'Spacely Sprockets',
  'Cogswell Cogs',
  'InGen Biotech',
  'Buy n Large',
];
const SMALL_BUSINESSES = [
  "Joe's Plumbing",
  'Maria Dental Practice',
  'Corner Bakery',
  'Lakeside Vet Clinic',
  'Smith & Sons Garage',
  'Bloom Florist',
];
const PUBLIC_DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com'];

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * A realistic Holdfast data set: distributors and resellers with their Partner Holding Accounts and
 * Virtual Accounts, customers with and without Smart Accounts (a few small businesses on public
 * e-mail domains), members with roles, and orders at every lifecycle stage with a spread of ages.
 * It deliberately contains a few departures from best practice so every kind of finding shows up.
 */
export function generateSample(options: SampleOptions = {}): HoldfastSnapshot {
  const { seed = 42, orders: orderCount = 240, now = new Date('2026-11-01T09:00:00.000Z'), validate = true } = options;
  const rng = prng.create(seed);
  const pick = <T>(items: readonly T[]): T => prng.oneOf(rng, items as T[]);
  const chance = (p: number) => prng.real53(rng) < p;
  const daysAgo = (days: number, hour = 9) =>
    new Date(now.getTime() - days * DAY_MS + (hour - 9) * 3_600_000).toISOString();
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

  const vasOf = (smartAccountId: string) => virtualAccounts.filter((va) => va.smartAccountId === smartAccountId);
  const assign = (smartAccountId: string, kind: SmartAccount['kind'], preferRestricted = false): Assignment => {
    const vas = vasOf(smartAccountId);
    const restricted = vas.filter((va) => va.restricted);
    const open = vas.filter((va) => !va.restricted);
    return {
      smartAccountId,
      virtualAccountId: pick(preferRestricted && restricted.length ? restricted : open.length ? open : vas).id,
      kind,
    };
  };

  const orders: Order[] = [];
  for (let i = 0; i < orderCount; i++) {
    const salesOrderNumber = String(104_000_000 + i * 37);
    const reseller = i % 17 === 0 ? harbor : resellers[i % resellers.length]!;
    const viaDistributor = chance(0.6) ? distributors[i % distributors.length]! : null;
    const ownUse = reseller === harbor && i % 34 === 0;
    const customer = ownUse ? null : customers[prng.uint32(rng, 0, customers.length - 1)]!;
    const endCustomer = customer
      ? {
          name: customer.organization.name,
          emailDomain: customer.organization.emailDomain,
          smartAccountId: customer.smartAccountId,
        }
      : { name: harbor.organization.name, emailDomain: harbor.organization.emailDomain, smartAccountId: null };
    // Most orders are recent; a long tail has been forgotten in holding.
    const age = Math.floor(150 * prng.real53(rng) ** 2);
    const placedAt = daysAgo(age, 8 + (i % 9));
    const placedBy = viaDistributor
      ? members.find((m) => m.organizationId === viaDistributor.id)!.id
      : members.find((m) => m.organizationId === reseller.organization.id)!.id;
    const rep = members.filter((m) => m.organizationId === reseller.organization.id)[1 + (i % 3)]!.id;
    const history: OrderEvent[] = [];
    const event = <T extends OrderEvent['type']>(type: T, daysAfterPlacement: number, fields: object = {}, by = rep) =>
      history.push({
        id: `${salesOrderNumber}:${history.length}:${type}`,
        type,
        at: new Date(Date.parse(placedAt) + daysAfterPlacement * DAY_MS).toISOString(),
        by,
        ...fields,
      } as OrderEvent);

    const holding = assign(reseller.holdingId, 'partner-holding');
    const roll = prng.real53(rng);
    const customerAccount = endCustomer.smartAccountId
      ? assign(
          endCustomer.smartAccountId,
          smartAccounts.find((a) => a.id === endCustomer.smartAccountId)!.kind,
          i % 5 === 0,
        )
      : null;
    if (roll < 0.08) {
      event('placed', 0, { assignment: null, accountPending: false }, placedBy); // on Smart Account hold
    } else if (roll < 0.25 && customerAccount) {
      event('placed', 0, { assignment: customerAccount, accountPending: false }, placedBy); // direct, as the seed recommends
      if (age > 40 && chance(0.5)) event('consumption-started', Math.min(age, 30));
    } else {
      event('placed', 0, { assignment: holding, accountPending: false }, placedBy);
      if (age > 20 && chance(0.3))
        event('line-fulfilment', 5, { lineNumber: 1, fulfilment: chance(0.5) ? 'booked' : 'shipped' });
      if (chance(0.45)) event('reviewed', Math.max(0, age - prng.uint32(rng, 0, 20)));
      if (i === 11) event('activation-attempted', 2, { smartAccountId: reseller.holdingId });
      if (customerAccount && age > 10 && chance(0.55)) {
        const shipped = history.some((e) => e.type === 'line-fulfilment');
        event('reassignment-started', Math.min(age - 1, 8), {
          target: customerAccount,
          via: shipped ? 'asset-transfer' : 'portal',
        });
        if (chance(0.6)) {
          event('delivered', Math.min(age, 10));
          if (chance(0.3))
            event(
              'consumption-started',
              Math.min(age, 12),
              {},
              members.find((m) => m.organizationId === customer!.organization.id)?.id ?? rep,
            );
        }
      }
    }
    const lines = Array.from({ length: 1 + (i % 3) }, (_, n) => {
      const [sku, termMonths] = SKUS[(i + n * 5) % SKUS.length]!;
      return { lineNumber: n + 1, sku, quantity: 1 + prng.uint32(rng, 0, 49), termMonths };
    });
    const updatedAt = history.reduce((latest, e) => (e.at > latest ? e.at : latest), placedAt);
    orders.push({
      salesOrderNumber,
      webOrderId: `WO${String(93_000_000 + i * 13).padStart(9, '0')}`,
      poNumber: `PO-${2026 - Math.floor(age / 365)}-${String(1000 + i).padStart(5, '0')}`,
      endCustomer,
      distributor: viaDistributor ? { name: viaDistributor.name, organizationId: viaDistributor.id } : null,
      reseller: { name: reseller.organization.name, organizationId: reseller.organization.id },
      lines,
      history,
      createdAt: placedAt,
      updatedAt,
    });
  }

  const snapshot: HoldfastSnapshot = {
    format: HOLDFAST_FORMAT,
    exportedAt: now.toISOString(),
    organizations,
    smartAccounts,
    virtualAccounts,
    members,
    roleGrants,
    orders,
    checklistTicks: [],
    settings: { holdingThresholdDays: 30, reviewIntervalDays: 7 },
  };
  return validate ? holdfastSnapshotSchema.parse(snapshot) : snapshot;
}

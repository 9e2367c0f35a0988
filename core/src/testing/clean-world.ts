// A small, realistic snapshot that breaks no best-practice rule; rule tests change one thing in it.
import { holdfastSnapshotSchema, type HoldfastSnapshot } from '../domain/holdfast-snapshot.ts';
import {
  account,
  assignment,
  daysAfter,
  grant,
  member,
  order,
  organization,
  placedEvent,
  T0,
  virtualAccount,
} from './builders.ts';

export const NOW = new Date(daysAfter(T0, 3));

export function cleanWorld(): HoldfastSnapshot {
  const partner = organization({
    id: 'partner',
    kind: 'partner',
    emailDomain: 'partner.example.com',
    purchasing: { model: 'centralised', regions: [], hasIndependentSubsidiaries: false },
  });
  const distributor = organization({ id: 'distributor', kind: 'distributor', emailDomain: 'distri.example.com' });
  const customer = organization({ id: 'acme', kind: 'customer', emailDomain: 'acme.example.com' });
  const holding = account('p-hold', 'partner-holding', partner.id, { emailDomain: 'partner.example.com' });
  const partnerOwn = account('p-own', 'customer', partner.id, { emailDomain: 'partner.example.com' });
  const distributorHolding = account('d-hold', 'partner-holding', distributor.id, {
    emailDomain: 'distri.example.com',
  });
  const acme = account('acme-sa', 'customer', customer.id, { emailDomain: 'acme.example.com' });
  const emea = virtualAccount('p-hold/emea', 'p-hold', { name: 'EMEA', category: { kind: 'region', value: 'EMEA' } });
  const acmeNetwork = virtualAccount('acme-sa/network', 'acme-sa', { name: 'Network Team' });

  const inHolding = order(
    '1001',
    [
      placedEvent(daysAfter(T0, 0), assignment(emea, 'partner-holding')),
      { id: '1001:r', type: 'reviewed', at: daysAfter(T0, 2), by: 'p-rep' },
    ],
    {
      endCustomer: { name: 'NewCo', emailDomain: 'newco.example.com', smartAccountId: null },
      distributor: { name: 'Distri', organizationId: 'distributor' },
      reseller: { name: 'Partner', organizationId: 'partner' },
    },
  );
  const delivered = order('1002', [placedEvent(daysAfter(T0, 0), assignment(acmeNetwork, 'customer'))], {
    endCustomer: { name: 'Acme Corp', emailDomain: 'acme.example.com', smartAccountId: 'acme-sa' },
  });

  return holdfastSnapshotSchema.parse({
    format: 'holdfast/v1',
    exportedAt: NOW.toISOString(),
    organizations: [partner, distributor, customer],
    smartAccounts: [holding.smartAccount, partnerOwn.smartAccount, distributorHolding.smartAccount, acme.smartAccount],
    virtualAccounts: [
      holding.defaultVirtualAccount,
      emea,
      partnerOwn.defaultVirtualAccount,
      distributorHolding.defaultVirtualAccount,
      acme.defaultVirtualAccount,
      acmeNetwork,
    ],
    members: [
      member('p-admin', 'partner'),
      member('p-rep', 'partner'),
      member('d-admin', 'distributor'),
      member('acme-admin', 'acme'),
    ],
    roleGrants: [
      grant('p-admin', 'holding-account-administrator', 'p-hold'),
      grant('p-rep', 'virtual-account-user', 'p-hold', 'p-hold/emea'),
      grant('d-admin', 'holding-account-administrator', 'd-hold'),
      grant('acme-admin', 'smart-account-administrator', 'acme-sa'),
    ],
    orders: [inHolding, delivered],
  });
}

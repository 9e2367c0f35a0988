import type { Organization, SmartAccount } from '@holdfast/core';
import { describe, expect, it } from 'vitest';
import { customerAccountFor } from './new-order-advice.ts';

const account = (id: string, name: string, kind: SmartAccount['kind'], organizationId: string, emailDomain: string) =>
  ({
    id,
    name,
    kind,
    organizationId,
    emailDomain,
    status: 'active',
    b2bDefaultForCiscoId: null,
    createdAt: '2026-01-01T00:00:00Z',
  }) as SmartAccount;
const directory = {
  organizations: [
    { id: 'org-bluth', name: 'Bluth Construction' },
    { id: 'org-keystone', name: 'Keystone Integrators' },
  ] as Organization[],
  smartAccounts: [
    account('sa-bluth', 'Bluth Construction', 'customer', 'org-bluth', 'bluth.example.com'),
    account('sa-keystone', 'Keystone Integrators Holding', 'partner-holding', 'org-keystone', 'keystone.example.com'),
    account('sa-twin-1', 'Twin Co', 'customer', 'org-x', 'twin1.example.com'),
    account('sa-twin-2', 'Twin Co', 'customer', 'org-y', 'twin2.example.com'),
  ],
};

describe("finding a new order's customer account", () => {
  it('matches the end customer by name, ignoring case and punctuation, or by domain', () => {
    expect(customerAccountFor(directory, 'bluth  construction.')?.id).toBe('sa-bluth');
    expect(customerAccountFor(directory, 'bluth.example.com')?.id).toBe('sa-bluth');
  });

  it('never names a holding account, and does not guess between two matches', () => {
    expect(customerAccountFor(directory, 'Keystone Integrators Holding')).toBeNull();
    expect(customerAccountFor(directory, 'Twin Co')).toBeNull();
    expect(customerAccountFor(directory, 'Unknown Ltd')).toBeNull();
  });
});

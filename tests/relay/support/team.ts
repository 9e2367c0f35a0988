// A small team in the relay's directory: a partner with a holding account of two VAs, a customer.
import type { TeamDirectory } from '../../../sync-server/src/directory/team-directory.ts';

export const T = '2026-01-01T00:00:00.000Z';

export const TEAM = {
  admin: 'partner:admin',
  emeaUser: 'partner:emea-user',
  apacUser: 'partner:apac-user',
  viewer: 'customer:viewer',
  holding: 'sa-hold',
  emea: 'sa-hold/emea',
  apac: 'sa-hold/apac',
  customerAccount: 'sa-cust',
} as const;

export function seedTeam(directory: TeamDirectory): void {
  directory.addOrganization({ id: 'partner', name: 'Bluewave', kind: 'partner', emailDomain: 'bluewave.example.com' });
  directory.addOrganization({ id: 'customer', name: 'Acme', kind: 'customer', emailDomain: 'acme.example.com' });
  directory.createSmartAccount({
    id: TEAM.holding,
    name: 'Bluewave Holding',
    kind: 'partner-holding',
    organizationId: 'partner',
    emailDomain: 'bluewave.example.com',
    createdAt: T,
  });
  directory.createVirtualAccount({ id: TEAM.emea, smartAccountId: TEAM.holding, name: 'EMEA', createdAt: T });
  directory.createVirtualAccount({ id: TEAM.apac, smartAccountId: TEAM.holding, name: 'APAC', createdAt: T });
  directory.createSmartAccount({
    id: TEAM.customerAccount,
    name: 'Acme',
    kind: 'customer',
    organizationId: 'customer',
    emailDomain: 'acme.example.com',
    createdAt: T,
  });
  const member = (id: string, org: string) =>
    directory.addMember({
      id,
      name: id.split(':')[1]!,
      email: `${id.split(':')[1]}@${org}.example.com`,
      organizationId: org,
    });
  member(TEAM.admin, 'partner');
  member(TEAM.emeaUser, 'partner');
  member(TEAM.apacUser, 'partner');
  member(TEAM.viewer, 'customer');
  const grant = (
    memberId: string,
    role: 'holding-account-administrator' | 'virtual-account-user' | 'smart-account-viewer',
    smartAccountId: string,
    virtualAccountId: string | null = null,
  ) =>
    directory.grant({
      id: `${memberId}|${role}|${virtualAccountId ?? smartAccountId}`,
      memberId,
      role,
      smartAccountId,
      virtualAccountId,
      grantedBy: 'test',
      grantedAt: T,
    });
  grant(TEAM.admin, 'holding-account-administrator', TEAM.holding);
  grant(TEAM.emeaUser, 'virtual-account-user', TEAM.holding, TEAM.emea);
  grant(TEAM.apacUser, 'virtual-account-user', TEAM.holding, TEAM.apac);
  grant(TEAM.viewer, 'smart-account-viewer', TEAM.customerAccount);
}

/** Adds a partner member holding Virtual Account User on EMEA; the grant's id is `<memberId>|emea`. */
export function addEmeaUser(directory: TeamDirectory, memberId: string): void {
  directory.addMember({
    id: memberId,
    name: memberId.split(':')[1]!,
    email: `${memberId.split(':')[1]}@partner.example.com`,
    organizationId: 'partner',
  });
  directory.grant({
    id: `${memberId}|emea`,
    memberId,
    role: 'virtual-account-user',
    smartAccountId: TEAM.holding,
    virtualAccountId: TEAM.emea,
    grantedBy: 'test',
    grantedAt: T,
  });
}

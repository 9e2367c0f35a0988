import type { Member, Organization, RoleGrant, SmartAccount, VirtualAccount } from '@holdfast/core';

/** The whole team directory at one version, as read in one consistent snapshot of the database. */
export interface DirectorySnapshot {
  version: number;
  organizations: Organization[];
  smartAccounts: SmartAccount[];
  virtualAccounts: VirtualAccount[];
  members: Member[];
  roleGrants: RoleGrant[];
  /** Ids (jti) of tokens refused before they expire. */
  revokedTokens: string[];
}

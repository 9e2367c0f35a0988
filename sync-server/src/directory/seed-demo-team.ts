import { HoldfastError } from '@holdfast/core';
import { generateSample } from '@holdfast/core/sample';
import type { TeamDirectory } from './team-directory.ts';

export interface DemoTeamReport {
  organizations: number;
  smartAccounts: number;
  members: number;
  /** Grants the directory refused, with why (the sample keeps one the seeds forbid, to show its finding). */
  refused: string[];
  /** A Holding Account Administrator of the sample, to mint a first token for. */
  administratorId: string;
}

/**
 * Seeds an empty directory with the team of Holdfast's sample data (`core/sample/`): the same
 * organisations, accounts, members and roles, so the sample file and the relay agree on every id.
 */
export function seedDemoTeam(directory: TeamDirectory): DemoTeamReport {
  const sample = generateSample({ orders: 0 });
  for (const organization of sample.organizations) directory.addOrganization(organization);
  for (const account of sample.smartAccounts) {
    const { smartAccount } = directory.createSmartAccount(account);
    for (const va of sample.virtualAccounts.filter((v) => v.smartAccountId === smartAccount.id && !v.isDefault))
      directory.createVirtualAccount(va);
  }
  for (const member of sample.members) directory.addMember(member);
  const refused: string[] = [];
  for (const grant of sample.roleGrants) {
    try {
      directory.grant(grant);
    } catch (error) {
      if (!(error instanceof HoldfastError)) throw error;
      refused.push(error.message);
    }
  }
  return {
    organizations: sample.organizations.length,
    smartAccounts: sample.smartAccounts.length,
    members: sample.members.length,
    refused,
    administratorId: sample.roleGrants.find((g) => g.role === 'holding-account-administrator')!.memberId,
  };
}

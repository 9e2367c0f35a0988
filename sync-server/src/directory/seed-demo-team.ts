import { HoldfastError } from '@holdfast/core';
import { generateSample } from '@holdfast/core/sample';
import type { TeamDirectory } from './team-directory.ts';

/** The changes seeding makes, answered now (the SQLite directory) or later (PostgreSQL). */
type SeedTarget = {
  [K in 'addOrganization' | 'createSmartAccount' | 'createVirtualAccount' | 'addMember' | 'grant']: (
    input: Parameters<TeamDirectory[K]>[0],
  ) => ReturnType<TeamDirectory[K]> | Promise<ReturnType<TeamDirectory[K]>>;
};

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
 * Changes are made one after another, each awaited: the SQLite directory answers at once,
 * PostgreSQL later.
 */
export async function seedDemoTeam(directory: SeedTarget): Promise<DemoTeamReport> {
  const sample = generateSample({ orders: 0 });
  for (const organization of sample.organizations) await directory.addOrganization(organization);
  for (const account of sample.smartAccounts) {
    const { smartAccount } = await directory.createSmartAccount(account);
    for (const va of sample.virtualAccounts.filter((v) => v.smartAccountId === smartAccount.id && !v.isDefault))
      await directory.createVirtualAccount(va);
  }
  for (const member of sample.members) await directory.addMember(member);
  const refused: string[] = [];
  for (const grant of sample.roleGrants) {
    try {
      await directory.grant(grant);
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

import {
  createSmartAccount,
  createVirtualAccount,
  grantRole,
  memberSchema,
  organizationSchema,
  roleGrantSchema,
  type Member,
  type Organization,
  type RoleGrant,
  type RoleGrantInput,
  type SmartAccount,
  type SmartAccountInput,
  type VirtualAccount,
  type VirtualAccountInput,
} from '@holdfast/core';
import type { z } from 'zod';

/** The reads a change is checked against (both directories answer them; no import back to either). */
export interface CurrentDirectory {
  member(id: string): Member | undefined;
  smartAccount(id: string): SmartAccount | undefined;
  virtualAccounts(smartAccountId: string): VirtualAccount[];
  grants(): RoleGrant[];
}

/** A directory change refused, with a message saying what is allowed (the admin CLI prints it). */
export class DirectoryError extends Error {}

/**
 * Each change to the team directory as a pure check against its current state: it returns what to
 * store or throws a DirectoryError (or core's refusal) saying what is allowed, storing nothing.
 * The one implementation of these checks: the SQLite and the PostgreSQL directory both call it.
 */
export const directoryChanges = {
  organization(input: z.input<typeof organizationSchema>): Organization {
    return organizationSchema.parse(input);
  },
  smartAccount(current: CurrentDirectory, organizationExists: (id: string) => boolean, input: SmartAccountInput) {
    const created = createSmartAccount(input);
    if (!organizationExists(created.smartAccount.organizationId)) {
      throw new DirectoryError(
        `No organization "${created.smartAccount.organizationId}"; add it first with \`org add\`.`,
      );
    }
    if (current.smartAccount(created.smartAccount.id))
      throw new DirectoryError(`Smart Account "${created.smartAccount.id}" exists already.`);
    return created;
  },
  virtualAccount(current: CurrentDirectory, input: VirtualAccountInput): VirtualAccount {
    const va = createVirtualAccount({ ...input, isDefault: false });
    if (!current.smartAccount(va.smartAccountId)) throw new DirectoryError(`No Smart Account "${va.smartAccountId}".`);
    return va;
  },
  member(organizationExists: (id: string) => boolean, input: Member): Member {
    const member = memberSchema.parse(input);
    if (!organizationExists(member.organizationId))
      throw new DirectoryError(`No organization "${member.organizationId}".`);
    return member;
  },
  grant(current: CurrentDirectory, input: RoleGrantInput): RoleGrant {
    const draft = roleGrantSchema.parse(input);
    const member = current.member(draft.memberId);
    const smartAccount = current.smartAccount(draft.smartAccountId);
    if (!member) throw new DirectoryError(`No member "${draft.memberId}".`);
    if (!smartAccount) throw new DirectoryError(`No Smart Account "${draft.smartAccountId}".`);
    const virtualAccount = draft.virtualAccountId
      ? (current.virtualAccounts(smartAccount.id).find((va) => va.id === draft.virtualAccountId) ?? null)
      : null;
    return grantRole(draft, { member, smartAccount, virtualAccount });
  },
  revoke(current: CurrentDirectory, grantId: string): RoleGrant {
    const grant = current.grants().find((g) => g.id === grantId);
    if (!grant) throw new DirectoryError(`No role grant "${grantId}". List them with \`role list\`.`);
    return grant;
  },
  removeMember(current: CurrentDirectory, memberId: string): Member {
    const member = current.member(memberId);
    if (!member) throw new DirectoryError(`No member "${memberId}".`);
    return member;
  },
};

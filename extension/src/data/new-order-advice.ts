import type { HoldfastSnapshot, SmartAccount } from '@holdfast/core';

const normalise = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

type Directory = Pick<HoldfastSnapshot, 'smartAccounts' | 'organizations'>;

/** Finds the customer's own Smart Account for an order being placed (see {@link indexCustomerAccounts}). */
export interface CustomerAccountIndex {
  find(customerName: string): SmartAccount | null;
}

/**
 * The customer's own Smart Account for an order being placed (not stored yet): the page names the
 * end customer, matched by name against the customer and Limited Use accounts Holdfast knows, or
 * against the organisation that owns one; a name that is an e-mail domain matches the account's
 * domain. `find` gives null when no account, or more than one, matches: advice must never guess.
 * Built once from the directory, so that each check of the portal form is a few map lookups.
 */
export function indexCustomerAccounts(directory: Directory): CustomerAccountIndex {
  const byKey = new Map<string, SmartAccount[]>();
  const add = (key: string, account: SmartAccount) => {
    if (key === '') return;
    const list = byKey.get(key);
    if (!list) byKey.set(key, [account]);
    else if (!list.includes(account)) list.push(account);
  };
  const orgName = new Map(directory.organizations.map((o) => [o.id, normalise(o.name)]));
  for (const account of directory.smartAccounts) {
    if (account.kind === 'partner-holding' || account.status !== 'active') continue;
    add(`name:${normalise(account.name)}`, account);
    add(`name:${orgName.get(account.organizationId) ?? ''}`, account);
    if (account.emailDomain) add(`domain:${account.emailDomain}`, account);
  }
  return {
    find(customerName) {
      const wanted = normalise(customerName);
      if (wanted === '') return null;
      const matches = new Set([
        ...(byKey.get(`name:${wanted}`) ?? []),
        ...(byKey.get(`domain:${customerName.trim().toLowerCase()}`) ?? []),
      ]);
      return matches.size === 1 ? [...matches][0]! : null;
    },
  };
}

/** {@link indexCustomerAccounts} for one lookup. */
export const customerAccountFor = (directory: Directory, customerName: string): SmartAccount | null =>
  indexCustomerAccounts(directory).find(customerName);

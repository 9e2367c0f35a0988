import type { HoldfastSnapshot, SmartAccount } from '@holdfast/core';

const normalise = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * The customer's own Smart Account for an order being placed (not stored yet): the page names the
 * end customer, matched by name against the customer and Limited Use accounts Holdfast knows, or
 * against the organisation that owns one; a name that is an e-mail domain matches the account's
 * domain. Null when no account, or more than one, matches: advice must never guess.
 */
export function customerAccountFor(
  directory: Pick<HoldfastSnapshot, 'smartAccounts' | 'organizations'>,
  customerName: string,
): SmartAccount | null {
  const wanted = normalise(customerName);
  if (wanted === '') return null;
  const orgName = new Map(directory.organizations.map((o) => [o.id, normalise(o.name)]));
  const domain = customerName.trim().toLowerCase();
  const matches = directory.smartAccounts.filter(
    (sa) =>
      sa.kind !== 'partner-holding' &&
      sa.status === 'active' &&
      (normalise(sa.name) === wanted || orgName.get(sa.organizationId) === wanted || sa.emailDomain === domain),
  );
  return matches.length === 1 ? matches[0]! : null;
}

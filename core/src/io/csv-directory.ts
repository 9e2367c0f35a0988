import { createSmartAccount, isCustomerOwned } from '../domain/smart-account.ts';
import { organizationSchema, type Organization } from '../domain/organization.ts';
import type { SmartAccount, SmartAccountKind } from '../domain/smart-account.ts';
import { createVirtualAccount, type VirtualAccount } from '../domain/virtual-account.ts';
import type { Assignment } from '../domain/order-event.ts';
import type { CsvLine } from './csv-cells.ts';
import { defaultVirtualAccountIdOf, organizationIdOf, smartAccountIdOf, virtualAccountIdOf } from './import-error.ts';

/** Accounts and organisations already known, so names in a file resolve to their ids. */
export interface KnownDirectory {
  organizations: readonly Organization[];
  smartAccounts: readonly SmartAccount[];
  virtualAccounts: readonly VirtualAccount[];
}

export interface ImpliedDirectory {
  organizations: Organization[];
  smartAccounts: SmartAccount[];
  virtualAccounts: VirtualAccount[];
}

type Fail = (column: keyof CsvLine, message: string) => void;

/**
 * Resolves the names on CSV lines to Smart Accounts, Virtual Accounts and organisations: known
 * ones by name (ignoring case), new ones created with ids derived from their names. Every new
 * Smart Account gets its Default Virtual Account, and a line with no Virtual Account lands there.
 */
export function createDirectoryResolver(known: KnownDirectory, createdAt: string) {
  const byName = <T extends { name: string }>(rows: readonly T[]) =>
    new Map(rows.map((r) => [r.name.toLowerCase(), r]));
  const organizations = byName(known.organizations);
  const accounts = byName(known.smartAccounts);
  const vas = new Map(known.virtualAccounts.map((va) => [`${va.smartAccountId}|${va.name.toLowerCase()}`, va]));
  const defaults = new Map(known.virtualAccounts.filter((va) => va.isDefault).map((va) => [va.smartAccountId, va]));
  const implied: ImpliedDirectory = { organizations: [], smartAccounts: [], virtualAccounts: [] };

  function organization(name: string, kind: Organization['kind'], emailDomain: string): Organization {
    const found = organizations.get(name.toLowerCase());
    if (found) return found;
    const created = organizationSchema.parse({ id: organizationIdOf(name), name, kind, emailDomain });
    organizations.set(name.toLowerCase(), created);
    implied.organizations.push(created);
    return created;
  }

  /** A party of the chain: a known organisation by name, a new one when its domain is given, else a name only. */
  function party(
    name: string | null,
    kind: Organization['kind'],
    domain: string | null,
  ): { name: string; organizationId: string | null } | null {
    if (!name) return null;
    const found = organizations.get(name.toLowerCase());
    if (found) return { name, organizationId: found.id };
    if (!domain) return { name, organizationId: null };
    return { name, organizationId: organization(name, kind, domain).id };
  }

  function smartAccount(line: CsvLine, name: string, fail: Fail): SmartAccount | null {
    const found = accounts.get(name.toLowerCase());
    if (found) {
      if (line.smartAccountType && line.smartAccountType !== found.kind)
        fail('smartAccountType', `Smart Account "${name}" is a ${found.kind} account, not ${line.smartAccountType}`);
      return found;
    }
    const kind: SmartAccountKind | null = line.smartAccountType;
    if (!kind) {
      fail(
        'smartAccountType',
        `Smart Account "${name}" is new: say whether it is customer, partner-holding or limited-use`,
      );
      return null;
    }
    let owner: Organization;
    let emailDomain: string;
    if (kind === 'partner-holding') {
      const domain = line.smartAccountDomain ?? line.resellerDomain;
      if (!line.reseller || !domain) {
        fail(
          line.reseller ? 'resellerDomain' : 'reseller',
          `a Partner Holding Smart Account belongs to the reseller: fill Reseller and Reseller Domain (or Smart Account Domain)`,
        );
        return null;
      }
      owner = organization(line.reseller, 'partner', line.resellerDomain ?? domain);
      emailDomain = domain;
    } else {
      const domain = line.smartAccountDomain ?? line.endCustomerDomain;
      if (!domain) {
        fail(
          'endCustomerDomain',
          `Smart Account "${name}" is new: fill End Customer Domain (or Smart Account Domain) so it can be recorded`,
        );
        return null;
      }
      owner = organization(line.endCustomerName, 'customer', line.endCustomerDomain ?? domain);
      emailDomain = domain;
    }
    const { smartAccount: created, defaultVirtualAccount } = createSmartAccount({
      id: smartAccountIdOf(name),
      name,
      kind,
      organizationId: owner.id,
      emailDomain,
      status: line.smartAccountStatus ?? 'active',
      createdAt,
    });
    accounts.set(name.toLowerCase(), created);
    defaults.set(created.id, defaultVirtualAccount);
    implied.smartAccounts.push(created);
    implied.virtualAccounts.push(defaultVirtualAccount);
    return created;
  }

  function virtualAccount(account: SmartAccount, name: string | null): VirtualAccount {
    const fallback = defaults.get(account.id);
    if (name === null || (fallback && fallback.name.toLowerCase() === name.toLowerCase()) || /^default$/i.test(name)) {
      if (fallback) return fallback;
    }
    const key = `${account.id}|${(name ?? 'DEFAULT').toLowerCase()}`;
    const found = vas.get(key);
    if (found) return found;
    const created = createVirtualAccount({
      id: name === null ? defaultVirtualAccountIdOf(account.id) : virtualAccountIdOf(account.id, name),
      smartAccountId: account.id,
      name: name ?? 'DEFAULT',
      isDefault: name === null,
      createdAt,
    });
    vas.set(key, created);
    implied.virtualAccounts.push(created);
    return created;
  }

  return {
    implied,
    /** The line's assignment, null when it names no Smart Account (the order is on hold). */
    assignment(line: CsvLine, fail: Fail): { assignment: Assignment | null; pending: boolean } | null {
      if (line.smartAccount === null) {
        if (line.virtualAccount !== null)
          fail(
            'virtualAccount',
            'a Virtual Account needs its Smart Account: fill Smart Account, or leave both empty for an order on Smart Account hold',
          );
        return { assignment: null, pending: false };
      }
      const account = smartAccount(line, line.smartAccount, fail);
      if (!account) return null;
      const va = virtualAccount(account, line.virtualAccount);
      return {
        assignment: { smartAccountId: account.id, virtualAccountId: va.id, kind: account.kind },
        pending: account.status === 'pending',
      };
    },
    /**
     * The customer's own Smart Account when the line names it (End Customer Smart Account), so the
     * order keeps it while it sits in holding; null when the line names none.
     */
    customerAccount(line: CsvLine, fail: Fail): string | null {
      const name = line.endCustomerSmartAccount;
      if (name === null) return null;
      const found = accounts.get(name.toLowerCase());
      if (found && !isCustomerOwned(found)) {
        fail('endCustomerSmartAccount', `"${name}" is a ${found.kind} account, not a customer's Smart Account`);
        return null;
      }
      if (found) return found.id;
      const created = smartAccount(
        { ...line, smartAccountType: 'customer', smartAccountDomain: null, smartAccountStatus: null },
        name,
        fail,
      );
      return created?.id ?? null;
    },
    reseller(line: CsvLine): { name: string; organizationId: string | null } | null {
      return party(line.reseller, 'partner', line.resellerDomain);
    },
    /** The distributor: a known organisation by name, or a new one when the line gives its domain. */
    distributor(line: CsvLine): { name: string; organizationId: string | null } | null {
      return party(line.distributor, 'distributor', line.distributorDomain);
    },
  };
}

import { citationText, ruleById } from '@holdfast/core';
import type { HoldfastStore } from '@holdfast/core/store';
import { indexCustomerAccounts, type CustomerAccountIndex } from './new-order-advice.ts';

/** What the content script is told when a chosen Smart Account is a Partner Holding Account. */
export interface PortalAdvice {
  salesOrderNumber: string;
  holdingAccountName: string;
  customerAccountName: string;
  /** The seed sentence the advice comes from (rule `customer-account-known`). */
  citation: string;
  /** The order is not stored: it is being placed, and may be tracked from the page. */
  newOrder: boolean;
}

/**
 * Advice on the order a portal page shows, for the member chosen: null unless the member may see
 * the order, the Smart Account chosen on the page is a Partner Holding Account, and the customer's
 * own Smart Account is known. The content script asks on every change of the form, so this reads
 * the one order and the Smart Accounts it names — never an export of the whole store. An order being
 * placed is not stored yet: then the customer the form names is matched against the account
 * directory (accounts and organisations, no orders) — the moment a rep can still choose it —
 * through `customers`, an index the caller keeps between checks (else the tables are read once).
 */
export async function readPortalAdvice(
  store: Pick<HoldfastStore, 'getOrder' | 'db'>,
  memberId: string,
  salesOrderNumber: string,
  chosen: { value: string; label: string },
  customerName?: string,
  customers?: () => Promise<CustomerAccountIndex>,
): Promise<PortalAdvice | null> {
  const row = await store.getOrder(memberId, salesOrderNumber);
  const { smartAccounts, organizations } = store.db;
  let customerId = row?.order.endCustomer.smartAccountId;
  // A stored order the member may not see gives no advice, and is not "new" either.
  if (!row && customerName && !(await store.db.orders.get(salesOrderNumber))) {
    const index = customers
      ? await customers()
      : await Promise.all([smartAccounts.toArray(), organizations.toArray()]).then(([accounts, orgs]) =>
          indexCustomerAccounts({ smartAccounts: accounts, organizations: orgs }),
        );
    customerId = index.find(customerName)?.id;
  }
  if (!customerId) return null;
  const [byId, customer] = await smartAccounts.bulkGet([chosen.value, customerId]);
  // The portal's option values are its own ids; Holdfast knows the account by name then.
  const account = byId ?? (await smartAccounts.filter((sa) => sa.name === chosen.label).first());
  if (!account || account.kind !== 'partner-holding' || !customer) return null;
  const rule = ruleById('customer-account-known')!;
  return {
    salesOrderNumber,
    holdingAccountName: account.name,
    customerAccountName: customer.name,
    citation: citationText(rule.citation),
    newOrder: !row,
  };
}

import type { HoldfastStore } from '@holdfast/core/store';
import { indexCustomerAccounts, type CustomerAccountIndex } from './new-order-advice.ts';

/**
 * The customer account index of a store, built on first use and kept until the accounts or
 * organisations change (in any context: the store hears the extension pages' writes too): the
 * portal form is checked on every change, and reading both tables each time would grow with the
 * directory. Lives as long as the store it reads (the background's).
 */
export function createCustomerAccountCache(store: Pick<HoldfastStore, 'db' | 'onChange'>): {
  index(): Promise<CustomerAccountIndex>;
  close(): void;
} {
  let built: Promise<CustomerAccountIndex> | null = null;
  const stop = store.onChange(() => (built = null), ['smartAccounts', 'organizations']);
  return {
    index() {
      const current = (built ??= Promise.all([store.db.smartAccounts.toArray(), store.db.organizations.toArray()]).then(
        ([smartAccounts, organizations]) => indexCustomerAccounts({ smartAccounts, organizations }),
      ));
      // A failed read is not kept: the next check tries again.
      current.catch(() => {
        if (built === current) built = null;
      });
      return current;
    },
    close: stop,
  };
}

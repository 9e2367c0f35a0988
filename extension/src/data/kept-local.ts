import { keptLocalOrders, type HoldfastStore, type KeptLocalPlace } from '@holdfast/core/store';

/**
 * The orders team sync did not share, by place and why, for the options page: rows bound to no
 * document (see core's `keptLocalOrders`). Read-only.
 */
export const keptLocalReader =
  (store: Pick<HoldfastStore, 'db'>) =>
  (memberId: string): Promise<KeptLocalPlace[]> =>
    keptLocalOrders(store.db, memberId);

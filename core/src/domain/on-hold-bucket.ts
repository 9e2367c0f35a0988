/** Prefix of the `virtualAccountId` of an order on Smart Account hold: it sits in no Virtual Account yet. */
export const UNASSIGNED = '~on-hold';

/**
 * The bucket of an order on Smart Account hold: one per organisation in its chain (the reseller,
 * else the distributor), so only that organisation's holding-account team sees it.
 */
export const onHoldBucket = (organizationId: string | null | undefined): string =>
  `${UNASSIGNED}:${organizationId ?? 'unknown'}`;
export const isOnHoldBucket = (virtualAccountId: string): boolean => virtualAccountId.startsWith(`${UNASSIGNED}:`);

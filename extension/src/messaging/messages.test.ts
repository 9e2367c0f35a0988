import { describe, expect, it } from 'vitest';
import { PORTAL_LIMITS, portalCheckRequestSchema } from './messages.ts';

const check = (salesOrderNumber: string, value = 'sa-1', label = 'Holding') => ({
  type: 'holdfast/portal-check',
  salesOrderNumber,
  smartAccount: { value, label },
});

describe('a portal check request', () => {
  it('carries strings no longer than an order number and an account need', () => {
    expect(portalCheckRequestSchema.safeParse(check('104000074')).success).toBe(true);
    const long = (n: number) => 'x'.repeat(n + 1);
    for (const request of [
      check(long(PORTAL_LIMITS.salesOrderNumber)),
      check('104000074', long(PORTAL_LIMITS.smartAccountValue)),
      check('104000074', 'sa-1', long(PORTAL_LIMITS.smartAccountLabel)),
      check(''),
    ])
      expect(portalCheckRequestSchema.safeParse(request).success).toBe(false);
  });
});

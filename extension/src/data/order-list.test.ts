import type { Finding } from '@holdfast/core';
import { describe, expect, it } from 'vitest';
import { activeFilterCount, matchesFilters, NO_FILTERS, sortedOrderList, type OrderItem } from './order-list.ts';

const overdue: Finding = {
  ruleId: 'holding-too-long',
  severity: 'critical',
  subject: { kind: 'order', salesOrderNumber: 'x' },
  message: 'm',
  suggestedAction: 'a',
  overdue: true,
};
const item = (salesOrderNumber: string, customerName: string, since: string, findings: Finding[] = []): OrderItem => ({
  salesOrderNumber,
  customerName,
  status: 'in-holding',
  virtualAccountId: 'va',
  virtualAccountName: 'Acme Holding / Default',
  ageDays: 0,
  since,
  distributor: null,
  reseller: null,
  findings,
  searchText: `${salesOrderNumber} ${customerName}`.toLowerCase(),
});
const items = [
  item('1', 'Zeta', '2026-10-01T00:00:00Z'),
  item('2', 'Alpha', '2026-11-01T00:00:00Z', [overdue]),
  item('3', 'Mid', '2026-09-01T00:00:00Z'),
];
const order = (sort: Parameters<typeof sortedOrderList>[2]) =>
  sortedOrderList(items, NO_FILTERS, sort).map((e) => (e.kind === 'order' ? e.item.salesOrderNumber : e.title));

describe('sorting the side panel list', () => {
  it('sorts by age, by customer, or by overdue first, in one flat list', () => {
    expect(order('age')).toEqual(['3', '1', '2']);
    expect(order('customer')).toEqual(['2', '3', '1']);
    expect(order('overdue')).toEqual(['2', '3', '1']);
  });

  it('keeps the grouped list, needs action first, as the default', () => {
    expect(order('needs-action')).toEqual(['Needs action', '2', 'Acme Holding / Default', '3', '1']);
  });

  it('counts the filters that are set, so the panel can say so and offer to clear them', () => {
    expect(activeFilterCount(NO_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...NO_FILTERS, text: 'x', minAgeDays: 30 })).toBe(2);
  });
});

describe('the search box', () => {
  it("matches every word typed in the order's numbers or its customer, whatever the case", () => {
    const found = {
      ...item('104000000', 'Harbor Solutions', '2026-10-01T00:00:00Z'),
      searchText: '104000000 wo093000000 po-2026-01000 harbor solutions',
    };
    const matches = (text: string) => matchesFilters(found, { ...NO_FILTERS, text });
    expect(['104000', 'WO093', 'po-2026', 'harbor SOL', 'solutions 1040'].map(matches)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['harbor acme', '0wo', '999'].map(matches)).toEqual([false, false, false]);
  });
});

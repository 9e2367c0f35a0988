import { describe, expect, it } from 'vitest';
import { orderState } from '../domain/lifecycle.ts';
import { evaluateRules } from '../rules/evaluate-rules.ts';
import { RULES } from '../rules/catalogue.ts';
import { generateSample } from './generate-sample.ts';

describe('the sample data set', () => {
  const sample = generateSample();

  it('is the same for the same seed and differs for another', () => {
    expect(generateSample()).toEqual(sample);
    expect(generateSample({ seed: 7 }).orders).not.toEqual(sample.orders);
  });

  it('holds at least 200 orders across several Smart Accounts, Virtual Accounts, distributors and resellers', () => {
    expect(sample.orders.length).toBeGreaterThanOrEqual(200);
    expect(new Set(sample.orders.map((o) => o.distributor?.name).filter(Boolean)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(sample.orders.map((o) => o.reseller?.name)).size).toBeGreaterThanOrEqual(4);
    const holders = sample.orders.map((o) => orderState(o).holder).filter((h) => h !== null);
    expect(new Set(holders.map((h) => h.smartAccountId)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(holders.map((h) => h.virtualAccountId)).size).toBeGreaterThanOrEqual(15);
  });

  it('covers every lifecycle stage with a spread of ages', () => {
    const statuses = new Set(sample.orders.map((o) => orderState(o).status));
    expect(statuses).toEqual(new Set(['on-hold', 'in-holding', 'reassignment-in-progress', 'delivered', 'consuming']));
    const ages = sample.orders.map((o) => Date.parse(sample.exportedAt) - Date.parse(o.createdAt));
    expect(Math.max(...ages) - Math.min(...ages)).toBeGreaterThan(100 * 86_400_000);
  });

  it('folds every history without rejected events', () => {
    for (const order of sample.orders) expect(orderState(order).rejected).toEqual([]);
  });

  it('shows most kinds of finding', () => {
    const fired = new Set(evaluateRules(sample, new Date(sample.exportedAt)).map((f) => f.ruleId));
    // The sample parks no order in a distributor's own holding account (its distributors hand orders
    // to their resellers' at once), so distributor-hand-off is not among them: rules.test.ts covers it.
    expect(fired.has('distributor-hand-off')).toBe(false);
    expect(fired.size).toBeGreaterThanOrEqual(RULES.length - 4);
  });
});

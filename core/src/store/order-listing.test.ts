import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../domain/common.ts';
import { RULES } from '../rules/catalogue.ts';
import { evaluateRules } from '../rules/evaluate-rules.ts';
import { daysAfter, T0 } from '../testing/builders.ts';
import {
  decodeListedFinding,
  encodeListedFinding,
  fingerprint,
  LISTING_REVISION,
  nextDayBoundary,
  orderListingSchema,
  type OrderListing,
} from './order-listing.ts';
import type { HoldfastStore } from './holdfast-store.ts';
import { MEMBERS, NOW, storeWith, worldOrder } from './test-world.ts';

const world = () =>
  storeWith([
    worldOrder('SO-E1', 'east', 5),
    worldOrder('SO-E2', 'east', 95),
    worldOrder('SO-W1', 'west', 3),
    worldOrder('SO-H1', 'hold', 2),
    worldOrder('SO-C1', 'customer', 4),
  ]);

/** What the rules say of each order when run over everything the store holds at `now`. */
async function expectedFindings(store: HoldfastStore, now: Date) {
  const byOrder = new Map<string, string[]>();
  for (const f of evaluateRules(await store.exportSnapshot(now), now)) {
    if (f.subject.kind !== 'order') continue;
    byOrder.set(f.subject.salesOrderNumber, [
      ...(byOrder.get(f.subject.salesOrderNumber) ?? []),
      `${f.ruleId}/${f.severity}/${f.overdue}`,
    ]);
  }
  return byOrder;
}
const said = (listings: OrderListing[]) =>
  new Map(
    listings.map((l) => [
      l.salesOrderNumber,
      l.findings.map(decodeListedFinding).map((f) => `${f.ruleId}/${f.severity}/${f.overdue}`),
    ]),
  );

describe('order listings', () => {
  it('say what the rules say of each visible order, and are kept for the next read', async () => {
    const store = await world();
    const listings = await store.listOrders(MEMBERS.holdingUser.id, NOW);
    expect(listings.map((l) => l.salesOrderNumber).sort()).toEqual(['SO-E1', 'SO-E2', 'SO-H1', 'SO-W1']);
    const expected = await expectedFindings(store, NOW);
    for (const [number, findings] of said(listings)) expect(findings).toEqual(expected.get(number) ?? []);
    expect(said(listings).get('SO-E1')).toContain('holding-too-long/warning/true');
    expect(await store.db.listings.count()).toBe(4);
    expect(await store.listOrders(MEMBERS.holdingUser.id, NOW)).toEqual(listings);
  });

  it("are dropped in the transaction that writes their order's row, and derived again from the new row", async () => {
    const store = await world();
    await store.listOrders(MEMBERS.holdingUser.id, NOW);
    await store.recordOrderEvent(MEMBERS.admin.id, 'SO-E1', {
      id: 'SO-E1:review',
      type: 'reviewed',
      at: NOW.toISOString(),
      by: MEMBERS.admin.id,
    });
    expect(await store.db.listings.get('SO-E1')).toBeUndefined();
    expect(await store.db.listings.get('SO-W1')).toBeDefined();
    const after = said(await store.listOrders(MEMBERS.holdingUser.id, NOW));
    expect(after.get('SO-E1')).toEqual((await expectedFindings(store, NOW)).get('SO-E1'));
    expect(after.get('SO-E1')).not.toContain('holding-review-overdue/warning/false');
  });

  it("follow the team's thresholds and the passing days without any write to the orders", async () => {
    const store = await world();
    const before = said(await store.listOrders(MEMBERS.holdingUser.id, NOW));
    expect(before.get('SO-E2')).not.toContain('holding-too-long/warning/true');
    await store.updateSettings({ holdingThresholdDays: 2 });
    const stricter = said(await store.listOrders(MEMBERS.holdingUser.id, NOW));
    expect(stricter.get('SO-E2')).toContain('holding-too-long/warning/true');
    await store.updateSettings({ holdingThresholdDays: 30 });
    const later = new Date(NOW.getTime() + 40 * DAY_MS);
    const aged = said(await store.listOrders(MEMBERS.holdingUser.id, later));
    expect(aged.get('SO-E2')).toContain('holding-too-long/warning/true');
    for (const [number, findings] of aged)
      expect(findings).toEqual((await expectedFindings(store, later)).get(number) ?? []);
  });

  it('stay what the rules say until they are due again', async () => {
    const store = await world();
    for (const listing of await store.listOrders(MEMBERS.holdingUser.id, NOW)) {
      const lastMoment = new Date(listing.validUntil - 1);
      expect(said([listing]).get(listing.salesOrderNumber)).toEqual(
        (await expectedFindings(store, lastMoment)).get(listing.salesOrderNumber) ?? [],
      );
    }
  });

  it('carry only what a list row shows and filters on: no history, no Smart Account, no finding texts', async () => {
    const store = await world();
    const listings = await store.listOrders(MEMBERS.holdingUser.id, NOW);
    for (const listing of listings) {
      expect(Object.keys(listing).sort()).toEqual([
        'basis',
        'customerName',
        'distributor',
        'findings',
        'reseller',
        'salesOrderNumber',
        'searchText',
        'since',
        'status',
        'validUntil',
        'virtualAccountId',
      ]);
      expect(orderListingSchema.strict().parse(listing)).toEqual(listing);
    }
    const e1 = listings.find((l) => l.salesOrderNumber === 'SO-E1')!;
    const row = (await store.db.orders.get('SO-E1'))!;
    expect(e1.searchText).toBe(
      [row.order.salesOrderNumber, row.order.webOrderId, row.order.poNumber, row.order.endCustomer.name]
        .join(' ')
        .toLowerCase(),
    );
    expect(e1.findings).toContain('holding-too-long warning overdue');
  });

  it('keep each finding as one short string that reads back the same', () => {
    for (const finding of [
      { ruleId: 'holding-too-long', severity: 'critical', overdue: true },
      { ruleId: 'subscription-not-started', severity: 'info', overdue: false },
    ] as const)
      expect(decodeListedFinding(encodeListedFinding(finding))).toEqual(finding);
    // Rule ids never hold the space the encoding splits on.
    for (const rule of RULES) expect(rule.id).not.toMatch(/\s/);
  });

  it('kept under an earlier revision are derived again from the rows, every order kept', async () => {
    const store = await world();
    const fresh = await store.listOrders(MEMBERS.holdingUser.id, NOW);
    // What revision 3 kept: the fields in full, objects for findings, another basis.
    const rows = await store.db.orders.toArray();
    await store.db.listings.clear();
    await store.db.listings.bulkPut(
      rows.map(
        (row) =>
          ({
            salesOrderNumber: row.salesOrderNumber,
            status: row.status,
            smartAccountId: row.smartAccountId,
            virtualAccountId: row.virtualAccountId,
            since: row.since,
            customerName: row.order.endCustomer.name,
            distributor: null,
            reseller: 'Reseller',
            searchKeys: row.searchKeys,
            findings: [{ ruleId: 'holding-too-long', severity: 'warning', overdue: true }],
            basis: '3.old.basis',
            validUntil: new Date(NOW.getTime() + DAY_MS).toISOString(),
          }) as unknown as OrderListing,
      ),
    );
    const rebuilt = await store.listOrders(MEMBERS.holdingUser.id, NOW);
    expect(rebuilt).toEqual(fresh);
    expect((await store.db.orders.toArray()).map((row) => row.order)).toEqual(rows.map((row) => row.order));
    for (const number of ['SO-E1', 'SO-E2', 'SO-W1', 'SO-H1'])
      expect(orderListingSchema.strict().parse(await store.db.listings.get(number))).toBeDefined();
  });

  it('are due again at the next whole day counted from any of their dates', () => {
    const now = new Date(daysAfter(T0, 10));
    const anchor = new Date(Date.parse(daysAfter(T0, 3)) + 5 * 3600_000).toISOString();
    expect(nextDayBoundary([daysAfter(T0, 3), anchor], now).toISOString()).toBe(
      new Date(Date.parse(anchor) + 7 * DAY_MS).toISOString(),
    );
    expect(nextDayBoundary([], now).getTime()).toBe(now.getTime() + DAY_MS);
  });
});

describe('the listings revision', () => {
  it('follows the rules: a change to what they find must bump LISTING_REVISION, or kept listings would say the old', () => {
    // What the rules find rests on the rules and on the lifecycle fold they read: every rules file,
    // and the lifecycle, which is domain/lifecycle.ts and its lifecycle-*.ts siblings.
    const sourcesIn = (folder: string, wanted: (name: string) => boolean) => {
      const dir = fileURLToPath(new URL(folder, import.meta.url));
      return readdirSync(dir)
        .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && wanted(name))
        .sort()
        .map((name) => readFileSync(join(dir, name), 'utf8'));
    };
    const sources = [
      ...sourcesIn('../rules/', () => true),
      ...sourcesIn('../domain/', (name) => name === 'lifecycle.ts' || name.startsWith('lifecycle-')),
    ];
    // On failure: bump LISTING_REVISION in order-listing.ts if what a rule finds changed, then
    // write both values below (a change that finds the same may keep the revision).
    expect({ revision: LISTING_REVISION, rules: fingerprint(sources.join('\n')) }).toEqual({
      revision: 4,
      rules: 's8q6hq',
    });
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { orderState } from '../domain/lifecycle.ts';
import { parseCcwOrderJson } from './parse-ccw-order-json.ts';
import { readOrdersFile } from './read-orders-file.ts';

const NOW = new Date('2026-03-01T00:00:00.000Z');
const fixture = readFileSync(new URL('../../fixtures/ccw-order-api-response.json', import.meta.url), 'utf8');

describe('CCW order API responses', () => {
  it('reads ShowPurchaseOrder responses directly: references, parties, status, dotted lines', () => {
    const result = readOrdersFile(fixture, { fileName: 'orders.json', now: NOW });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [first, second] = result.value.orders;
    expect(first).toMatchObject({
      salesOrderNumber: '110000001',
      webOrderId: 'WO-EXAMPLE-91001',
      poNumber: 'PO-EXAMPLE-7001',
      createdAt: '2026-01-15T10:00:00.000Z',
      endCustomer: { name: 'Globex Example Corp', emailDomain: null, smartAccountId: null },
      reseller: { name: 'Example Reseller Inc' },
    });
    expect(first!.lines.map((l) => [l.lineId, l.sku, l.quantity])).toEqual([
      ['1.0', 'C9300-DNA-E-24-3Y', 10],
      ['1.1', 'C9300-DNA-E-24-3Y-SUPPORT', 10],
      ['2.0', 'FPR1010-TMC-1Y', 1],
    ]);
    expect(orderState(first!).lines).toEqual({ 1: 'booked', 2: 'booked', 3: 'booked' });
    expect(orderState(second!).lines).toEqual({ 1: 'shipped' });
    const placed = first!.history[0]!;
    expect(placed).toMatchObject({ type: 'placed', assignment: null, assignmentUnknown: true });
  });

  it('refuses the whole file when a field is wrong, naming the line and the field path', () => {
    const json = JSON.parse(fixture) as unknown[];
    const broken = JSON.parse(JSON.stringify(json)) as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- test data
    broken[1].ShowPurchaseOrder.value.DataArea.PurchaseOrder[0].PurchaseOrderLine[0].Item.Lot[0].Quantity.value = -2;
    const result = parseCcwOrderJson(broken, { now: NOW });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      {
        row: 4,
        column: '[1].ShowPurchaseOrder.value.DataArea.PurchaseOrder[0].PurchaseOrderLine[0].Item.Lot[0].Quantity.value',
        message: expect.stringContaining('is negative'),
      },
    ]);
  });

  it('says a JSON file that is neither Holdfast nor an order API response is wrong', () => {
    const result = readOrdersFile('{"format":"something-else"}', { fileName: 'x.json', now: NOW });
    expect(result.ok).toBe(false);
  });
});

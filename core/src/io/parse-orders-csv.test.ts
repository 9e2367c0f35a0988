import { describe, expect, it } from 'vitest';
import { orderState } from '../domain/lifecycle.ts';
import { ordersToCsv } from './orders-to-csv.ts';
import { parseOrdersCsv } from './parse-orders-csv.ts';
import { readOrdersFile } from './read-orders-file.ts';

const NOW = new Date('2026-03-01T00:00:00.000Z');
const HEADER =
  'Sales Order Number,Web Order ID,PO Number,Order Date,End Customer Name,End Customer Domain,Line Number,SKU,Quantity,Term (Months),Line Status,Smart Account,Smart Account Type,Virtual Account,Reseller,Reseller Domain,Last Reviewed';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

describe('parseOrdersCsv', () => {
  it('groups order lines by sales order number and synthesizes a history from the row', () => {
    const result = parseOrdersCsv(
      csv(
        'SO-1,WO-1,PO-1,2026-01-10,Acme Corp,acme.example.com,1,C9300-DNA-E-24-3Y,10,36,Booked,Reseller Holding,Partner Holding,East,Reseller Inc,reseller.example.com,2026-02-01',
        'SO-1,WO-1,PO-1,2026-01-10,Acme Corp,acme.example.com,2,FPR1010-TMC-1Y,1,,Open,Reseller Holding,Partner Holding,East,Reseller Inc,reseller.example.com,2026-02-01',
      ),
      { now: NOW },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [order] = result.value.orders;
    expect(order?.lines.map((l) => [l.lineNumber, l.termMonths])).toEqual([
      [1, 36],
      [2, null],
    ]);
    expect(order?.history.map((e) => e.id)).toEqual([
      'SO-1:import:placed',
      'SO-1:import:line-1:booked',
      'SO-1:import:reviewed:2026-02-01T00:00:00.000Z',
    ]);
    const state = orderState(order!);
    expect(state.status).toBe('in-holding');
    expect(state.holder).toEqual({
      smartAccountId: 'sa:reseller-holding',
      virtualAccountId: 'sa:reseller-holding/va:east',
      kind: 'partner-holding',
    });
    expect(state.lines).toEqual({ 1: 'booked', 2: 'open' });
    expect(state.lastReviewedAt).toBe('2026-02-01T00:00:00.000Z');
    expect(result.value.smartAccounts.map((a) => [a.id, a.organizationId])).toEqual([
      ['sa:reseller-holding', 'org:reseller-inc'],
    ]);
    expect(result.value.virtualAccounts.map((va) => [va.id, va.isDefault])).toEqual([
      ['sa:reseller-holding/default', true],
      ['sa:reseller-holding/va:east', false],
    ]);
  });

  it('puts an order with no Smart Account on Smart Account hold, and one with no Virtual Account in the Default Virtual Account', () => {
    const result = parseOrdersCsv(
      csv(
        'SO-1,WO-1,PO-1,2026-01-10,Acme Corp,acme.example.com,1,SKU-A,1,,,,,,,,',
        'SO-2,WO-2,PO-2,2026-01-11,Acme Corp,acme.example.com,1,SKU-A,1,,,Acme SA,Customer,,,,',
      ),
      { now: NOW },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [onHold, direct] = result.value.orders.map(orderState);
    expect(onHold?.status).toBe('on-hold');
    expect(direct?.status).toBe('delivered');
    expect(direct?.holder?.virtualAccountId).toBe('sa:acme-sa/default');
    expect(result.value.organizations.map((o) => [o.id, o.kind])).toEqual([['org:acme-corp', 'customer']]);
  });

  it('accepts common header variants in any order and case', () => {
    const text = [
      'so #,Customer PO,web order id,Ordered Date,Customer Name,customer_domain,LINE,Part Number,Qty',
      'SO-9,PO-9,WO-9,2026-01-02,Initech,initech.example.com,1,SKU-B,3',
    ].join('\r\n');
    const result = parseOrdersCsv(text, { now: NOW });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.orders[0]).toMatchObject({
      salesOrderNumber: 'SO-9',
      webOrderId: 'WO-9',
      poNumber: 'PO-9',
      lines: [{ sku: 'SKU-B', quantity: 3 }],
    });
  });

  it('names every missing required column with the headers it accepts', () => {
    const result = parseOrdersCsv('Sales Order Number,Quantity\nSO-1,1', { now: NOW });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.column)).toEqual([
      'Web Order ID',
      'PO Number',
      'Order Date',
      'End Customer Name',
      'Line Number',
      'SKU',
    ]);
    expect(result.errors[0]).toMatchObject({ row: 1, message: expect.stringContaining('Web Order, Web Order #') });
  });

  it('reports every bad cell with its row, its column as the file spells it, and what is allowed', () => {
    const result = parseOrdersCsv(
      csv(
        'SO-1,WO-1,PO-1,2026-01-10,Acme Corp,acme.example.com,1,SKU-A,1,,,,,,,,',
        'SO-2,WO-2,PO-2,yesterday,Acme Corp,acme.example.com,1,SKU-A,-4,,,,,,,,',
        'SO-3,WO-3,PO-3,2026-01-10,Acme Corp,acme.example.com,1,SKU-A,1,,Lost,New SA,,,,,',
        'SO-1,WO-X,PO-1,2026-01-10,Acme Corp,acme.example.com,1,SKU-A,1,,,,,,,,',
      ),
      { now: NOW },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'Order Date'],
      [3, 'Quantity'],
      [4, 'Line Status'],
      [5, 'Web Order ID'],
      [5, 'Line Number'],
    ]);
    expect(result.errors[2]?.message).toMatch(/use one of open, booked, shipped/);
    expect(result.errors[1]?.message).toBe('"-4" is negative; it must be at least 1 (the quantity)');
  });

  it('says a text file is not a spreadsheet export, in one plain sentence without parser terms', () => {
    const result = parseOrdersCsv('Meeting notes\nCall Bluth about their Smart Account', { now: NOW });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toMatch(/^This file is not a spreadsheet export/);
    expect(result.errors[0]!.message).not.toMatch(/delimit/i);
  });

  it('says a workbook must be saved as CSV first', () => {
    const result = parseOrdersCsv('PK\u0003\u0004binary', { now: NOW });
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([expect.stringMatching(/save it as CSV/)]);
  });

  it('asks for the type of a Smart Account it does not know', () => {
    const result = parseOrdersCsv(csv('SO-3,WO-3,PO-3,2026-01-10,Acme Corp,acme.example.com,1,SKU-A,1,,,New SA,,,,,'), {
      now: NOW,
    });
    expect(result.ok ? [] : result.errors).toEqual([
      {
        row: 2,
        column: 'Smart Account Type',
        message: expect.stringContaining('customer, partner-holding or limited-use'),
      },
    ]);
  });

  it('writes orders back to CSV that parses to the same orders', () => {
    const parsed = parseOrdersCsv(
      csv(
        'SO-1,WO-1,PO-1,2026-01-10,Acme Corp,acme.example.com,1,SKU-A,10,36,Shipped,Reseller Holding,Partner Holding,East,Reseller Inc,reseller.example.com,2026-02-01',
        'SO-2,WO-2,PO-2,2026-01-11,"Smith, Jones & Co",smith.example.com,1,SKU-B,1,,,,,,,,',
      ),
      { now: NOW },
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const text = ordersToCsv(parsed.value);
    const again = parseOrdersCsv(text, { now: NOW, known: parsed.value });
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(again.value.orders).toEqual(parsed.value.orders);
  });
});

describe('readOrdersFile', () => {
  it('reads CSV into a Holdfast snapshot whose references resolve', () => {
    const result = readOrdersFile(
      csv('SO-1,WO-1,PO-1,2026-01-10,Acme Corp,acme.example.com,1,SKU-A,1,,,Acme SA,Customer,,,,'),
      { fileName: 'export.csv', now: NOW },
    );
    expect(result.ok && result.value.orders.length).toBe(1);
  });

  it('sniffs JSON and reports problems with the path of the field', () => {
    const result = readOrdersFile('{"format":"holdfast/v1","exportedAt":"not a date"}', {
      fileName: 'backup.txt',
      now: NOW,
    });
    expect(result.ok ? [] : result.errors).toEqual([{ row: 0, column: 'exportedAt', message: expect.any(String) }]);
    expect(readOrdersFile('{oops', { fileName: 'x.json', now: NOW }).ok).toBe(false);
  });
});

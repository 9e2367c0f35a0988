import { describe, expect, it } from 'vitest';
import { orderState } from '../domain/lifecycle.ts';
import { parseOrdersCsv } from './parse-orders-csv.ts';

const NOW = new Date('2026-03-01T00:00:00.000Z');

describe('real value conventions', () => {
  const REAL_HEADER =
    'Sales Order Number,Web Order ID,PO Number,Order Date,End Customer Name,Line Number,SKU,Quantity,Term (Months),Line Status,Shipped Date,Smart Account,Smart Account Type,Reseller,Reseller Domain,End Customer Smart Account,Buying Program';
  const real = (...rows: string[]) => [REAL_HEADER, ...rows].join('\n');

  it('reads 15-Jan-2026 and ISO timestamps, dotted line ids, HOLDING, no e-mail domain, and a shipped date', () => {
    const result = parseOrdersCsv(
      real(
        'SO-7,WO-7,PO-7,15-Jan-2026,Globex,1.0,C9300-DNA-E-24-3Y,10,36,Shipped,2026-01-20T10:00:00Z,Reseller Holding,HOLDING,Reseller Inc,reseller.example.com,,',
        'SO-7,WO-7,PO-7,15-Jan-2026,Globex,1.1,C9300-DNA-E-24-3Y-ADDON,10,36,Awaiting Shipping,,Reseller Holding,HOLDING,Reseller Inc,reseller.example.com,,',
        'SO-7,WO-7,PO-7,15-Jan-2026,Globex,2.0,FPR1010-TMC-1Y,1,12,Cancelled,,Reseller Holding,HOLDING,Reseller Inc,reseller.example.com,,',
      ),
      { now: NOW },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [order] = result.value.orders;
    expect(order!.createdAt).toBe('2026-01-15T00:00:00.000Z');
    expect(order!.endCustomer.emailDomain).toBeNull();
    expect(order!.lines.map((l) => [l.lineNumber, l.lineId])).toEqual([
      [1, '1.0'],
      [2, '1.1'],
      [3, '2.0'],
    ]);
    const state = orderState(order!);
    expect(state.lines).toEqual({ 1: 'shipped', 2: 'booked', 3: 'cancelled' });
    expect(state.lineShippedAt).toEqual({ 1: '2026-01-20T10:00:00.000Z' });
    expect(state.holder?.kind).toBe('partner-holding');
  });

  it.each([
    ['Entered', 'open'],
    ['Hold', 'open'],
    ['Booked', 'booked'],
    ['Awaiting Shipping', 'booked'],
    ['Shipped', 'shipped'],
    ['Closed', 'shipped'],
    ['Cancelled', 'cancelled'],
  ])('reads the CCW line status %s as a line that is %s', (status, fulfilment) => {
    const result = parseOrdersCsv(
      real(
        `SO-7,WO-7,PO-7,15-Jan-2026,Globex,1.0,C9300-DNA-E-24-3Y,10,36,${status},,Reseller Holding,HOLDING,Reseller Inc,reseller.example.com,,`,
        'SO-7,WO-7,PO-7,15-Jan-2026,Globex,2.0,FPR1010-TMC-1Y,1,12,Entered,,Reseller Holding,HOLDING,Reseller Inc,reseller.example.com,,',
      ),
      { now: NOW },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(orderState(result.value.orders[0]!).lines).toEqual({ 1: fulfilment, 2: 'open' });
  });

  it("reads CUSTOMER as the API writes it: a line the file shows in the customer's account was reassigned there, the other stays in holding", () => {
    const result = parseOrdersCsv(
      [
        'Sales Order Number,Web Order ID,PO Number,Order Date,End Customer Name,End Customer Domain,Line Number,SKU,Quantity,Term (Months),Line Status,Smart Account,Smart Account Type,Reseller,Reseller Domain',
        'SO-11,WO-11,PO-11,01-Feb-2026,Vandelay,vandelay.example.com,1.0,C9200-DNA-E-24-3Y,4,36,Closed,Vandelay,CUSTOMER,Reseller Inc,reseller.example.com',
        'SO-11,WO-11,PO-11,01-Feb-2026,Vandelay,vandelay.example.com,2.0,C9200-DNA-E-24-3Y,4,36,Booked,Reseller Holding,HOLDING,Reseller Inc,reseller.example.com',
      ].join('\n'),
      { now: NOW },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.smartAccounts.map((a) => [a.name, a.kind])).toEqual([
      ['Vandelay', 'customer'],
      ['Reseller Holding', 'partner-holding'],
    ]);
    const order = result.value.orders[0]!;
    expect(order.endCustomer.smartAccountId).toBe('sa:vandelay');
    const state = orderState(order);
    expect(state.placements[1]).toMatchObject({ status: 'delivered', holder: { kind: 'customer' } });
    expect(state.placements[2]).toMatchObject({ status: 'in-holding', holder: { kind: 'partner-holding' } });
    expect(state).toMatchObject({ status: 'in-holding', partial: true });
  });

  it("keeps the customer's Smart Account the file names while the order sits in holding, and reads the buying program", () => {
    const result = parseOrdersCsv(
      real(
        'SO-8,WO-8,PO-8,2026-01-15,Initech,1,SKU-A,1,12,Entered,,Reseller Holding,HOLDING,Reseller Inc,reseller.example.com,Initech,',
        'SO-9,WO-9,PO-9,2026-01-15,Initech,1,SKU-A,1,12,Entered,,,,Reseller Inc,reseller.example.com,,EA',
      ),
      {
        now: NOW,
        known: {
          organizations: [],
          smartAccounts: [
            {
              id: 'sa-initech',
              name: 'Initech',
              kind: 'customer',
              organizationId: 'org-initech',
              emailDomain: 'initech.example.com',
              status: 'active',
              b2bDefaultForCiscoId: null,
              createdAt: '2025-01-01T00:00:00.000Z',
            },
          ],
          virtualAccounts: [],
        },
      },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [inHolding, ea] = result.value.orders;
    expect(orderState(inHolding!).status).toBe('in-holding');
    expect(inHolding!.endCustomer.smartAccountId).toBe('sa-initech');
    expect(ea!.buyingProgram).toBe('enterprise-agreement');
  });

  it('refuses a day that does not exist and a line 0, naming row and column', () => {
    const result = parseOrdersCsv(
      real(
        'SO-1,WO-1,PO-1,31-Feb-2026,Globex,0,SKU-A,1,,,,Reseller Holding,HOLDING,Reseller Inc,reseller.example.com,,',
      ),
      { now: NOW },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'Order Date'],
      [2, 'Line Number'],
    ]);
  });
});

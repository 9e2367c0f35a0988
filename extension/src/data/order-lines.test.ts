import { appendOrderEvent, orderSchema, orderState } from '@holdfast/core';
import { describe, expect, it } from 'vitest';
import { assignmentView, choosableLines, handOffView, lineViews, underwayViews } from './order-lines.ts';

const holding = { smartAccountId: 'hold', virtualAccountId: 'hold/default', kind: 'partner-holding' as const };
const customer = { smartAccountId: 'acme', virtualAccountId: 'acme/ops', kind: 'customer' as const };
const placeName = (sa: string, va: string) => `${sa} / ${va}`;

const held = orderSchema.parse({
  salesOrderNumber: 'SO-1',
  webOrderId: 'WO-1',
  poNumber: 'PO-1',
  endCustomer: { name: 'Acme' },
  lines: [
    { lineNumber: 1, lineId: '1.0', sku: 'A', quantity: 1, termMonths: 36 },
    { lineNumber: 2, lineId: '2.0', sku: 'B', quantity: 2 },
    { lineNumber: 3, lineId: '3.0', sku: 'C', quantity: 3 },
  ],
  history: [{ id: 'p', type: 'placed', at: '2026-01-01T00:00:00.000Z', by: 'import', assignment: holding }],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('the lines of an order as the detail shows them', () => {
  it('a line under way, a line delivered, a cancelled line: each with its place, the rest still choosable', () => {
    let order = appendOrderEvent(held, {
      id: 's1',
      type: 'reassignment-started',
      at: '2026-01-02T00:00:00.000Z',
      by: 'rep',
      target: customer,
      via: 'portal',
      lineNumbers: [1],
    });
    order = appendOrderEvent(order, {
      id: 'c3',
      type: 'line-fulfilment',
      at: '2026-01-03T00:00:00.000Z',
      by: 'import',
      lineNumber: 3,
      fulfilment: 'cancelled',
    });
    const state = orderState(order);
    expect(lineViews(order, state, placeName).map((l) => [l.label, l.fulfilment, l.statusLabel, l.place])).toEqual([
      ['1.0', 'Entered', 'Reassignment in progress', 'hold / hold/default'],
      ['2.0', 'Entered', 'In holding', 'hold / hold/default'],
      ['3.0', 'Cancelled', 'Needs nothing', 'hold / hold/default'],
    ]);
    expect(choosableLines(order, state)).toEqual([{ lineNumber: 2, label: '2.0' }]);
    expect(underwayViews(order, state, placeName)).toEqual([
      {
        stage: 'started',
        target: 'acme / acme/ops',
        via: 'portal',
        startedAt: '2026-01-02T00:00:00.000Z',
        by: 'rep',
        lines: [{ lineNumber: 1, label: '1.0' }],
      },
    ]);

    const delivered = appendOrderEvent(order, {
      id: 'd1',
      type: 'delivered',
      at: '2026-01-04T00:00:00.000Z',
      by: 'rep',
      lineNumbers: [1],
    });
    expect(lineViews(delivered, orderState(delivered), placeName)[0]).toMatchObject({
      statusLabel: 'Delivered to customer',
      place: 'acme / acme/ops',
    });
  });

  it('a whole-order reassignment names no lines, and an order with one line offers none to pick', () => {
    const started = appendOrderEvent(held, {
      id: 's',
      type: 'reassignment-started',
      at: '2026-01-02T00:00:00.000Z',
      by: 'rep',
      target: customer,
      via: 'portal',
    });
    expect(underwayViews(started, orderState(started), placeName)[0]?.lines).toBeUndefined();
    const single = orderSchema.parse({ ...held, lines: held.lines.slice(0, 1) });
    expect(choosableLines(single, orderState(single))).toBeUndefined();
  });
});

describe('handing an order on to the reseller', () => {
  const smartAccounts = [
    { id: 'disti-hold', kind: 'partner-holding', organizationId: 'disti' },
    { id: 'hold', kind: 'partner-holding', organizationId: 'reseller' },
    { id: 'acme', kind: 'customer', organizationId: 'acme' },
  ];
  const virtualAccounts = [
    { id: 'disti-hold/default', smartAccountId: 'disti-hold' },
    { id: 'hold/default', smartAccountId: 'hold' },
    { id: 'hold/east', smartAccountId: 'hold' },
    { id: 'acme/ops', smartAccountId: 'acme' },
  ];
  const directory = { smartAccounts, virtualAccounts } as unknown as Parameters<typeof handOffView>[2];
  const parked = orderSchema.parse({
    ...held,
    distributor: { name: 'Disti', organizationId: 'disti' },
    reseller: { name: 'Reseller', organizationId: 'reseller' },
    history: [
      {
        id: 'p',
        type: 'placed',
        at: '2026-01-01T00:00:00.000Z',
        by: 'import',
        assignment: { smartAccountId: 'disti-hold', virtualAccountId: 'disti-hold/default', kind: 'partner-holding' },
      },
    ],
  });

  it("offers the reseller's holding Virtual Accounts while the order sits in the distributor's, and nothing once handed on", () => {
    expect(handOffView(parked, orderState(parked), directory, placeName)).toEqual({
      distributor: 'Disti',
      reseller: 'Reseller',
      targets: [
        { virtualAccountId: 'hold/default', label: 'hold / hold/default' },
        { virtualAccountId: 'hold/east', label: 'hold / hold/east' },
      ],
    });
    const handed = appendOrderEvent(parked, {
      id: 'h',
      type: 'handed-to-reseller',
      at: '2026-01-02T00:00:00.000Z',
      by: 'disti-rep',
      assignment: holding,
    });
    expect(handOffView(handed, orderState(handed), directory, placeName)).toBeNull();
    // An order of the reseller's own, with no distributor, is never offered.
    expect(handOffView(held, orderState(held), directory, placeName)).toBeNull();
  });
});

describe('assigning an order out of Smart Account hold', () => {
  const onHold = orderSchema.parse({
    ...held,
    reseller: { name: 'Partner', organizationId: 'partner' },
    history: [{ id: 'p', type: 'placed', at: '2026-01-01T00:00:00.000Z', by: 'import', assignment: null }],
  });
  const account = (id: string, kind: string, organizationId: string, status = 'active') => ({
    id,
    name: id,
    kind,
    organizationId,
    status,
  });
  const directory = {
    smartAccounts: [
      account('hold', 'partner-holding', 'partner'),
      account('acme', 'customer', 'acme'),
      account('acme-new', 'customer', 'acme', 'pending'),
      account('other-hold', 'partner-holding', 'someone-else'),
    ],
    virtualAccounts: [
      { id: 'hold/default', smartAccountId: 'hold' },
      { id: 'acme/ops', smartAccountId: 'acme' },
      { id: 'acme-new/default', smartAccountId: 'acme-new' },
      { id: 'other-hold/default', smartAccountId: 'other-hold' },
    ],
  } as unknown as Parameters<typeof assignmentView>[2];
  const customerTargets = [
    { assignment: { virtualAccountId: 'acme/ops' }, label: 'Acme / Ops' },
    { assignment: { virtualAccountId: 'acme-new/default' }, label: 'Acme New / Default' },
  ];

  it("offers the customer's active accounts and the partner's own holding account, and every line on hold", () => {
    expect(assignmentView(onHold, orderState(onHold), directory, customerTargets, placeName)).toEqual({
      targets: [
        { virtualAccountId: 'acme/ops', label: 'Acme / Ops' },
        { virtualAccountId: 'hold/default', label: 'hold / hold/default (your holding account)' },
      ],
      lines: [
        { lineNumber: 1, label: '1.0' },
        { lineNumber: 2, label: '2.0' },
        { lineNumber: 3, label: '3.0' },
      ],
      partial: false,
    });
  });

  it('once some lines have their account, offers only the lines still on hold; none once every line has one', () => {
    const partly = appendOrderEvent(onHold, {
      id: 'a1',
      type: 'assigned',
      at: '2026-01-02T00:00:00.000Z',
      by: 'rep',
      assignment: customer,
      lineNumbers: [1, 3],
    });
    expect(assignmentView(partly, orderState(partly), directory, customerTargets, placeName)).toMatchObject({
      lines: [{ lineNumber: 2, label: '2.0' }],
      partial: true,
    });
    const whole = appendOrderEvent(partly, {
      id: 'a2',
      type: 'assigned',
      at: '2026-01-03T00:00:00.000Z',
      by: 'rep',
      assignment: holding,
    });
    expect(assignmentView(whole, orderState(whole), directory, customerTargets, placeName)).toBeNull();
  });
});

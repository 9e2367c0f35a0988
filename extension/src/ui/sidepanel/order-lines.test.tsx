// @vitest-environment happy-dom
import { cleanup, fireEvent, render, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderDetail, ReassignmentView } from '../../data/holdfast-service.ts';
import type { OrderAction } from '../../messaging/team-messages.ts';
import { OrderDetailView } from './order-detail.tsx';

afterEach(cleanup);

/** An order of three lines: 1.0 being reassigned to the customer, 2.0 and 3.0 still in holding. */
const notStarted: ReassignmentView = {
  stage: 'not-started',
  targets: [
    {
      assignment: { smartAccountId: 'sa-bluth', virtualAccountId: 'sa-bluth/sites', kind: 'customer' },
      label: 'Bluth Construction / Sites',
      match: 'customer',
      warning: null,
    },
  ],
  customerKnown: true,
  defaultTarget: 'sa-bluth/sites',
  ways: ['portal', 'support-case', 'asset-transfer'],
  portalClosed: null,
  lines: [
    { lineNumber: 2, label: '2.0' },
    { lineNumber: 3, label: '3.0' },
  ],
};

const partlyReassigned: OrderDetail = {
  item: {
    salesOrderNumber: '104000074',
    customerName: 'Bluth Construction',
    status: 'in-holding',
    virtualAccountId: 'va',
    virtualAccountName: 'Keystone Holding / Enterprise',
    ageDays: 24,
    since: '2026-10-30T00:00:00.000Z',
    distributor: null,
    reseller: null,
    findings: [],
    searchText: '',
  },
  history: [],
  findings: [],
  facts: { webOrderId: 'WO093000026', poNumber: 'PO-2026-01002', customerDomain: 'bluth-construction.example.com' },
  asked: null,
  checklist: [],
  lastChange: {},
  canTick: true,
  canAnnotate: true,
  canReassign: true,
  reassignment: notStarted,
  memberNames: { 'keystone:alex': 'Alex Keystone' },
  partial: true,
  lines: [
    {
      lineNumber: 1,
      label: '1.0',
      sku: 'C9300-DNA-E-24-3Y',
      quantity: 10,
      fulfilment: 'Booked',
      status: 'reassignment-in-progress',
      statusLabel: 'Reassignment in progress',
      place: 'Keystone Holding / Enterprise',
      cancelled: false,
    },
    {
      lineNumber: 2,
      label: '2.0',
      sku: 'FPR1010-TMC-1Y',
      quantity: 1,
      fulfilment: 'Entered',
      status: 'in-holding',
      statusLabel: 'In holding',
      place: 'Keystone Holding / Enterprise',
      cancelled: false,
    },
    {
      lineNumber: 3,
      label: '3.0',
      sku: 'L-EXAMPLE',
      quantity: 2,
      fulfilment: 'Entered',
      status: 'in-holding',
      statusLabel: 'In holding',
      place: 'Keystone Holding / Enterprise',
      cancelled: false,
    },
    {
      lineNumber: 4,
      label: '4.0',
      sku: 'L-DROPPED',
      quantity: 1,
      fulfilment: 'Cancelled',
      status: 'in-holding',
      statusLabel: 'Needs nothing',
      place: 'Keystone Holding / Enterprise',
      cancelled: true,
    },
  ],
  underway: [
    {
      stage: 'started',
      target: 'Bluth Construction / Default',
      via: 'support-case',
      startedAt: '2026-11-21T09:00:00.000Z',
      by: 'keystone:alex',
      lines: [{ lineNumber: 1, label: '1.0' }],
    },
  ],
};

const renderDetail = (detail: OrderDetail, recorded: OrderAction[]) =>
  render(
    <OrderDetailView
      detail={detail}
      viewers={[]}
      saveError=""
      onBack={() => undefined}
      onTick={() => undefined}
      onRecord={async (action) => (recorded.push(action), true)}
    />,
  );

describe('the order detail of a partly reassigned order', () => {
  it('lists every line with its CCW status and where it sits, and says the order is partly reassigned', () => {
    const view = renderDetail(partlyReassigned, []);
    expect(view.getByText(/In holding · partly reassigned/)).toBeTruthy();
    const rows = within(view.getByTestId('order-lines'))
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['1.0', 'C9300-DNA-E-24-3Y × 10', 'Booked', 'Reassignment in progressKeystone Holding / Enterprise'],
      ['2.0', 'FPR1010-TMC-1Y × 1', 'Entered', 'In holdingKeystone Holding / Enterprise'],
      ['3.0', 'L-EXAMPLE × 2', 'Entered', 'In holdingKeystone Holding / Enterprise'],
      ['4.0', 'L-DROPPED × 1', 'Cancelled', 'Needs nothing'],
    ]);
  });

  it('reassigns the lines picked, whole, and marks the lines under way delivered by their numbers', async () => {
    const recorded: OrderAction[] = [];
    const view = renderDetail(partlyReassigned, recorded);
    // Every line still in holding is picked until one is left out; picking none records nothing.
    expect(view.getByRole('button', { name: 'Record reassignment started' })).toBeTruthy();
    fireEvent.click(view.getByLabelText('Line 3.0'));
    fireEvent.click(view.getByRole('button', { name: 'Record reassignment of line 2.0 started' }));
    fireEvent.click(view.getByLabelText('Line 2.0'));
    expect((view.getByRole('button', { name: /Record reassignment/ }) as HTMLButtonElement).disabled).toBe(true);
    expect(recorded).toEqual([
      { type: 'reassignment-started', targetVirtualAccountId: 'sa-bluth/sites', via: 'portal', lineNumbers: [2] },
    ]);

    expect(view.getByTestId('reassignment-underway').textContent).toMatch(
      /^Line 1\.0: To Bluth Construction \/ Default through a licensing support case/,
    );
    fireEvent.click(view.getByRole('button', { name: 'Mark delivered to the customer' }));
    expect(view.getByRole('group', { name: 'Confirm delivery' }).textContent).toContain(
      'Mark the licenses of line 1.0 delivered to Bluth Construction / Default? Those lines leave holding',
    );
    fireEvent.click(view.getByRole('button', { name: 'Yes, mark delivered' }));
    fireEvent.input(view.getByLabelText('Why cancel it?'), { target: { value: 'Wrong site.' } });
    fireEvent.click(view.getByRole('button', { name: 'Cancel reassignment' }));
    fireEvent.click(view.getByRole('button', { name: 'Yes, cancel reassignment' }));
    await waitFor(() =>
      expect(recorded.slice(1)).toEqual([
        { type: 'delivered', lineNumbers: [1] },
        { type: 'reassignment-cancelled', reason: 'Wrong site.', lineNumbers: [1] },
      ]),
    );
  });

  it("records an order handed to the reseller's holding account, offered to a role that may reassign", () => {
    const recorded: OrderAction[] = [];
    const handOff = {
      distributor: 'Northwind Distribution',
      reseller: 'Keystone Integrators',
      targets: [{ virtualAccountId: 'hold/default', label: 'Keystone Holding / Default' }],
    };
    const view = renderDetail({ ...partlyReassigned, handOff }, recorded);
    expect(view.getByText(/sits in Northwind Distribution's holding account/)).toBeTruthy();
    fireEvent.click(view.getByRole('button', { name: 'Record handed to Keystone Integrators' }));
    expect(recorded).toEqual([{ type: 'handed-to-reseller', targetVirtualAccountId: 'hold/default' }]);
    cleanup();
    const readOnly = renderDetail({ ...partlyReassigned, handOff, canReassign: false }, []);
    expect(readOnly.queryByRole('button', { name: /Record handed to/ })).toBeNull();
  });
});

describe('the order detail of an order on Smart Account hold', () => {
  /** An order of two lines on hold: 1.0 and 2.0; the customer's account and the partner's holding account are known. */
  const onHold: OrderDetail = {
    ...partlyReassigned,
    item: { ...partlyReassigned.item, status: 'on-hold' },
    reassignment: null,
    underway: [],
    partial: false,
    lines: partlyReassigned.lines!.slice(0, 2).map((line) => ({
      ...line,
      status: 'on-hold' as const,
      statusLabel: 'On Smart Account hold',
      place: 'On Smart Account hold',
    })),
    assignment: {
      targets: [
        { virtualAccountId: 'sa-bluth/sites', label: 'Bluth Construction / Sites' },
        { virtualAccountId: 'hold/default', label: 'Keystone Holding / Default (your holding account)' },
      ],
      lines: [
        { lineNumber: 1, label: '1.0' },
        { lineNumber: 2, label: '2.0' },
      ],
      partial: false,
    },
  };

  it('assigns the lines picked, whole, to the account chosen; nothing is preselected', () => {
    const recorded: OrderAction[] = [];
    const view = renderDetail(onHold, recorded);
    const submit = () => view.getByRole('button', { name: /^Record .*assigned$/ }) as HTMLButtonElement;
    // No account is chosen for the rep: the button waits for one.
    expect(submit().disabled).toBe(true);
    fireEvent.change(view.getByLabelText('Assigned to'), { target: { value: 'sa-bluth/sites' } });
    fireEvent.click(view.getByLabelText('Line 2.0 on hold'));
    expect(submit().textContent).toBe('Record line 1.0 assigned');
    fireEvent.click(submit());
    fireEvent.click(view.getByLabelText('Line 2.0 on hold'));
    fireEvent.change(view.getByLabelText('Assigned to'), { target: { value: 'hold/default' } });
    expect(submit().textContent).toBe('Record assigned');
    fireEvent.click(submit());
    expect(recorded).toEqual([
      { type: 'assigned', targetVirtualAccountId: 'sa-bluth/sites', lineNumbers: [1] },
      { type: 'assigned', targetVirtualAccountId: 'hold/default' },
    ]);
  });

  it('says an order partly assigned is so, and offers nothing to a role that may not assign', () => {
    const partly: OrderDetail = {
      ...onHold,
      partial: true,
      assignment: { ...onHold.assignment!, lines: [{ lineNumber: 2, label: '2.0' }], partial: true },
    };
    const view = renderDetail(partly, []);
    expect(view.getByText(/On Smart Account hold · partly assigned/)).toBeTruthy();
    expect(view.getByText(/Part of the order already has its account/)).toBeTruthy();
    cleanup();
    const readOnly = renderDetail({ ...partly, canReassign: false }, []);
    expect(readOnly.queryByRole('button', { name: /assigned$/ })).toBeNull();
    expect(readOnly.getByText(/not record its assignment/)).toBeTruthy();
  });

  it('says a handed-on order was handed to the reseller, when and by whom', () => {
    const view = renderDetail(
      {
        ...partlyReassigned,
        reassignment: null,
        underway: [],
        handedOn: { to: 'Keystone Holding / Default', at: '2026-11-20T10:00:00.000Z', by: 'keystone:alex' },
      },
      [],
    );
    expect(view.getByTestId('handed-on').textContent).toMatch(
      /^Handed to Keystone Holding \/ Default on .* by Alex Keystone/,
    );
  });
});

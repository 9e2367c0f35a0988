// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from '@holdfast/core';
import type { OrderDetail } from '../../data/holdfast-service.ts';
import type { OrderItem } from '../../data/order-list.ts';
import type { OrderAction } from '../../messaging/team-messages.ts';
import { fakeService, orderItem, quietTeam, renderSidePanel, useSidePanelLayout } from './side-panel-fakes.tsx';

useSidePanelLayout();
afterEach(() => void vi.useRealTimers());

const item = (salesOrderNumber: string, customerName: string, since: string) =>
  orderItem(salesOrderNumber, customerName, { status: 'reassignment-in-progress', since });
const ITEMS = [
  item('104000001', 'Zeta Corp', '2026-11-01T00:00:00Z'),
  item('104000002', 'Alpha Inc', '2026-11-10T00:00:00Z'),
];
const detailOf = (i: OrderItem<Finding>): OrderDetail => ({
  item: i,
  history: [],
  findings: [],
  facts: { webOrderId: 'WO1', poNumber: 'PO1', customerDomain: 'zeta.example.com' },
  asked: null,
  checklist: [],
  lastChange: {},
  canTick: true,
  canAnnotate: true,
  canReassign: true,
  reassignment: {
    stage: 'started',
    target: 'Zeta / Default',
    via: 'portal',
    startedAt: '2026-11-20T00:00:00Z',
    by: 'acme:ana',
  },
  memberNames: { 'acme:ana': 'Ana' },
});

async function renderPanel(undoMs: number) {
  const service = await fakeService('acme:ana', {
    orders: async () => ({ items: ITEMS, virtualAccounts: [] }),
    orderDetail: async (_m: string, so: string) => detailOf(ITEMS.find((i) => i.salesOrderNumber === so)!),
    whoIAm: async () => ({ members: [], holdingAccounts: [], storedOrders: 2 }),
  });
  const recorded: { salesOrderNumber: string; action: OrderAction }[] = [];
  const team = quietTeam({
    record: async (salesOrderNumber, action) => void recorded.push({ salesOrderNumber, action }),
  });
  renderSidePanel(service, { team, undoMs });
  await screen.findByText('Zeta Corp');
  return { recorded };
}
const customers = () => [...document.querySelectorAll('.order-row .ellipsis')].map((e) => e.textContent);
const openOrder = async (customer: string) => {
  fireEvent.click(screen.getByText(customer));
  await screen.findByRole('heading', { name: /^Order / });
};

describe('the side panel as a rep works it', () => {
  it('sorts the list by customer and back by age', async () => {
    await renderPanel(60_000);
    fireEvent.change(screen.getByLabelText('Sort orders'), { target: { value: 'customer' } });
    await waitFor(() => expect(customers()).toEqual(['Alpha Inc', 'Zeta Corp']));
    fireEvent.change(screen.getByLabelText('Sort orders'), { target: { value: 'age' } });
    await waitFor(() => expect(customers()).toEqual(['Zeta Corp', 'Alpha Inc']));
  });

  it('goes back from an order to the list with Escape', async () => {
    await renderPanel(60_000);
    await openOrder('Zeta Corp');
    fireEvent.keyDown(document, { key: 'Escape' });
    await screen.findByTestId('order-count');
    expect(screen.queryByRole('heading', { name: /^Order / })).toBeNull();
  });

  it('lets "Mark delivered" be undone, and saves it once the undo time is up', async () => {
    // The undo timer runs on a fake clock that also follows real time (so findBy* still polls):
    // after Undo the clock is moved past the undo time, so a timer Undo failed to clear would fire.
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout'] });
    const { recorded } = await renderPanel(60_000);
    await openOrder('Zeta Corp');
    fireEvent.click(screen.getByRole('button', { name: 'Mark delivered to the customer' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, mark delivered' }));
    expect((await screen.findByTestId('undo')).textContent).toContain('104000001 will be marked delivered');
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText(/Undone: order 104000001 is not marked delivered/);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(recorded).toEqual([]);
    cleanup();
    vi.useRealTimers();

    const quick = await renderPanel(1);
    await openOrder('Zeta Corp');
    fireEvent.click(screen.getByRole('button', { name: 'Mark delivered to the customer' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, mark delivered' }));
    await waitFor(() =>
      expect(quick.recorded).toEqual([{ salesOrderNumber: '104000001', action: { type: 'delivered' } }]),
    );
    await screen.findByText(/recorded as delivered/);
  });
});

// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { OrdersView } from '../../data/holdfast-service.ts';
import type { WhoIAm } from '../../data/who-i-am.ts';
import { fakeService, orderItem, renderSidePanel, useSidePanelLayout } from './side-panel-fakes.tsx';

useSidePanelLayout();

const item = (salesOrderNumber: string, customerName: string) => orderItem(salesOrderNumber, customerName);
const NOBODY: WhoIAm = { members: [], holdingAccounts: [], storedOrders: 0 };
async function renderPanel(memberId: string | null, who: WhoIAm, view: OrdersView) {
  const openOptions = vi.fn();
  renderSidePanel(await fakeService(memberId, { orders: async () => view, whoIAm: async () => who }), { openOptions });
  return { openOptions };
}

describe('the side panel says what to do next when it has nothing to list', () => {
  it('asks to import orders when the browser has none', async () => {
    const { openOptions } = await renderPanel(null, NOBODY, { items: [], virtualAccounts: [] });
    expect((await screen.findByTestId('first-run')).textContent).toContain('No orders yet');
    fireEvent.click(screen.getByRole('button', { name: 'Import orders' }));
    expect(openOptions).toHaveBeenCalled();
  });

  it('asks who I am, not to import, once a portal export is imported', async () => {
    await renderPanel(
      null,
      {
        ...NOBODY,
        storedOrders: 44,
        holdingAccounts: [{ smartAccountId: 'sa', name: 'Acme Holding', organizationName: 'Acme' }],
      },
      { items: [], virtualAccounts: [] },
    );
    const text = (await screen.findByTestId('first-run')).textContent;
    expect(text).toContain('Your orders are imported');
    expect(text).not.toContain('import a');
    expect(screen.getByRole('button', { name: 'Say who I am' })).toBeTruthy();
  });

  it('tells a member who sees none of the imported orders to choose another, never to import', async () => {
    await renderPanel('acme:ana', { ...NOBODY, storedOrders: 44 }, { items: [], virtualAccounts: [] });
    await waitFor(() =>
      expect(screen.getByTestId('no-orders').textContent).toContain('None of the 44 orders in this browser'),
    );
    expect(screen.getByTestId('no-orders').textContent).not.toMatch(/import/i);
  });

  it('offers to clear the filters when they hide every order, and clearing brings the orders back', async () => {
    await renderPanel('acme:ana', NOBODY, {
      items: [item('104000001', 'Harbor Solutions')],
      virtualAccounts: [],
    });
    expect(await screen.findByText('Harbor Solutions')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Search orders'), { target: { value: 'nothing like this' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByText('Harbor Solutions')).toBeTruthy();
    expect(screen.queryByTestId('filtered-out')).toBeNull();
  });
});

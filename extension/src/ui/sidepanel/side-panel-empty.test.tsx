// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HoldfastService, OrdersView } from '../../data/holdfast-service.ts';
import type { OrderItem } from '../../data/order-list.ts';
import { createPreferences, memoryArea } from '../../data/preferences.ts';
import type { TeamChannel } from '../../data/team-channel.ts';
import type { WhoIAm } from '../../data/who-i-am.ts';
import { SidePanelApp } from './side-panel-app.tsx';

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(360);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const item = (salesOrderNumber: string, customerName: string): OrderItem => ({
  salesOrderNumber,
  customerName,
  status: 'in-holding',
  virtualAccountId: 'va',
  virtualAccountName: 'Acme Holding / Default',
  ageDays: 3,
  since: '2026-11-20T00:00:00.000Z',
  distributor: null,
  reseller: null,
  findings: [],
  searchKeys: [customerName.toLowerCase()],
});
const NOBODY: WhoIAm = { members: [], holdingAccounts: [], storedOrders: 0 };
const team: TeamChannel = {
  tick: async () => {},
  record: async () => {},
  setViewing: () => {},
  retryNow: () => {},
  subscribe: () => () => {},
  close: () => {},
};

async function renderPanel(memberId: string | null, who: WhoIAm, view: OrdersView) {
  const preferences = createPreferences(memoryArea());
  await preferences.update({ memberId });
  const service = {
    preferences,
    firstScreen: async () => null,
    keepFirstScreen: async () => {},
    orders: async () => view,
    whoIAm: async () => who,
    onChange: () => () => {},
  } as unknown as HoldfastService;
  const openOptions = vi.fn();
  render(
    <SidePanelApp
      service={service}
      team={team}
      watchPortal={() => () => {}}
      now={() => new Date('2026-11-23T00:00:00Z')}
      openOptions={openOptions}
    />,
  );
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

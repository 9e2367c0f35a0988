// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { FirstScreen } from '../../data/first-screen.ts';
import type { HoldfastService, OrdersView } from '../../data/holdfast-service.ts';
import { fakeService, orderItem, renderSidePanel, useSidePanelLayout } from './side-panel-fakes.tsx';

useSidePanelLayout();

const ANA = 'acme:ana';
const order = (salesOrderNumber: string, customerName: string) =>
  orderItem(salesOrderNumber, customerName, { searchText: '' });
const cachedScreen = (memberId: string): FirstScreen => ({
  memberId,
  total: 2,
  entries: [
    { kind: 'heading', key: 'h:va', title: 'Acme Holding / Default', count: 2 },
    { kind: 'order', key: 'o:1', item: order('104000001', 'Cached Customer') },
  ],
});

/** A service whose fresh list arrives only when the test says so. */
async function panelService(memberId: string, firstScreen: FirstScreen | null) {
  let deliver!: (view: OrdersView) => void;
  const fresh = new Promise<OrdersView>((resolve) => (deliver = resolve));
  const kept: FirstScreen[] = [];
  const service = await fakeService(memberId, {
    firstScreen: async () => firstScreen,
    keepFirstScreen: async (screen: FirstScreen) => void kept.push(screen),
    orders: () => fresh,
  });
  return { service, deliver, kept };
}
const renderPanel = (service: HoldfastService) => renderSidePanel(service);

describe('the side panel opening', () => {
  it('shows the last first screen at once, marked as updating, until the fresh list replaces it', async () => {
    const { service, deliver } = await panelService(ANA, cachedScreen(ANA));
    renderPanel(service);
    expect(await screen.findByText('Cached Customer')).toBeTruthy();
    expect(screen.getByTestId('order-count').textContent).toBe('Updating 2 orders…');

    deliver({
      items: [order('104000002', 'Fresh Customer')],
      virtualAccounts: [{ id: 'va', name: 'Acme Holding / Default' }],
    });
    expect(await screen.findByText('Fresh Customer')).toBeTruthy();
    expect(screen.queryByText('Cached Customer')).toBeNull();
    expect(screen.getByTestId('order-count').textContent).toBe('1 of 1 orders');
  });

  it("with nothing kept, shows the background's oldest orders, uncounted, until the fresh list counts them", async () => {
    const { service, deliver } = await panelService(ANA, null);
    service.oldestInHolding = async () => ({
      memberId: ANA,
      total: null,
      entries: [
        { kind: 'heading', key: 'h:oldest-in-holding', title: 'Oldest in holding' },
        { kind: 'order', key: 'o:1', item: order('104000001', 'Oldest Customer') },
      ],
    });
    renderPanel(service);
    expect(await screen.findByText('Oldest Customer')).toBeTruthy();
    expect(screen.getByText('Oldest in holding').textContent).toBe('Oldest in holding');
    expect(screen.getByTestId('order-count').textContent).toBe('Counting your orders…');

    deliver({ items: [order('104000002', 'Fresh Customer')], virtualAccounts: [] });
    expect(await screen.findByText('Fresh Customer')).toBeTruthy();
    expect(screen.getByTestId('order-count').textContent).toBe('1 of 1 orders');
  });

  it('keeps the top of the fresh unfiltered list for the next opening, and never a filtered one', async () => {
    const { service, deliver, kept } = await panelService(ANA, null);
    renderPanel(service);
    deliver({
      items: [order('104000002', 'Fresh Customer'), order('104000003', 'Other Customer')],
      virtualAccounts: [],
    });
    expect(await screen.findByText('Fresh Customer')).toBeTruthy();
    await waitFor(() => expect(kept).toHaveLength(1));
    expect(kept[0]!.memberId).toBe(ANA);
    expect(kept[0]!.total).toBe(2);
    expect(kept[0]!.entries.filter((e) => e.kind === 'order')).toHaveLength(2);

    fireEvent.input(screen.getByLabelText('Search orders'), { target: { value: 'Fresh' } });
    await waitFor(() => expect(screen.queryByText('Other Customer')).toBeNull());
    expect(kept).toHaveLength(1);
  });
});

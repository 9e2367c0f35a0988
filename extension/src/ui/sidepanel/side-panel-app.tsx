import { useEffect, useMemo, useState } from 'preact/hooks';
import type { HoldfastService } from '../../data/holdfast-service.ts';
import { buildOrderList, NO_FILTERS, type ListEntry, type OrderFilters } from '../../data/order-list.ts';
import { useAsync } from '../shared/use-async.ts';
import { OrderDetailView } from './order-detail.tsx';
import { OrderFiltersBar } from './order-filters.tsx';
import { HEADING_HEIGHT, OrderListRow, ROW_HEIGHT } from './order-row.tsx';
import { VirtualList } from './virtual-list.tsx';

export const FIRST_ORDERS_MARK = 'holdfast:first-orders-rendered';

export interface SidePanelProps {
  service: HoldfastService;
  now: () => Date;
  openOptions(): void;
}

/** The side panel: the orders the chosen member may see, and one order's detail. */
export function SidePanelApp({ service, now, openOptions }: SidePanelProps) {
  const [version, setVersion] = useState(0);
  const [filters, setFilters] = useState<OrderFilters>(NO_FILTERS);
  const [open, setOpen] = useState<string | null>(null);
  const prefs = useAsync(() => service.preferences.read(), []);
  const memberId = prefs.status === 'ready' ? prefs.value.memberId : null;
  const orders = useAsync(async () => (memberId ? service.orders(memberId, now()) : null), [memberId, version]);
  const detail = useAsync(async () => (memberId && open ? service.orderDetail(memberId, open, now()) : null), [memberId, open, version]);
  const entries = useMemo(() => (orders.status === 'ready' && orders.value ? buildOrderList(orders.value.items, filters) : []), [orders, filters]);

  useEffect(() => {
    // Read by `pnpm bench extension`: when the first orders reached the screen.
    if (entries.length > 0 && performance.getEntriesByName(FIRST_ORDERS_MARK).length === 0) performance.mark(FIRST_ORDERS_MARK);
  }, [entries]);

  if (prefs.status === 'loading') return <p class="pad">Loading…</p>;
  if (!memberId) {
    return (
      <main class="pad">
        <h1>Holdfast</h1>
        <p>Choose who you are in the options, then import your orders.</p>
        <button type="button" class="primary" onClick={openOptions}>Open options</button>
      </main>
    );
  }
  if (open && detail.status === 'ready' && detail.value) {
    return (
      <main class="pad">
        <OrderDetailView
          detail={detail.value}
          onBack={() => setOpen(null)}
          onTick={(stepId, ticked) => void service.tickStep(memberId, open, stepId, ticked, now()).then(() => setVersion((n) => n + 1))}
        />
      </main>
    );
  }
  const total = orders.status === 'ready' && orders.value ? orders.value.items.length : 0;
  const shown = entries.filter((e) => e.kind === 'order').length;
  return (
    <main class="panel">
      <header class="pad">
        <h1>Holdfast</h1>
        <OrderFiltersBar filters={filters} virtualAccounts={orders.status === 'ready' && orders.value ? orders.value.virtualAccounts : []} onChange={setFilters} />
        <p class="small muted" aria-live="polite" data-testid="order-count">
          {orders.status === 'error' ? `Could not load orders: ${orders.error}` : orders.status === 'ready' && orders.value ? `${shown} of ${total} orders` : 'Loading orders…'}
        </p>
      </header>
      <VirtualList<ListEntry>
        items={entries}
        label="Orders"
        size={(e) => (e.kind === 'heading' ? HEADING_HEIGHT : ROW_HEIGHT)}
        keyOf={(e) => e.key}
        selectable={(e) => e.kind === 'order'}
        render={(e) => <OrderListRow entry={e} />}
        onOpen={(e) => e.kind === 'order' && setOpen(e.item.salesOrderNumber)}
      />
    </main>
  );
}

import { useMemo } from 'preact/hooks';
import { isKeptFor, keptScreenToShow } from '../../data/first-screen.ts';
import type { HoldfastService } from '../../data/holdfast-service.ts';
import { NO_FILTERS, sortedOrderList, type OrderFilters, type OrderSort } from '../../data/order-list.ts';
import { useAsync } from '../shared/use-async.ts';

/**
 * What the side panel lists, first to last: the screen kept from the last opening (or, with none
 * kept for this member, their oldest orders in holding read through an index), then the fresh
 * list once that is on screen; and, only when there is nothing to list, who the reader is, to say
 * what to do next. `version` moves when the store changes: everything is read again.
 */
export function usePanelOrders(
  service: HoldfastService,
  now: () => Date,
  version: number,
  filters: OrderFilters,
  sort: OrderSort,
) {
  const prefs = useAsync(() => service.preferences.read(), [], version);
  // Read alongside the preferences: the last first screen shows while the fresh list loads.
  const firstScreen = useAsync(() => service.firstScreen(), []);
  const memberId = prefs.status === 'ready' ? prefs.value.memberId : null;
  // Nothing kept for this member (after install, a browser restart, another member chosen): the
  // oldest orders in holding, read through an index, show while the fresh list is computed.
  const kept = firstScreen.status === 'ready' ? firstScreen.value : null;
  const keptForMember = isKeptFor(kept, memberId);
  const oldest = useAsync(
    async () =>
      memberId && firstScreen.status === 'ready' && !keptForMember ? service.oldestInHolding(memberId, now()) : null,
    [memberId, firstScreen.status, keptForMember],
  );
  const provisional = keptForMember ? kept : oldest.status === 'ready' ? oldest.value : null;
  // The fresh list starts once the provisional screen is on screen: reading thousands of rows
  // would otherwise hold the page's thread while the kept screen waits to be drawn.
  const provisionalSettled = firstScreen.status !== 'loading' && (keptForMember || oldest.status !== 'loading');
  const orders = useAsync(
    async () => (memberId && provisionalSettled ? service.orders(memberId, now()) : null),
    [memberId, provisionalSettled],
    version,
  );
  const fresh = orders.status === 'ready' ? orders.value : null;
  // What to do next is worked out only when there is nothing to list.
  const nothingToList = prefs.status === 'ready' && (!memberId || fresh?.items.length === 0);
  const who = useAsync(async () => (nothingToList ? service.whoIAm() : null), [nothingToList], version);
  const cached = keptScreenToShow(provisional, memberId, {
    freshListLoading: !fresh && orders.status !== 'error',
    filtered: filters !== NO_FILTERS || sort !== 'needs-action',
  });
  const entries = useMemo(
    () => (fresh ? sortedOrderList(fresh.items, filters, sort) : (cached?.entries ?? [])),
    [fresh, cached, filters, sort],
  );

  return { prefs, memberId, orders, fresh, who, cached, entries };
}

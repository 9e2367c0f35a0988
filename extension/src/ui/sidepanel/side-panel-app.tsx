import { useEffect, useMemo, useState } from 'preact/hooks';
import type { HoldfastService } from '../../data/holdfast-service.ts';
import { NO_FILTERS, type ListEntry, type OrderFilters, type OrderSort } from '../../data/order-list.ts';
import type { PortalContext } from '../../data/portal-context.ts';
import type { TeamChannel } from '../../data/team-channel.ts';
import type { WhoIAm } from '../../data/who-i-am.ts';
import type { BackgroundToPanel } from '../../messaging/team-messages.ts';
import { agingBands } from '../../data/aging.ts';
import { AgingChart } from '../shared/aging-chart.tsx';
import { SyncStatusLine } from '../shared/sync-status.tsx';
import { useAsync } from '../shared/use-async.ts';
import { FirstRun } from './first-run.tsx';
import { OrderDetailView } from './order-detail.tsx';
import { AGE_STEPS, OrderFiltersBar } from './order-filters.tsx';
import { HEADING_HEIGHT, OrderListRow, ROW_HEIGHT } from './order-row.tsx';
import { usePendingAction } from './pending-action.tsx';
import { PortalCard } from './portal-card.tsx';
import { usePanelOrders } from './use-panel-orders.ts';
import { VirtualList } from './virtual-list.tsx';

export const FIRST_ORDERS_MARK = 'holdfast:first-orders-rendered';
/** When the fresh list (not the cached first screen) reached the screen. */
export const FRESH_ORDERS_MARK = 'holdfast:fresh-orders-rendered';
/** Writes come in bursts (a sync batch, an import): the panel recomputes once per burst. */
const REFRESH_AFTER_MS = 150;

export interface SidePanelProps {
  service: HoldfastService;
  team: TeamChannel;
  /** The portal page beside this panel: calls back with its order and advice whenever they change. */
  watchPortal(listener: (context: PortalContext | null) => void): () => void;
  /** "Start tracking this order": records the new order on the portal page beside this panel; rejects with why not. */
  trackPortalOrder?(salesOrderNumber: string): Promise<void>;
  now: () => Date;
  openOptions(): void;
  /** How long "Mark delivered" and "Cancel reassignment" wait for an undo before they are saved. */
  undoMs?: number;
}

const UNDO_MS = 6000;

/** What a member who sees no order should do next: never "import a file" when one is imported. */
function noOrdersText(syncOn: boolean, who: WhoIAm | null): string {
  if (who && who.storedOrders > 0)
    return `None of the ${who.storedOrders} orders in this browser are in the Virtual Accounts your roles open. In the options, choose another member or name your holding account.`;
  if (syncOn) return 'No orders in the Virtual Accounts your roles open yet: they show here as your team adds them.';
  return 'No orders yet: import a portal export (CSV) or a Holdfast file in the options.';
}

const NO_TEAM: BackgroundToPanel = { sync: { status: 'off', memberName: null, documents: 0, revoked: 0 }, viewers: [] };

/** The side panel: the orders the chosen member may see, and one order's detail. */
export function SidePanelApp({
  service,
  team,
  watchPortal,
  trackPortalOrder,
  now,
  openOptions,
  undoMs = UNDO_MS,
}: SidePanelProps) {
  const [version, setVersion] = useState(0);
  const [filters, setFilters] = useState<OrderFilters>(NO_FILTERS);
  const [sort, setSort] = useState<OrderSort>('needs-action');
  const [open, setOpen] = useState<string | null>(null);
  const [teamState, setTeamState] = useState<BackgroundToPanel>(NO_TEAM);
  const [portal, setPortal] = useState<PortalContext | null>(null);
  const [saveError, setSaveError] = useState('');
  /** Said on the list after an order left it from its detail (delivered to the customer). */
  const [notice, setNotice] = useState('');
  const { prefs, memberId, orders, fresh, who, cached, entries } = usePanelOrders(service, now, version, filters, sort);
  const detail = useAsync(
    async () => (memberId && open ? service.orderDetail(memberId, open, now()) : null),
    [memberId, open],
    version,
  );
  const aging = useMemo(() => (fresh ? agingBands(fresh.items) : null), [fresh]);

  useEffect(() => {
    // Changes from sync, another page or the background show without a reload.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = service.onChange(() => {
      clearTimeout(timer);
      timer = setTimeout(() => setVersion((n) => n + 1), REFRESH_AFTER_MS);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [service]);
  useEffect(() => team.subscribe(setTeamState), [team]);
  useEffect(() => watchPortal(setPortal), [watchPortal]);
  useEffect(() => {
    team.setViewing(open);
    setSaveError('');
    if (open) setNotice('');
  }, [team, open]);
  useEffect(() => {
    // After the fresh list is on screen: the next panel opens with its top.
    if (!fresh || !memberId || filters !== NO_FILTERS || sort !== 'needs-action') return;
    service
      .keepFirstScreen({ memberId, total: fresh.items.length, entries })
      .catch((error: unknown) => console.warn('Holdfast: could not keep the first screen', error));
  }, [service, memberId, fresh, entries, filters, sort]);
  useEffect(() => {
    // Escape goes back from an order's detail to the list.
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) setOpen(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  useEffect(() => {
    // Read by `pnpm bench extension`: when the first orders reached the screen.
    if (entries.length > 0 && performance.getEntriesByName(FIRST_ORDERS_MARK).length === 0)
      performance.mark(FIRST_ORDERS_MARK);
    if (fresh && entries.length > 0 && performance.getEntriesByName(FRESH_ORDERS_MARK).length === 0)
      performance.mark(FRESH_ORDERS_MARK);
  }, [entries, fresh]);

  /** Shows the saved change, or says why it was not saved. */
  const save = (saving: Promise<void>): Promise<boolean> => {
    setSaveError('');
    return saving.then(
      () => {
        setVersion((n) => n + 1);
        return true;
      },
      (error: unknown) => {
        setSaveError(error instanceof Error ? error.message : String(error));
        return false;
      },
    );
  };

  const { later, undoBar } = usePendingAction(
    undoMs,
    (salesOrderNumber, action) =>
      void save(team.record(salesOrderNumber, action)).then((saved) => {
        if (saved && action.type === 'delivered')
          setNotice(`Order ${salesOrderNumber} is recorded as delivered to the customer: it has left holding.`);
      }),
    setNotice,
  );

  if (prefs.status === 'loading') return <p class="pad">Loading…</p>;
  if (!memberId) return <FirstRun who={who.status === 'ready' ? who.value : undefined} openOptions={openOptions} />;
  const syncLine = teamState.sync.status !== 'off' && (
    <SyncStatusLine sync={teamState.sync} onRetry={() => team.retryNow()} />
  );
  if (open && detail.status === 'ready' && detail.value) {
    return (
      <main class="pad">
        {syncLine}
        {undoBar}
        <OrderDetailView
          detail={detail.value}
          memberId={memberId}
          viewers={teamState.viewers}
          saveError={saveError}
          onBack={() => setOpen(null)}
          onTick={(stepId, ticked) => void save(team.tick(open, stepId, ticked))}
          onRecord={async (action) => {
            if (action.type === 'delivered' || action.type === 'reassignment-cancelled') {
              later(open, action);
              setNotice('');
              if (action.type === 'delivered') setOpen(null);
              return true;
            }
            return save(team.record(open, action));
          }}
        />
      </main>
    );
  }
  const total = fresh ? fresh.items.length : 0;
  const shown = entries.filter((e) => e.kind === 'order').length;
  const countLine =
    orders.status === 'error'
      ? `Could not load orders: ${orders.error}`
      : fresh
        ? `${shown} of ${total} orders`
        : cached
          ? cached.total === null
            ? 'Counting your orders…'
            : `Updating ${cached.total} orders…`
          : 'Loading orders…';
  return (
    <main class="panel">
      <header class="pad">
        <h1 class="brand">
          <img src="/icon/32.png" alt="" width={20} height={20} />
          Holdfast
        </h1>
        {syncLine}
        {portal && <PortalCard context={portal} onShow={setOpen} onTrack={trackPortalOrder} />}
        {undoBar}
        {notice && (
          <p class="small notice" role="status">
            {notice}
          </p>
        )}
        {fresh && total > 0 && (
          <AgingChart
            bands={aging ?? []}
            onPick={(fromDays) =>
              setFilters({ ...filters, minAgeDays: AGE_STEPS.filter((a) => a <= fromDays).pop() ?? 0 })
            }
          />
        )}
        <OrderFiltersBar
          filters={filters}
          sort={sort}
          virtualAccounts={fresh ? fresh.virtualAccounts : []}
          onChange={setFilters}
          onSort={setSort}
        />
        <p class="small muted" aria-live="polite" data-testid="order-count">
          {countLine}
        </p>
      </header>
      {fresh && total === 0 && (
        <div class="pad empty" data-testid="no-orders">
          <p>{who.status === 'ready' ? noOrdersText(teamState.sync.status !== 'off', who.value) : 'Loading…'}</p>
          <button type="button" onClick={openOptions}>
            Open options
          </button>
        </div>
      )}
      {fresh && total > 0 && shown === 0 && (
        <div class="pad empty" data-testid="filtered-out">
          <p>No order matches these filters.</p>
          <button type="button" class="primary" onClick={() => setFilters(NO_FILTERS)}>
            Clear filters
          </button>
        </div>
      )}
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

import type { PopupSummary } from '../../messaging/summary-messages.ts';
import { AgingChart } from '../shared/aging-chart.tsx';
import { formatAge } from '../shared/format.ts';
import { useEffect } from 'preact/hooks';
import { useAsync } from '../shared/use-async.ts';

/** Marked (Performance API) when the counts first reach the screen: `pnpm bench extension` reads it. */
export const POPUP_COUNTS_MARK = 'holdfast:popup-counts-rendered';

export interface PopupProps {
  /** The counts for the member chosen in the options, or null when nobody is chosen. */
  loadSummary(): Promise<PopupSummary | null>;
  openSidePanel(): void;
  openOptions(): void;
}

/** Counts, the three most urgent orders, and the way into the side panel. */
export function PopupApp({ loadSummary, openSidePanel, openOptions }: PopupProps) {
  const summary = useAsync(loadSummary, []);
  const counted = summary.status === 'ready' && summary.value !== null;
  useEffect(() => {
    if (counted && performance.getEntriesByName(POPUP_COUNTS_MARK).length === 0) performance.mark(POPUP_COUNTS_MARK);
  }, [counted]);
  return (
    <main class="popup">
      <h1 class="brand">
        <img src="/icon/32.png" alt="" width={20} height={20} />
        Holdfast
      </h1>
      {summary.status === 'loading' && <p class="muted">Loading…</p>}
      {summary.status === 'error' && <p class="error">Could not read orders: {summary.error}</p>}
      {summary.status === 'ready' && summary.value === null && (
        <p>
          Choose who you are in the{' '}
          <button type="button" class="link" onClick={openOptions}>
            options
          </button>{' '}
          to see your orders.
        </p>
      )}
      {summary.status === 'ready' && summary.value && (
        <>
          <dl class="counts">
            <div>
              <dt>In holding</dt>
              <dd data-testid="count-holding">{summary.value.inHolding}</dd>
            </div>
            <div>
              <dt>Overdue</dt>
              <dd data-testid="count-overdue" class={summary.value.overdue > 0 ? 'finding-critical' : ''}>
                {summary.value.overdue}
              </dd>
            </div>
            <div>
              <dt>Due for review</dt>
              <dd data-testid="count-review">{summary.value.dueForReview}</dd>
            </div>
          </dl>
          {summary.value.aging && <AgingChart bands={summary.value.aging} />}
          <h2>Most urgent</h2>
          {summary.value.urgent.length === 0 ? (
            <p class="muted">Nothing needs action.</p>
          ) : (
            <ol class="urgent">
              {summary.value.urgent.map((item) => (
                <li key={item.salesOrderNumber}>
                  <strong>{item.salesOrderNumber}</strong> · {item.customerName}{' '}
                  <span class="muted">· {formatAge(item.ageDays)}</span>
                  <div class="small finding-warning">{item.message}</div>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      <p>
        <button type="button" class="primary" onClick={openSidePanel}>
          Open side panel
        </button>
      </p>
    </main>
  );
}

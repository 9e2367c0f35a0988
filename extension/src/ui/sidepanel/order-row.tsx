import { headlineOf } from '../../data/finding-view.ts';
import type { ListEntry } from '../../data/order-list.ts';
import { formatAge } from '../shared/format.ts';
import { statusLabel } from '../shared/status-label.ts';

export const ROW_HEIGHT = 68;
export const HEADING_HEIGHT = 30;

/** One line of the order list: a group heading, or an order with its customer, age and one headline. */
export function OrderListRow({ entry }: { entry: ListEntry }) {
  if (entry.kind === 'heading') {
    return (
      <div class="group-heading">
        {entry.title}
        {entry.count !== undefined && <span class="muted"> ({entry.count})</span>}
      </div>
    );
  }
  const { item } = entry;
  const headline = headlineOf(item.findings);
  return (
    <div class="order-row">
      <div class="order-line">
        <strong>{item.salesOrderNumber}</strong>
        <span class="muted small">{formatAge(item.ageDays)}</span>
      </div>
      <div class="order-line small">
        <span class="ellipsis">{item.customerName}</span>
        <span class="muted nowrap">{statusLabel(item.status)}</span>
      </div>
      {headline && (
        <div class={`small ellipsis finding-${headline.severity}`}>
          {headline.text}
          {headline.more > 0 && <span class="muted"> +{headline.more}</span>}
        </div>
      )}
    </div>
  );
}

import type { ListEntry } from '../../data/order-list.ts';
import { formatAge } from '../shared/format.ts';
import { statusLabel } from '../shared/status-label.ts';

export const ROW_HEIGHT = 68;
export const HEADING_HEIGHT = 30;

/** One line of the order list: a group heading or an order summary. */
export function OrderListRow({ entry }: { entry: ListEntry }) {
  if (entry.kind === 'heading') {
    return (
      <div class="group-heading">
        {entry.title} <span class="muted">({entry.count})</span>
      </div>
    );
  }
  const { item } = entry;
  const worst = item.findings.find((f) => f.severity === 'critical') ?? item.findings[0];
  return (
    <div class="order-row">
      <div class="order-line">
        <strong>{item.salesOrderNumber}</strong>
        <span class="muted small">{formatAge(item.ageDays)}</span>
      </div>
      <div class="order-line small">
        <span class="ellipsis">{item.customerName}</span>
        <span class="muted">{statusLabel(item.status)}</span>
      </div>
      {worst && <div class={`small ellipsis finding-${worst.severity}`}>{worst.message}</div>}
    </div>
  );
}

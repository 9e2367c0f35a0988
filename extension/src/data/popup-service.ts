import { agingBands, type AgeBand } from './aging.ts';
import type { HoldfastStore } from '@holdfast/core/store';
import { needsAction, type OrderItem } from './order-list.ts';
import type { OrderWorld } from './order-world.ts';

// The popup's screen (and the badge, which the background computes from the same summary).

export interface HoldfastSummary {
  inHolding: number;
  overdue: number;
  dueForReview: number;
  /** Orders that need action, overdue first, then oldest. */
  urgent: OrderItem[];
  /** Orders waiting for their customer by age band, for the popup's chart. */
  aging: AgeBand[];
}

/** What the popup asks of the data layer. */
export interface PopupService {
  summary(memberId: string, now: Date): Promise<HoldfastSummary>;
}

export function createPopupService(store: HoldfastStore, { listItems }: OrderWorld): PopupService {
  return {
    async summary(memberId, now) {
      const items = await listItems(memberId, now);
      const due = await store.dueForReview(memberId, { now, limit: 10000 });
      const isOverdue = (i: OrderItem) => i.findings.some((f) => f.overdue);
      const urgent = items
        .filter(needsAction)
        .sort((a, b) => Number(isOverdue(b)) - Number(isOverdue(a)) || (a.since < b.since ? -1 : 1))
        .slice(0, 3);
      return {
        inHolding: items.filter((i) => i.status === 'in-holding').length,
        overdue: items.filter(isOverdue).length,
        dueForReview: due.rows.length,
        urgent,
        aging: agingBands(items),
      };
    },
  };
}

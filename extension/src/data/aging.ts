import type { OrderItem } from './order-list.ts';

/** One bar of the aging chart: orders still waiting for the customer, by days since they entered holding. */
export interface AgeBand {
  label: string;
  /** The band's first day, to filter the list to it and older. */
  fromDays: number;
  count: number;
  /** Of `count`, those past the holding threshold. */
  overdue: number;
}

const BANDS: readonly { label: string; fromDays: number }[] = [
  { label: '0–7 days', fromDays: 0 },
  { label: '8–30 days', fromDays: 8 },
  { label: '31–60 days', fromDays: 31 },
  { label: '61–90 days', fromDays: 61 },
  { label: 'over 90 days', fromDays: 91 },
];

const WAITING = new Set<OrderItem['status']>(['on-hold', 'in-holding', 'reassignment-in-progress']);

/** Counts the orders not yet delivered by age band, with the overdue among them. */
export function agingBands(items: readonly Pick<OrderItem, 'status' | 'ageDays' | 'findings'>[]): AgeBand[] {
  const bands = BANDS.map((b) => ({ ...b, count: 0, overdue: 0 }));
  for (const item of items) {
    if (!WAITING.has(item.status)) continue;
    let index = bands.length - 1;
    while (index > 0 && item.ageDays < bands[index]!.fromDays) index--;
    const band = bands[index]!;
    band.count++;
    if (item.findings.some((f) => f.overdue)) band.overdue++;
  }
  return bands;
}

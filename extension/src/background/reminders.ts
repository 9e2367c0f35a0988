import type { HoldfastService } from '../data/holdfast-service.ts';
import type { KeyValueArea } from '../data/preferences.ts';

export const REVIEW_ALARM = 'holdfast/review-reminder';
export const NOTIFIED_KEY = 'holdfast:notified-overdue';

/** The few extension APIs reminders use, so tests can pass fakes. */
export interface ReminderApi {
  setBadge(text: string): Promise<void>;
  /** The badge's colour and the toolbar button's tooltip, which say what the number counts. */
  setBadgeLook?(look: { color: string; title: string }): Promise<void>;
  notify(id: string, title: string, message: string): Promise<void>;
}

const BADGE_OVERDUE = '#cf222e';
const BADGE_QUIET = '#59636e';

/** Red with the overdue count; the tooltip says it in words ("31 overdue · 12 due for review"). */
export function badgeLook(summary: { overdue: number; dueForReview: number; inHolding: number }): {
  color: string;
  title: string;
} {
  const parts = [
    summary.overdue > 0 ? `${summary.overdue} overdue` : 'nothing overdue',
    ...(summary.dueForReview > 0 ? [`${summary.dueForReview} due for review`] : []),
    `${summary.inHolding} in holding`,
  ];
  return { color: summary.overdue > 0 ? BADGE_OVERDUE : BADGE_QUIET, title: `Holdfast: ${parts.join(' · ')}` };
}

/**
 * Updates the badge to the overdue count and notifies once per order that crossed the age
 * threshold. Which orders were already notified lives in storage, not in the worker's memory.
 */
export async function refreshReminders(
  service: HoldfastService,
  area: KeyValueArea,
  api: ReminderApi,
  now: Date,
  options: { reviewReminder: boolean },
): Promise<void> {
  const { memberId } = await service.preferences.read();
  if (!memberId) {
    await api.setBadge('');
    await api.setBadgeLook?.({ color: BADGE_QUIET, title: 'Holdfast: say who you are in the options' });
    return;
  }
  const summary = await service.summary(memberId, now);
  await api.setBadge(summary.overdue > 0 ? String(summary.overdue) : '');
  await api.setBadgeLook?.(badgeLook(summary));
  const { items } = await service.orders(memberId, now);
  const overdue = items.filter((i) => i.findings.some((f) => f.overdue)).map((i) => i.salesOrderNumber);
  const stored = (await area.get(NOTIFIED_KEY))[NOTIFIED_KEY];
  const notified = new Set(Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string') : []);
  const fresh = overdue.filter((n) => !notified.has(n));
  if (fresh.length === 1)
    await api.notify(
      `overdue:${fresh[0]}`,
      'Order overdue in holding',
      `Order ${fresh[0]} has passed the holding threshold.`,
    );
  else if (fresh.length > 1)
    await api.notify(
      `overdue:${now.toISOString()}`,
      'Orders overdue in holding',
      `${fresh.length} orders have passed the holding threshold.`,
    );
  // Keep only orders still overdue, so one that comes back later is notified again.
  await area.set({ [NOTIFIED_KEY]: overdue });
  const { reviewReminder } = await service.preferences.read();
  if (options.reviewReminder && reviewReminder && summary.dueForReview > 0) {
    await api.notify(
      `review:${now.toISOString()}`,
      'Holding review due',
      `${summary.dueForReview} orders in holding are due for review.`,
    );
  }
}

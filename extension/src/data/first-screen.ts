import type { ListEntry } from './order-list.ts';
import type { KeyValueArea } from './preferences.ts';

/**
 * The top of a member's unfiltered order list as the side panel last computed it. A reopened panel
 * shows it at once, marked as updating, while the fresh list (every visible order's listing read)
 * takes longer with thousands of orders.
 */
export interface FirstScreen {
  memberId: string;
  /** How many orders the member saw in all, for the count line; null when not counted (the oldest orders, read with nothing kept). */
  total: number | null;
  entries: ListEntry[];
}

export interface FirstScreenCache {
  read(): Promise<FirstScreen | null>;
  save(screen: FirstScreen): Promise<void>;
}

export const FIRST_SCREEN_KEY = 'holdfast:first-screen';
/** Enough rows to fill a full-height side panel. */
export const FIRST_SCREEN_ENTRIES = 50;

export const isFirstScreen = (value: unknown): value is FirstScreen =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as FirstScreen).memberId === 'string' &&
  Array.isArray((value as FirstScreen).entries);

/**
 * Kept in `chrome.storage.session`: in memory, per browser session, and cleared when the extension
 * updates, so a cached screen never outlives the code that wrote it nor reaches the disk.
 */
export function createFirstScreenCache(area: Pick<KeyValueArea, 'get' | 'set'>): FirstScreenCache {
  return {
    async read() {
      const stored = (await area.get(FIRST_SCREEN_KEY))[FIRST_SCREEN_KEY];
      return isFirstScreen(stored) ? stored : null;
    },
    save: ({ memberId, total, entries }) =>
      area.set({ [FIRST_SCREEN_KEY]: { memberId, total, entries: entries.slice(0, FIRST_SCREEN_ENTRIES) } }),
  };
}

/** Whether `kept` is the chosen member's own: the only kept screen the panel shows for them. */
export const isKeptFor = (kept: FirstScreen | null, memberId: string | null): kept is FirstScreen =>
  kept !== null && memberId !== null && kept.memberId === memberId;

/**
 * The kept first screen the side panel may show while its fresh list loads: only the chosen
 * member's own, and only while nothing is filtered (a kept screen is never a filtered one).
 */
export function keptScreenToShow(
  kept: FirstScreen | null,
  memberId: string | null,
  state: { freshListLoading: boolean; filtered: boolean },
): FirstScreen | null {
  if (!state.freshListLoading || state.filtered) return null;
  return isKeptFor(kept, memberId) ? kept : null;
}

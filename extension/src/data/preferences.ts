import { z } from 'zod';

/** What the user chose in the options page, kept in `chrome.storage.local` under one key. */
export const preferencesSchema = z.object({
  /** Who I am: the member whose roles scope every list. */
  memberId: z.string().nullable().default(null),
  /** Team sync is off by default: everything works offline. Turned on in the options, which also asks for the relay's origin. */
  syncEnabled: z.boolean().default(false),
  relayUrl: z.union([z.literal(''), z.url({ protocol: /^wss?$/ })]).default(''),
  relayToken: z.string().default(''),
  /** The notification when orders in holding are due for review (the badge shows either way). */
  reviewReminder: z.boolean().default(true),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const PREFERENCES_KEY = 'holdfast:preferences';

/** The part of `chrome.storage.local` preferences need; an in-memory map in tests. */
export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  onChanged: {
    addListener(listener: (changes: Record<string, unknown>) => void): void;
    removeListener(listener: (changes: Record<string, unknown>) => void): void;
  };
}

export interface PreferencesStore {
  read(): Promise<Preferences>;
  update(change: Partial<Preferences>): Promise<Preferences>;
  /** Calls `listener` when the preferences change, from any page; returns the unsubscribe function. */
  watch(listener: () => void): () => void;
}

export function createPreferences(area: KeyValueArea): PreferencesStore {
  const read = async (): Promise<Preferences> => {
    const stored = (await area.get(PREFERENCES_KEY))[PREFERENCES_KEY];
    const parsed = preferencesSchema.safeParse(stored ?? {});
    // A value written by an older version that no longer parses falls back to the defaults.
    return parsed.success ? parsed.data : preferencesSchema.parse({});
  };
  return {
    read,
    async update(change) {
      const next = preferencesSchema.parse({ ...(await read()), ...change });
      await area.set({ [PREFERENCES_KEY]: next });
      return next;
    },
    watch(listener) {
      const onChanged = (changes: Record<string, unknown>) => {
        if (PREFERENCES_KEY in changes) listener();
      };
      area.onChanged.addListener(onChanged);
      return () => area.onChanged.removeListener(onChanged);
    },
  };
}

/** A KeyValueArea in memory, for tests. */
export function memoryArea(): KeyValueArea {
  const items = new Map<string, unknown>();
  const listeners = new Set<(changes: Record<string, unknown>) => void>();
  return {
    get: async (key) => (items.has(key) ? { [key]: structuredClone(items.get(key)) } : {}),
    set: async (entries) => {
      for (const [key, value] of Object.entries(entries)) items.set(key, structuredClone(value));
      for (const listener of listeners)
        listener(Object.fromEntries(Object.keys(entries).map((key) => [key, { newValue: entries[key] }])));
    },
    onChanged: {
      addListener: (listener) => listeners.add(listener),
      removeListener: (listener) => listeners.delete(listener),
    },
  };
}

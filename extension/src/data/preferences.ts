import { z } from 'zod';

/** What the user chose in the options page, kept in `chrome.storage.local` under one key. */
export const preferencesSchema = z.object({
  /** Who I am: the member whose roles scope every list. */
  memberId: z.string().nullable().default(null),
  /** Sync stays off until the sync library ships; the relay address and token are only stored. */
  syncEnabled: z.boolean().default(false),
  relayUrl: z.union([z.literal(''), z.url({ protocol: /^wss?$/ })]).default(''),
  relayToken: z.string().default(''),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const PREFERENCES_KEY = 'holdfast:preferences';

/** The part of `chrome.storage.local` preferences need; an in-memory map in tests. */
export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export interface PreferencesStore {
  read(): Promise<Preferences>;
  update(change: Partial<Preferences>): Promise<Preferences>;
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
  };
}

/** A KeyValueArea in memory, for tests. */
export function memoryArea(): KeyValueArea {
  const items = new Map<string, unknown>();
  return {
    get: async (key) => (items.has(key) ? { [key]: structuredClone(items.get(key)) } : {}),
    set: async (entries) => {
      for (const [key, value] of Object.entries(entries)) items.set(key, structuredClone(value));
    },
  };
}

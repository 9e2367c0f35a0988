import type { KeyValueArea } from './preferences.ts';

/** What public/side-panel-early.js started before the page's module ran: a read per key. */
type EarlyReads = Partial<Record<string, Promise<Record<string, unknown>>>>;

const earlyReads = (): EarlyReads => (globalThis as { holdfastEarlyReads?: EarlyReads }).holdfastEarlyReads ?? {};

/**
 * The area, whose first read of `key` is the one the page's early script already asked for, if it
 * did: the answer is on its way, or in, by the time the module gets there. Later reads ask again.
 */
export function withEarlyRead(area: KeyValueArea, key: string, early: EarlyReads = earlyReads()): KeyValueArea {
  let pending = early[key];
  return {
    get(wanted) {
      const read = wanted === key ? pending : undefined;
      pending = undefined;
      return read ?? area.get(wanted);
    },
    set: (items) => area.set(items),
    onChanged: area.onChanged,
  };
}

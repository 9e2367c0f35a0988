import type { KeyValueArea } from './preferences.ts';

/**
 * What public/side-panel-early.js started before the page's module ran: a read per storage key,
 * and the background's answer to a request under its message type.
 */
type EarlyReads = Partial<Record<string, Promise<Record<string, unknown>>>>;

const earlyReads = (): EarlyReads => (globalThis as { holdfastEarlyReads?: EarlyReads }).holdfastEarlyReads ?? {};

/**
 * The answer the early script asked the background for under `name`, once: later callers ask
 * again themselves. Undefined when the script asked nothing (or the answer was already taken).
 */
export function takeEarlyAnswer(name: string, early: EarlyReads = earlyReads()): Promise<unknown> | undefined {
  const answer = early[name];
  early[name] = undefined;
  return answer;
}

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

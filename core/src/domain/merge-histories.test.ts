import { describe, expect, it } from 'vitest';
import { mergeHistories, missingEvents } from './merge-histories.ts';
import type { OrderEvent } from './order-event.ts';

const event = (id: string, at: string, by = 'm1'): OrderEvent => ({ id, type: 'reviewed', at, by });

describe('mergeHistories', () => {
  it('keeps every event of every log once, sorted by time then id, whatever order the logs come in', () => {
    const a = [event('b', '2026-01-02T00:00:00.000Z'), event('a', '2026-01-01T00:00:00.000Z')];
    const b = [event('c', '2026-01-02T00:00:00.000Z'), event('a', '2026-01-01T00:00:00.000Z', 'other')];
    expect(mergeHistories(a, b).map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(mergeHistories(b, a).map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });

  it('keeps the first copy of an event id it meets', () => {
    const trusted = [event('a', '2026-01-01T00:00:00.000Z', 'trusted')];
    const other = [event('a', '2026-01-01T00:00:00.000Z', 'other')];
    expect(mergeHistories(trusted, other)[0]!.by).toBe('trusted');
  });

  it('names the events a log lacks', () => {
    const known = [event('a', '2026-01-01T00:00:00.000Z')];
    const incoming = [event('a', '2026-01-01T00:00:00.000Z'), event('b', '2026-01-02T00:00:00.000Z')];
    expect(missingEvents(known, incoming).map((e) => e.id)).toEqual(['b']);
  });
});

import { describe, expect, it } from 'vitest';
import { createFirstScreenCache, FIRST_SCREEN_ENTRIES, FIRST_SCREEN_KEY, keptScreenToShow } from './first-screen.ts';
import type { ListEntry } from './order-list.ts';
import { memoryArea } from './preferences.ts';

const headings = (count: number): ListEntry[] =>
  Array.from({ length: count }, (_, i) => ({ kind: 'heading', key: `h:${i}`, title: `VA ${i}`, count: 1 }));

describe('the first screen kept for the next side panel', () => {
  it('gives back what was saved, for the member it was saved for', async () => {
    const cache = createFirstScreenCache(memoryArea());
    expect(await cache.read()).toBeNull();
    await cache.save({ memberId: 'acme:ana', total: 3, entries: headings(3) });
    expect(await cache.read()).toEqual({ memberId: 'acme:ana', total: 3, entries: headings(3) });
  });

  it('keeps only as many entries as fill a side panel', async () => {
    const cache = createFirstScreenCache(memoryArea());
    await cache.save({ memberId: 'acme:ana', total: 500, entries: headings(500) });
    const screen = await cache.read();
    expect(screen!.entries).toHaveLength(FIRST_SCREEN_ENTRIES);
    expect(screen!.total).toBe(500);
  });

  it('ignores a stored value that is not a first screen', async () => {
    const area = memoryArea();
    await area.set({ [FIRST_SCREEN_KEY]: { entries: 'nonsense' } });
    expect(await createFirstScreenCache(area).read()).toBeNull();
  });
});

describe('which kept first screen the side panel shows while its fresh list loads', () => {
  const kept = { memberId: 'acme:ana', total: 3, entries: headings(3) };
  const loading = { freshListLoading: true, filtered: false };

  it("shows the chosen member's own kept screen", () => {
    expect(keptScreenToShow(kept, 'acme:ana', loading)).toBe(kept);
  });

  it('never shows a first screen kept for another member, or before a member is known', () => {
    expect(keptScreenToShow(kept, 'acme:bo', loading)).toBeNull();
    expect(keptScreenToShow(kept, null, loading)).toBeNull();
  });

  it('shows no kept screen once the fresh list is there, or while a filter is set', () => {
    expect(keptScreenToShow(kept, 'acme:ana', { freshListLoading: false, filtered: false })).toBeNull();
    expect(keptScreenToShow(kept, 'acme:ana', { freshListLoading: true, filtered: true })).toBeNull();
  });
});
